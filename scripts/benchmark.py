"""Measure the speed and memory goals of the dashboard and print measured, goal and ratio as a table.

Run from the repository root (``make bench``)::

    .venv/bin/python scripts/benchmark.py [--scale full|tiny]

``full`` is what docs/performance.md reports: the demo store, a generated store of 20 rounds x 33
boroughs x 100 respondents, and a file of 1,000,000 answers. ``tiny`` runs every measurement on
small inputs in seconds, so a test can keep the script working; its figures mean nothing.
Goals that need a browser are listed as not measured by this script.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from survey.areas import load_boroughs  # noqa: E402
from survey.framework import Framework, load_framework  # noqa: E402

PAGES = ["views/overview.py", "views/borough.py", "views/peers.py", "views/clusters.py", "views/gaps.py",
         "views/readiness.py", "views/trends.py", "views/briefing.py", "views/method.py", "views/upload.py"]
SCALES = {  # rounds, boroughs, respondents per borough, responses in the ingest file
    "full": (20, 33, 100, 35_715),
    "tiny": (2, 5, 2, 200),
}


@dataclass(frozen=True)
class Row:
    goal: str
    measured: float | None  # None: not measured by this script
    target: float
    unit: str  # "s", "MB" or "x" (a ratio to a baseline)
    note: str = ""

    def cells(self) -> list[str]:
        if self.measured is None:
            return [self.goal, "not measured here", f"{self._format(self.target)}", "", self.note]
        met = "met" if self.measured <= self.target else "NOT MET"
        return [self.goal, self._format(self.measured), self._format(self.target),
                f"{self.measured / self.target:.2f}", f"{met}{'; ' + self.note if self.note else ''}"]

    def _format(self, value: float) -> str:
        return f"{value:.2f} {self.unit}" if self.unit != "MB" else f"{value:.0f} MB"


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def generated_answers(framework: Framework, rounds: int, boroughs: int, respondents: int, seed: int = 7) -> dict[str, pd.DataFrame]:
    """Seeded random rounds: each borough has a level of its own and respondents answer around it."""
    rng = np.random.default_rng(seed)
    codes = [b.ons_code for b in load_boroughs()][:boroughs]
    questions = list(framework.question_ids)
    result = {}
    for r in range(rounds):
        centre = rng.uniform(1.5, 4.5, size=len(codes))
        values = np.clip(np.rint(centre[:, None, None] + rng.normal(0, 0.8, size=(len(codes), respondents, len(questions)))), 1, 5)
        result[f"{2001 + r}"] = pd.DataFrame({
            "ons_code": np.repeat(codes, respondents * len(questions)),
            "respondent": np.tile(np.repeat([f"r{i}" for i in range(respondents)], len(questions)), len(codes)),
            "question_id": np.tile(questions, len(codes) * respondents),
            "value": values.ravel(),
        })
    return result


def _upload_csv(answers: pd.DataFrame) -> bytes:
    wide = answers.pivot_table(index=["ons_code", "respondent"], columns="question_id", values="value").reset_index()
    wide = wide.rename(columns={"ons_code": "borough"}).astype({q: int for q in wide.columns[2:]})
    buffer = io.StringIO()
    wide.to_csv(buffer, index=False)
    return buffer.getvalue().encode()


def _store_with(url: str, framework: Framework, rounds: dict[str, pd.DataFrame]) -> None:
    from survey.reading import read_survey
    from survey.store import SurveyStore

    store = SurveyStore(url)
    for label, answers in rounds.items():
        parsed = read_survey(_upload_csv(answers), framework, round_label=label)
        store.save_round(parsed, framework=framework, uploader="benchmark")
    store.engine.dispose()


def measure_derived(framework: Framework) -> list[Row]:
    """After a save: clusters with their stability, rank intervals and sensitivity, each from cold."""
    from models.clustering import MaturityClusters
    from models.scoring import score_round
    from models.sensitivity import sensitivity
    from models.uncertainty import RankUncertainty
    from survey.reading import read_survey

    parsed = read_survey(ROOT / "data" / "demo" / "survey_2025.csv", framework)
    answers = parsed.answers.merge(parsed.responses, on="response_id")
    scores = score_round(answers, framework)[list(framework.dimension_ids)]
    return [
        Row("after a save: clusters and stability (33 x 7, demo 2025)",
            _timed(lambda: MaturityClusters(framework).fit(scores)), 0.5, "s"),
        Row("after a save: rank intervals (demo 2025, 1,000 draws)",
            _timed(lambda: RankUncertainty(framework).fit(answers)), 1.0, "s"),
        Row("after a save: sensitivity (demo 2025)", _timed(lambda: sensitivity(answers, framework)), 1.0, "s"),
    ]


def measure_scale(framework: Framework, rounds: int, boroughs: int, respondents: int) -> list[Row]:
    """The generated store: rank intervals for one round, and every page's server time from cold caches."""
    from streamlit.testing.v1 import AppTest

    from models.uncertainty import RankUncertainty

    generated = generated_answers(framework, rounds, boroughs, respondents)
    last = list(generated)[-1]
    rows = [Row(f"{rounds} rounds x {boroughs} x {respondents}: rank intervals for one round",
                _timed(lambda: RankUncertainty(framework).fit(generated[last])), 2.0, "s")]
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/scale.sqlite"
        _store_with(url, framework, generated)
        os.environ["DATABASE_URL"] = url
        for page in PAGES:
            import streamlit as st
            st.cache_data.clear()
            st.cache_resource.clear()
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
            at.run()
            seconds = _timed(lambda: at.switch_page(page).run())
            if at.exception:
                raise SystemExit(f"{page} failed on the generated store: {at.exception[0].message}")
            rows.append(Row(f"{rounds}-round store: {Path(page).stem} page, cold", seconds, 2.0, "s"))
    return rows


def measure_widget_change(framework: Framework) -> list[Row]:
    """Server time of a widget change on the demo store, caches warm (what a person clicking waits for)."""
    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory() as folder:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/demo.sqlite"
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        at.run()
        at.selectbox(key="measure").set_value("data").run()  # warm every cache the change touches
        rows = [Row("widget change: measure on the Overview (server)",
                    _timed(lambda: at.selectbox(key="measure").set_value("cyber").run()), 0.3, "s")]
        at.selectbox(key="round").set_value("2024").run()
        at.selectbox(key="round").set_value("2025").run()
        rows.append(Row("widget change: round on the Overview (server)",
                        _timed(lambda: at.selectbox(key="round").set_value("2024").run()), 0.3, "s"))
        at.switch_page("views/readiness.py").run()
        at.selectbox(key="pilot").set_value("damp_sensors").run()
        at.selectbox(key="pilot").set_value("lowcode_casework").run()
        rows.append(Row("widget change: pilot on Pilot readiness (server)",
                        _timed(lambda: at.selectbox(key="pilot").set_value("damp_sensors").run()), 0.3, "s"))
    return rows


def measure_ingest(framework: Framework, responses: int) -> list[Row]:
    """Read, validate, score and store a large file, against a plain pandas.read_csv of the same file."""
    from models.scoring import score_round
    from survey.reading import read_survey
    from survey.settings import load_settings
    from survey.store import SurveyStore

    boroughs = max(1, responses // 1000)
    answers = generated_answers(framework, 1, min(33, boroughs), max(1, responses // min(33, boroughs)))["2001"]
    data = _upload_csv(answers)
    answered = len(answers)
    baseline = _timed(lambda: pd.read_csv(io.BytesIO(data)))
    os.environ["SURVEY_MAX_ROWS"] = str(responses + 10)
    os.environ["SURVEY_MAX_UPLOAD_MB"] = str(max(20, len(data) // 1_000_000 + 10))
    limits = load_settings().upload_limits
    with tempfile.TemporaryDirectory() as folder:
        store = SurveyStore(f"sqlite:///{folder}/ingest.sqlite")

        def ingest() -> None:
            parsed = read_survey(data, framework, round_label="2001", limits=limits)
            if not parsed.ok:
                raise SystemExit(f"the generated file did not validate: {parsed.errors[0].message}")
            score_round(parsed.answers.merge(parsed.responses, on="response_id"), framework)
            store.save_round(parsed, framework=framework, uploader="benchmark")

        seconds = _timed(ingest)
    return [Row(f"ingest {answered:,} answers: read, validate, score, store vs pandas.read_csv", seconds / baseline, 3.0,
                "x", f"{seconds:.1f} s vs {baseline:.2f} s")]


def measure_memory(scale_rounds: int) -> list[Row]:
    """Peak resident memory of a fresh process that opens every page on the demo store."""
    script = f"""
import os, re, sys, tempfile
sys.path.insert(0, {str(ROOT)!r})
os.environ["DATABASE_URL"] = f"sqlite:///{{tempfile.mkdtemp()}}/demo.sqlite"
from streamlit.testing.v1 import AppTest
at = AppTest.from_file({str(ROOT / 'app.py')!r}, default_timeout=600)
at.run()
for page in {PAGES!r}:
    at.switch_page(page).run()
status = open("/proc/self/status").read()
print(int(re.search(r"^VmHWM:\\s+(\\d+) kB", status, re.MULTILINE).group(1)) // 1024)
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=1200)
    if result.returncode != 0:
        raise SystemExit(result.stderr[-2000:])
    return [Row("memory: peak of a process visiting every page (demo store)", float(result.stdout.split()[-1]), 400, "MB",
                "AppTest in one process, not a browser session")]


def measure_sqlite_read_during_write(framework: Framework) -> list[Row]:
    """A read while another connection holds an open write transaction on the same SQLite file."""
    from survey.store import SurveyStore

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/wal.sqlite"
        _store_with(url, framework, generated_answers(framework, 1, 3, 1))
        store = SurveyStore(url)
        writer = store.engine.connect()
        writer.begin()
        writer.exec_driver_sql("UPDATE rounds SET deleted = 0")
        seconds: list[float] = []
        reader = threading.Thread(target=lambda: seconds.append(_timed(lambda: SurveyStore(url).rounds())))
        reader.start()
        reader.join(timeout=60)
        writer.rollback()
        writer.close()
        reader.join()
    return [Row("SQLite: a read during an open write", seconds[0], 0.1, "s")]


NOT_MEASURED = [
    Row("fresh visit of every page vs a bare 33-borough map page (Chromium)", None, 1.3, "x", "needs the browser run"),
    Row("widget change until drawn in Chromium", None, 0.5, "s", "needs the browser run"),
    Row("20 simultaneous sessions opening the Overview vs one", None, 3.0, "x", "needs the browser run"),
    Row("memory after every page on the 20-round store", None, 1000, "MB", "not yet measured"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=list(SCALES), default="full")
    args = parser.parse_args()
    rounds, boroughs, respondents, responses = SCALES[args.scale]
    framework = load_framework()
    rows = [*measure_derived(framework), *measure_widget_change(framework),
            *measure_scale(framework, rounds, boroughs, respondents), *measure_ingest(framework, responses),
            *measure_memory(rounds), *measure_sqlite_read_during_write(framework), *NOT_MEASURED]
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; scale {args.scale}\n")
    header = ["what", "measured", "goal", "ratio", "status"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row.cells()) + " |")


if __name__ == "__main__":
    main()
