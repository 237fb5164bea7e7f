"""Measure the speed and memory goals of the dashboard and print measured, goal and ratio as a table.

Run from the repository root (``make bench``)::

    .venv/bin/python scripts/benchmark.py [--scale full|tiny] [--only GROUP ...]

``full`` is what docs/performance.md reports: the demo store, a generated store of 20 rounds x 33
boroughs x 100 respondents, a file of 1,000,000 answers, and Chromium (Debian's, driven by
Playwright) against the dashboard and a bare map page served on loopback ports. ``tiny`` runs
every measurement on small inputs, so a test can keep the script working; its figures mean nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from survey.areas import load_boroughs  # noqa: E402
from survey.framework import Framework, load_framework  # noqa: E402

PAGES = ["views/overview.py", "views/borough.py", "views/peers.py", "views/clusters.py", "views/gaps.py",
         "views/readiness.py", "views/trends.py", "views/explore.py", "views/briefing.py", "views/method.py",
         "views/upload.py"]
GROUPS = ("derived", "widgets", "scale", "ingest", "memory", "maps", "areas", "sqlite", "browser")
SCALES = {  # rounds, boroughs, respondents per borough, responses in the ingest file
    "full": (20, 33, 100, 35_715),
    "tiny": (2, 5, 2, 200),
}
SETTLE_LIMITS = {"full": 10.0, "tiny": 0.0}  # seconds to wait for an idle machine before a browser visit
_scale = "full"  # the run's scale (main sets it)
AREA_SET_SCALES = {  # the large area set measured: its name, rounds, respondents per area, fresh visits
    "full": ("england", 2, 3, 5),
    "tiny": ("greater-manchester", 1, 1, 1),
}


@dataclass(frozen=True)
class Row:
    goal: str
    measured: float | None  # None: not measured by this script
    target: float
    unit: str  # "s", "MB" or "x" (a ratio to a baseline)
    note: str = ""
    breakdown: bool = False  # says where a goal's time goes; not a goal of its own

    def cells(self) -> list[str]:
        if self.measured is None:
            return [self.goal, "not measured here", f"{self._format(self.target)}", "", self.note]
        if self.breakdown:
            return [self.goal, self._format(self.measured), f"({self._format(self.target)})", "",
                    f"a breakdown, not a goal; {self.note}"]
        met = "met" if self.measured <= self.target else "NOT MET"
        return [self.goal, self._format(self.measured), self._format(self.target),
                f"{self.measured / self.target:.2f}", f"{met}{'; ' + self.note if self.note else ''}"]

    def _format(self, value: float) -> str:
        return f"{value:.2f} {self.unit}" if self.unit != "MB" else f"{value:.0f} MB"


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def generated_answers(framework: Framework, rounds: int, boroughs: int, respondents: int,
                      seed: int = 7) -> dict[str, pd.DataFrame]:
    """Seeded random rounds: each borough has a level of its own and respondents answer around it."""
    rng = np.random.default_rng(seed)
    codes = [b.ons_code for b in load_boroughs()][:boroughs]
    questions = list(framework.question_ids)
    result = {}
    for r in range(rounds):
        centre = rng.uniform(1.5, 4.5, size=len(codes))
        noise = rng.normal(0, 0.8, size=(len(codes), respondents, len(questions)))
        values = np.clip(np.rint(centre[:, None, None] + noise), 1, 5)
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
        store.save_round(parsed, framework=framework, uploader="benchmark", publish=True)
    store.engine.dispose()


def _keep_derived(url: str, framework: Framework) -> None:
    """What the first visitor of each round does: read its answers, score them and fit rank intervals
    (with the dashboard's settings), and keep both."""
    from models.stored import round_rank_intervals, round_scores
    from models.uncertainty import RankUncertainty
    from survey.settings import load_settings
    from survey.store import SurveyStore

    store = SurveyStore(url)
    settings = load_settings()
    for row in store.rounds().itertuples(index=False):
        answers = cache(partial(store.answers, row.round))
        round_scores(store, row.round, int(row.version), framework, answers)
        round_rank_intervals(store, row.round, int(row.version), RankUncertainty.from_settings(framework, settings), answers)
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
        rows.append(Row(f"{rounds}-round store: a round's scores and rank intervals worked out and kept (its first visitor), "
                        "mean per round",
                        _timed(lambda: _keep_derived(url, framework)) / rounds, 1.0, "s",
                        "once per saved version; later visits, in any process, read them"))
        os.environ["DATABASE_URL"] = url
        for page in PAGES:
            import streamlit as st
            st.cache_data.clear()
            st.cache_resource.clear()
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
            at.run()
            seconds = _timed(lambda at=at, page=page: at.switch_page(page).run())
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
    """Read, validate, score and store a large file, against a plain pandas.read_csv of the same file;
    then each stage, and the least that reading the cells as text and a safe store write can take."""
    from models.scoring import score_round
    from survey.reading import read_survey
    from survey.settings import load_settings
    from survey.store import SurveyStore

    boroughs = max(1, responses // 1000)
    answers = generated_answers(framework, 1, min(33, boroughs), max(1, responses // min(33, boroughs)))["2001"]
    data = _upload_csv(answers)
    answered = len(answers)
    # The bare read takes hundredths of a second, where one run can be off by half: the median of five.
    baseline = median(_timed(lambda: pd.read_csv(io.BytesIO(data))) for _ in range(5))
    os.environ["SURVEY_MAX_ROWS"] = str(responses + 10)
    os.environ["SURVEY_MAX_CELLS"] = str((responses + 10) * (len(framework.question_ids) + 2))  # borough, respondent
    os.environ["SURVEY_MAX_UPLOAD_MB"] = str(max(20, len(data) // 1_000_000 + 10))
    limits = load_settings().upload_limits
    with tempfile.TemporaryDirectory() as folder:
        store = SurveyStore(f"sqlite:///{folder}/ingest.sqlite")
        parsed = None

        def read() -> None:
            nonlocal parsed
            parsed = read_survey(data, framework, round_label="2001", limits=limits)
            if not parsed.ok:
                raise SystemExit(f"the generated file did not validate: {parsed.errors[0].message}")

        stages = {"read and validate (survey.reading.read_survey)": _timed(read)}
        stages["score (models.scoring.score_round)"] = _timed(
            lambda: score_round(parsed.answers.merge(parsed.responses, on="response_id"), framework))
        stages["store (SurveyStore.save_round, one transaction)"] = _timed(
            lambda: store.save_round(parsed, framework=framework, source_bytes=data, uploader="benchmark", publish=True))
        store.engine.dispose()
        text = median(_timed(lambda: _arrow_text_read(data)) for _ in range(5))
        write = median(_bare_sqlite_write(Path(folder) / f"bare{n}.sqlite", parsed, data) for n in range(5))
    seconds = sum(stages.values())
    rows = [Row(f"ingest {answered:,} answers: read, validate, score, store vs pandas.read_csv", seconds / baseline, 3.0,
                "x", f"{seconds:.2f} s vs {baseline:.3f} s (median of 5)")]
    rows += [Row(f"ingest stage: {stage} vs pandas.read_csv", stage_seconds / baseline, 3.0, "x", f"{stage_seconds:.2f} s",
                 breakdown=True) for stage, stage_seconds in stages.items()]
    rows.append(Row("ingest floor: every cell read as text (Arrow's CSV reader, no checks) vs pandas.read_csv",
                    text / baseline, 3.0, "x", f"{text:.3f} s (median of 5)", breakdown=True))
    rows.append(Row("ingest floor: the same responses (a row each), answers (a byte each) and file written in one bare "
                    "SQLite transaction (no checks) vs pandas.read_csv", write / baseline, 3.0, "x",
                    f"{write:.3f} s (median of 5)",
                    breakdown=True))
    return rows


def _arrow_text_read(data: bytes) -> None:
    """Every cell of the file as text, the least a reader that quotes a wrong cell back must do."""
    import pyarrow as pa
    from pyarrow import csv

    names = data[:data.index(b"\n")].decode().strip().split(",")
    csv.read_csv(io.BytesIO(data), convert_options=csv.ConvertOptions(column_types={name: pa.string() for name in names}))


def _bare_sqlite_write(path: Path, parsed, data: bytes) -> float:
    """Seconds for what a save must write at the least, in one transaction of the standard library's
    sqlite3 with the store's journal settings: the responses a row each, the answers as one matrix of a
    byte each (the store keeps 8) and the file's bytes."""
    import sqlite3

    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("CREATE TABLE responses (id INTEGER PRIMARY KEY, version_id INTEGER, ons_code TEXT, "
                       "respondent TEXT, role TEXT, source_row INTEGER)")
    connection.execute("CREATE TABLE answer_sets (version_id INTEGER PRIMARY KEY, matrix BLOB, source BLOB)")
    responses = parsed.responses
    # The least each answer can take: one byte (levels 1-5, 0 for none), laid out before the clock starts.
    matrix = parsed.answers.pivot(index="response_id", columns="question_id", values="value").fillna(0).to_numpy(dtype="i1")
    start = time.perf_counter()
    people = list(zip([1] * len(responses), responses["ons_code"].tolist(), responses["respondent"].tolist(),
                      responses["role"].tolist(), responses["source_row"].tolist()))
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany("INSERT INTO responses (version_id, ons_code, respondent, role, source_row) "
                           "VALUES (?, ?, ?, ?, ?)", people)
    connection.execute("INSERT INTO answer_sets VALUES (1, ?, ?)", (matrix.tobytes(), data))
    connection.execute("COMMIT")
    seconds = time.perf_counter() - start
    connection.close()
    return seconds


def _peak_memory(url: str) -> float:
    """Peak resident memory (MB) of a fresh process that opens every page on the store at ``url``."""
    script = f"""
import os, re, sys
sys.path.insert(0, {str(ROOT)!r})
os.environ["DATABASE_URL"] = {url!r}
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
    return float(result.stdout.split()[-1])


def measure_memory(framework: Framework, rounds: int, boroughs: int, respondents: int) -> list[Row]:
    """Peak memory of a process visiting every page, on the demo store and on the generated store."""
    with tempfile.TemporaryDirectory() as folder:
        demo = _peak_memory(f"sqlite:///{folder}/demo.sqlite")
        url = f"sqlite:///{folder}/scale.sqlite"
        _store_with(url, framework, generated_answers(framework, rounds, boroughs, respondents))
        scale = _peak_memory(url)
    note = "AppTest in one process, not a browser session"
    return [Row("memory: peak of a process visiting every page (demo store)", demo, 400, "MB", note),
            Row(f"memory: peak of a process visiting every page ({rounds}-round store, cold)", scale, 1000, "MB", note)]


# Draws a page's map at its three widths in a fresh process and prints, as JSON, the number of areas, the seconds
# the first map took (the boundaries read, each width's frame and label places worked out, the SVGs written), the
# seconds a second map took (a new view of the same areas: its SVGs alone, as after a widget change) and the SVGs'
# sizes in KiB.
_MAP_DRAWING = f"""
import json, sys, time
sys.path.insert(0, {str(ROOT)!r})
from figures.map_spec import MapSpec
from figures.maps import SHOWN_WIDTHS_PX, map_frame
from figures.svg_maps import map_svg
from survey.boundaries import load_boundaries

def spec(level):
    table = load_boundaries().reset_index()[["ons_code", "name"]].assign(Level=level, Score="2.50")
    return MapSpec("Level", table, "Level", (level,), {{level: "#41b6c4"}}, {{level: "3"}}, ("Score", "Level"), "A map.")

start = time.perf_counter()
first = [map_svg(spec("Developing"), map_frame(width), clickable=True) for width in SHOWN_WIDTHS_PX]
cold = time.perf_counter() - start
start = time.perf_counter()
[map_svg(spec("Embedded"), map_frame(width), clickable=True) for width in SHOWN_WIDTHS_PX]
warm = time.perf_counter() - start
print(json.dumps({{"areas": len(load_boundaries()), "cold": cold, "warm": warm,
                  "kib": [round(len(svg.encode()) / 1024) for svg in first]}}))
"""
MAP_SETS = {"the default area set": {}, "England's (SURVEY_AREA_SET=england)": {"SURVEY_AREA_SET": "england"}}


def measure_maps() -> list[Row]:
    """Server time to draw a page's map at the three widths a page sends, for London's boroughs and England's 296
    district and unitary councils: the first map of a process, and a further one."""
    rows: list[Row] = []
    drawn_areas = set()
    for name, env in MAP_SETS.items():
        result = subprocess.run([sys.executable, "-c", _MAP_DRAWING], capture_output=True, text=True, cwd=ROOT,
                                env={**os.environ, **env}, timeout=600)
        if result.returncode != 0:
            raise SystemExit(result.stderr[-2000:])
        drawn = json.loads(result.stdout.splitlines()[-1])
        if drawn["areas"] in drawn_areas:  # the variable named a set this version does not have: the default drawn again
            rows.append(Row(f"maps: {name}, three widths", None, 1.0, "s", "no such area set here"))
            continue
        drawn_areas.add(drawn["areas"])
        sizes = f"SVG {' + '.join(map(str, drawn['kib']))} KiB"
        rows.append(Row(f"maps: {drawn['areas']} areas at three widths, the first map of a process (server)",
                        drawn["cold"], 1.0, "s", f"frames and label places worked out; {sizes}"))
        rows.append(Row(f"maps: {drawn['areas']} areas at three widths, a further map (server)", drawn["warm"], 0.3, "s",
                        "a new view, as after a widget change"))
    return rows


# Stores ``rounds`` generated rounds of every area of the active set (SURVEY_AREA_SET) with ``respondents`` each in
# the SQLite file argv[1], works out and keeps each round's scores and rank intervals (as its first visitor does),
# then opens every page from cold caches in AppTest, and prints, as JSON, the number of areas, the seconds per round
# kept and each page's seconds.
_AREA_SET_PAGES = f"""
import json, sys, time
sys.path.insert(0, {str(ROOT)!r})
import streamlit as st
from streamlit.testing.v1 import AppTest
from scripts.benchmark import PAGES, _keep_derived, _store_with, generated_answers
from survey.areas import load_boroughs
from survey.framework import load_framework
import os
os.environ["DATABASE_URL"] = "sqlite:///" + sys.argv[1]
framework = load_framework()
_store_with(os.environ["DATABASE_URL"], framework,
            generated_answers(framework, int(sys.argv[2]), len(load_boroughs()), int(sys.argv[3])))
start = time.perf_counter()
_keep_derived(os.environ["DATABASE_URL"], framework)
kept = (time.perf_counter() - start) / int(sys.argv[2])
seconds = {{}}
for page in PAGES:
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file({str(ROOT / "app.py")!r}, default_timeout=600)
    at.run()
    start = time.perf_counter()
    at.switch_page(page).run()
    seconds[page] = time.perf_counter() - start
    if at.exception:
        raise SystemExit(page + " failed: " + at.exception[0].message)
print(json.dumps({{"areas": len(load_boroughs()), "kept": kept, "seconds": seconds}}))
"""


def measure_area_set(name: str, rounds: int, respondents: int, visits: int) -> list[Row]:
    """A large area set (England's 296 councils): every page's server time from cold caches on a store of
    ``rounds`` rounds with ``respondents`` for every area, and the Overview's fresh visit in Chromium against
    London's on the demo store (paired visits, as the browser group's)."""
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / f"{name}.sqlite"
        env = {"SURVEY_AREA_SET": name}
        result = subprocess.run([sys.executable, "-c", _AREA_SET_PAGES, str(store), str(rounds), str(respondents)],
                                capture_output=True, text=True, cwd=ROOT, env={**os.environ, **env}, timeout=1800)
        if result.returncode != 0:
            raise SystemExit(result.stderr[-2000:])
        drawn = json.loads(result.stdout.splitlines()[-1])
        label = (f"area set {name}, {drawn['areas']} areas x {respondents} respondent{'s' * (respondents != 1)}, "
                 f"{rounds} round{'s' * (rounds > 1)}")
        rows.append(Row(f"{label}: a round's scores and rank intervals worked out and kept (its first visitor), mean per "
                        "round", drawn["kept"], 1.0, "s", "once per saved version; later visits, in any process, read them"))
        for page, seconds in drawn["seconds"].items():
            rows.append(Row(f"{label}: {Path(page).stem} page, cold (server)", seconds, 2.0, "s"))
        if not CHROMIUM.exists():
            return [*rows, Row(f"fresh visit: {name}'s overview vs London's", None, 1.5, "x",
                               f"Chromium not found at {CHROMIUM}")]
        from playwright.sync_api import sync_playwright

        with _serving(_Server(ROOT / "app.py", {"DATABASE_URL": f"sqlite:///{folder}/london.sqlite"},
                              Path(folder) / "london.log"),
                      _Server(ROOT / "app.py", {**env, "DATABASE_URL": f"sqlite:///{store}"}, Path(folder) / "set.log")
                      ) as (london, other), sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            _fresh_visit(browser, london)  # warm the servers' caches: the goal is the browser's first visit
            _fresh_visit(browser, other)
            pairs = [(_fresh_visit(browser, london), _fresh_visit(browser, other)) for _ in range(visits)]
            browser.close()
        rows.append(Row(f"fresh visit: {label}, overview vs London's overview (demo store)",
                        median(theirs / londons for londons, theirs in pairs), 1.5, "x",
                        f"median of {len(pairs)} paired visits; {name} {median(t for _, t in pairs):.2f} s, "
                        f"London {median(london_seconds for london_seconds, _ in pairs):.2f} s"))
    return rows


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


CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-quic"]
BROWSER_PAGES = {  # URL path: page; every page a person in local mode can open
    "": "overview", "borough": "borough", "peers": "peers", "clusters": "clusters", "gaps": "gaps",
    "readiness": "readiness", "trends": "trends", "explore": "explore", "briefing": "briefing", "method": "method",
    "upload": "upload",
}
BROWSER_SCALES = {  # pages visited, fresh visits per page, simultaneous sessions, frame parts measured alone
    "full": (list(BROWSER_PAGES), 5, 20, None),  # None: every part of scripts/frame_page.py
    "tiny": ([""], 1, 2, ["html"]),
}
# In the page: resolves with performance.now() (milliseconds since the navigation began) at the first
# moment the page was drawn and stayed so for STABLE_MS: the script run over (no running status,
# skeleton or spinner), content present, every chart and map in the main column drawn (written into its
# component's shadow root by the component's script once that has run; the drop zone's repair on the
# Upload page draws nothing) and as many maps as legends.
STABLE_MS = 300
DRAWN = """(stable) => new Promise((resolve, reject) => {
  const given = performance.now() + 120000;
  const figures = () => [...document.querySelectorAll(
    '[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]:not(.st-key-drop_zone_role) '
    + '[data-testid="stBidiComponentIsolated"]')];
  const drawn = () => {
    const busy = '[data-testid="stStatusWidget"], [data-testid="stSkeleton"], [data-testid="stSpinner"]';
    if (document.querySelector(busy)) return false;
    const all = figures();
    if (!all.every(c => c.shadowRoot && c.shadowRoot.querySelector('svg'))) return false;
    const plotly = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];  // Explore: drawn by plotly.js
    if (!plotly.every(c => c.querySelector('.js-plotly-plot .scatterlayer .point'))) return false;
    const shown = all.filter(c => c.shadowRoot.querySelector('svg.borough-map, svg.still-map')).length;
    if (!document.querySelector('[data-testid="stMainBlockContainer"] h1') && shown === 0) return false;
    return shown >= document.querySelectorAll('.map-legend').length;
  };
  let since = null;
  const poll = () => {
    if (!drawn()) since = null;
    else if (since === null) since = performance.now();
    else if (performance.now() - since >= stable) return resolve(since);
    if (performance.now() > given) return reject(new Error("the page was not drawn within 120 s of navigation"));
    setTimeout(poll, 20);
  };
  poll();
})"""
# Resolves with the milliseconds from the click that chose a new option to the moment the map's legend
# names the new measure (the updated view is drawn).
CHANGE_DRAWN = """(label) => new Promise(resolve => {
  const poll = () => {
    const titles = [...document.querySelectorAll('.map-legend p')].map(t => t.textContent);
    if (window.__changeStart !== undefined && titles.some(t => t.includes(label))) {
      return resolve(performance.now() - window.__changeStart);
    }
    setTimeout(poll, 10);
  };
  poll();
})"""
MARK_CLICK = ("() => document.addEventListener('mousedown', () => { window.__changeStart = performance.now(); }, "
              "{capture: true, once: true})")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Server:
    """``streamlit run`` of a script on a free loopback port: started, waited for until it answers, stopped on exit."""

    def __init__(self, script: Path, env: dict[str, str], log: Path) -> None:
        self.script, self.env, self.log = script, env, log

    def start(self) -> None:
        self.url = f"http://127.0.0.1:{_free_port()}"
        self.output = open(self.log, "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(self.script), "--server.port", self.url.rsplit(":", 1)[1],
             "--server.headless", "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env={**os.environ, **self.env}, stdout=self.output, stderr=subprocess.STDOUT)

    def answering(self) -> str:
        """The server's URL once its health check answers (within 90 s)."""
        import urllib.request

        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2).read() == b"ok":
                    return self.url
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"{self.script.name} did not start within 90 s (log: {self.log})")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.output.close()


@contextlib.contextmanager
def _serving(*servers: _Server) -> Iterator[list[str]]:
    """Start ``servers`` side by side (each spends its first seconds importing), yield their URLs once all answer,
    stop them all on exit."""
    with contextlib.ExitStack() as stack:
        for server in servers:
            server.start()
            stack.callback(server.stop)
        yield [server.answering() for server in servers]


def _settle(idle: float = 0.15, window: float = 0.25) -> None:
    """Wait until the machine is nearly idle (a closed context's processes exit, a server finishes a run):
    one visit keeps both cores of this machine busy, so whatever the last visit left running would slow the next.
    At most ``SETTLE_LIMITS`` of the run's scale: a tiny run, beside other tests, would otherwise wait its whole
    limit before every visit."""
    cores, deadline = os.cpu_count() or 1, time.monotonic() + SETTLE_LIMITS[_scale]
    while time.monotonic() < deadline:
        before = _busy_cpu_seconds()
        time.sleep(window)
        if (_busy_cpu_seconds() - before) / (window * cores) < idle:
            return


def _fresh_visit(browser, url: str) -> float:
    """Seconds from navigation to drawn, in a new browser context (no cache, no session), started on a
    settled machine."""
    return _fresh_visit_work(browser, url)[0]


def _fresh_visit_work(browser, url: str) -> tuple[float, float]:
    """A fresh visit's seconds to drawn and the seconds its page's main thread was busy until then
    (Chromium's ``TaskDuration``): the second is far steadier than the first from visit to visit, and
    says what a page costs the machine where the first mostly says what the machine was doing."""
    _settle()
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    devtools = context.new_cdp_session(page)
    devtools.send("Performance.enable")
    page.goto(url)
    milliseconds = page.evaluate(DRAWN, STABLE_MS)
    busy = next(m["value"] for m in devtools.send("Performance.getMetrics")["metrics"] if m["name"] == "TaskDuration")
    context.close()
    return milliseconds / 1000, busy


def _busy_cpu_seconds() -> float:
    """CPU seconds the whole machine has spent busy since it started (Linux ``/proc/stat``)."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, Path("/proc/stat").read_text().split()[1:9])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _process_cpu_seconds(pid: int) -> float:
    """CPU seconds one process has used (its user and system time, ``/proc/<pid>/stat``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _visit_cost(browser, url: str, server_pid: int) -> tuple[float, float]:
    """CPU seconds one fresh visit costs the machine (browser, server and all, until it is idle again) and
    the server alone."""
    _settle()
    machine, server = _busy_cpu_seconds(), _process_cpu_seconds(server_pid)
    _fresh_visit(browser, url)
    _settle()
    return _busy_cpu_seconds() - machine, _process_cpu_seconds(server_pid) - server


def _widget_change(browser, url: str, measures: list[str]) -> list[float]:
    """Seconds from choosing each measure on the Overview until its map is drawn."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(url)
    page.evaluate(DRAWN, STABLE_MS)
    seconds = []
    for measure in measures:
        page.get_by_role("combobox", name="Measure").click()
        page.evaluate(MARK_CLICK)
        page.get_by_role("option", name=measure, exact=True).click()
        seconds.append(page.evaluate(CHANGE_DRAWN, f"{measure} level") / 1000)
        page.evaluate(DRAWN, STABLE_MS)
    context.close()
    return seconds


async def _simultaneous(url: str, sessions: int) -> list[float]:
    """Seconds to drawn for ``sessions`` browser contexts opening the same page at the same moment."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        pages = []
        for _ in range(sessions):
            context = await browser.new_context(viewport={"width": 1400, "height": 900})
            pages.append(await context.new_page())

        async def visit(page) -> float:
            await page.goto(url, timeout=300_000)
            return await page.evaluate(DRAWN, STABLE_MS) / 1000

        import asyncio
        seconds = await asyncio.gather(*(visit(page) for page in pages))
        await browser.close()
    return list(seconds)


def measure_browser(paths: list[str], repeats: int, sessions: int, parts: list[str] | None) -> list[Row]:
    """Fresh visits against the bare map page, a widget change until drawn, and simultaneous sessions,
    all in Debian's Chromium against a dashboard on the demo store."""
    import asyncio

    if not CHROMIUM.exists():
        return [Row("browser goals", None, 0, "s", f"Chromium not found at {CHROMIUM}")]
    from playwright.sync_api import sync_playwright

    from scripts.frame_page import ALTERNATIVE_PARTS, FRAME_PARTS

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        env = {"DATABASE_URL": f"sqlite:///{folder}/demo.sqlite"}
        server = _Server(ROOT / "app.py", env, Path(folder) / "app.log")
        with _serving(server, _Server(ROOT / "scripts" / "bare_map_page.py", env, Path(folder) / "bare.log"),
                      _Server(ROOT / "scripts" / "frame_page.py", env, Path(folder) / "frame.log")) as (app, bare, frame):
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                for path in dict.fromkeys(["", *paths]):  # warm the server's caches: the goal is the browser's first visit
                    _fresh_visit(browser, f"{app}/{path}")
                _fresh_visit(browser, bare)
                _fresh_visit(browser, frame)
                # Each visit of a page is paired with a visit of the bare page just before it, so the ratio
                # compares the two under the same conditions (the machine's load drifts over a run).
                worked = {path: [(_fresh_visit_work(browser, bare), _fresh_visit_work(browser, f"{app}/{path}"))
                                 for _ in range(repeats)] for path in paths}
                pairs = {path: [(b[0], p[0]) for b, p in visits] for path, visits in worked.items()}
                busy = {path: (median(b[1] for b, _ in visits), median(p[1] for _, p in visits))
                        for path, visits in worked.items()}
                framed = [(_fresh_visit(browser, bare), _fresh_visit(browser, frame)) for _ in range(repeats)]
                described = {part: text for part, text in {**FRAME_PARTS, **ALTERNATIVE_PARTS}.items()
                             if parts is None or part in parts}
                parted = {part: [(_fresh_visit(browser, bare), _fresh_visit(browser, f"{frame}/?parts={part}"))
                                 for _ in range(repeats)] for part in described}
                baseline = median(bare_seconds for visits in pairs.values() for bare_seconds, _ in visits)
                rows.append(Row("fresh visit: bare page with a 33-borough map (baseline, Chromium)", baseline,
                                baseline, "s",
                                "median of all its fresh visits; each page's ratio is to the visits paired with it"))
                seconds = {path: median(page for _, page in visits) for path, visits in pairs.items()}
                for path, visits in pairs.items():
                    rows.append(Row(f"fresh visit: {BROWSER_PAGES[path]} page vs the bare map page",
                                    median(page / bare_seconds for bare_seconds, page in visits), 1.3, "x",
                                    f"median of {len(visits)} paired visits; page {seconds[path]:.2f} s, "
                                    f"bare {median(b for b, _ in visits):.2f} s; main thread busy {busy[path][1]:.2f} s, "
                                    f"bare {busy[path][0]:.2f} s"))
                # What Streamlit's own elements cost: the bare map in the Overview's frame, with no data.
                rows.append(Row("fresh visit: the bare map in the dashboard's frame, no data (scripts/frame_page.py), "
                                "vs the bare map page",
                                median(page / bare_seconds for bare_seconds, page in framed), 1.3, "x",
                                f"median of {len(framed)} paired visits; page {median(p for _, p in framed):.2f} s, "
                                f"bare {median(b for b, _ in framed):.2f} s"))
                # What each part of that frame, or a lighter alternative to one, adds by itself.
                for part, visits in parted.items():
                    rows.append(Row(f"fresh visit: the bare map with one part, {described[part]} "
                                    f"(?parts={part}), vs the bare map page",
                                    median(page / bare_seconds for bare_seconds, page in visits), 1.3, "x",
                                    f"median of {len(visits)} paired visits", breakdown=True))
                costs = [_visit_cost(browser, app, server.process.pid) for _ in range(repeats)]
                measures = ["Data & insight", "Cyber security & resilience", "Overall index"][:max(1, repeats)]
                changes = _widget_change(browser, app, measures)
                rows.append(Row("widget change: measure on the Overview, until the new map is drawn (Chromium)",
                                median(changes), 0.5, "s", f"median of {len(changes)}"))
                browser.close()
            single = seconds.get("") or median(asyncio.run(_simultaneous(app, 1))[0] for _ in range(repeats))
            together = asyncio.run(_simultaneous(app, sessions))
            rows.append(Row(f"{sessions} simultaneous sessions opening the Overview: slowest vs one alone",
                            max(together) / single, 3.0, "x", f"slowest {max(together):.2f} s, median {median(together):.2f} s, "
                            f"alone {single:.2f} s"))
            # What the machine allows: twenty sessions cannot finish before twenty visits' CPU time has been
            # spent on its cores, whatever the dashboard does; the server's part is what the dashboard controls.
            machine, served = median(c for c, _ in costs), median(s for _, s in costs)
            cores = os.cpu_count() or 1
            rows.append(Row(f"{sessions} simultaneous sessions: least possible slowest vs one alone, from one visit's CPU "
                            "on this machine's cores", sessions * machine / cores / single, 3.0, "x",
                            f"a visit costs {machine:.2f} CPU-s (browser and server), "
                            f"{sessions} need {sessions * machine / cores:.1f} s "
                            f"of {cores} cores; the server's part {served:.2f} CPU-s a visit"))
            rows.append(Row(f"{sessions} simultaneous sessions: the server's CPU for all of them, vs one visit alone",
                            sessions * served / cores / single, 3.0, "x",
                            f"{sessions} x {served:.2f} CPU-s on {cores} cores = {sessions * served / cores:.1f} s"))
            # The same test of the bare map page: what twenty sessions of a page with nothing but the map cost here.
            bare_together = asyncio.run(_simultaneous(bare, sessions))
            rows.append(Row(f"{sessions} simultaneous sessions opening the bare map page: slowest vs one alone",
                            max(bare_together) / baseline, 3.0, "x", f"slowest {max(bare_together):.2f} s, median "
                            f"{median(bare_together):.2f} s, alone {baseline:.2f} s", breakdown=True))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=list(SCALES), default="full")
    parser.add_argument("--only", action="append", choices=list(GROUPS),
                        help="measure only this group (repeatable); every group by default")
    args = parser.parse_args()
    global _scale
    _scale = args.scale
    rounds, boroughs, respondents, responses = SCALES[args.scale]
    framework = load_framework()
    measures = {
        "derived": lambda: measure_derived(framework),
        "widgets": lambda: measure_widget_change(framework),
        "scale": lambda: measure_scale(framework, rounds, boroughs, respondents),
        "ingest": lambda: measure_ingest(framework, responses),
        "memory": lambda: measure_memory(framework, rounds, boroughs, respondents),
        "maps": measure_maps,
        "areas": lambda: measure_area_set(*AREA_SET_SCALES[args.scale]),
        "sqlite": lambda: measure_sqlite_read_during_write(framework),
        "browser": lambda: measure_browser(*BROWSER_SCALES[args.scale]),
    }
    rows = [row for group in (args.only or GROUPS) for row in measures[group]()]
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; scale {args.scale}\n")
    header = ["what", "measured", "goal", "ratio", "status"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row.cells()) + " |")


if __name__ == "__main__":
    main()
