"""Helpers the tests share: the command line run in process, hand-made answer tables, reading AppTest metrics,
finding Chromium, older stores."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import sqlite3
import sys
from collections.abc import Iterator, Mapping
from io import StringIO
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.pool import Pool

from survey.framework import Framework
from survey.reading import ParsedRound

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
FIRST_RELEASE = Path(__file__).resolve().parent / "fixtures" / "first_release"
ROOT = Path(__file__).resolve().parents[1]


class CommandRun(NamedTuple):
    """What one run of the command line gave back, named as ``subprocess.CompletedProcess`` names it."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(database_url: str | None, *argv: str, env: Mapping[str, str | None] | None = None) -> CommandRun:
    """``python -m survey ARGV`` run in this process, as ``survey/__main__.py`` runs it, with ``DATABASE_URL`` set
    to ``database_url`` (left as it is when None) and each variable of ``env`` set (removed where None) for this
    run only, from the repository's root; what it printed is captured and a ``SystemExit`` (``--help``, a usage
    error) becomes its exit code. Starting a Python process costs seconds a command; tests/test_cli.py keeps the
    few that check the real start."""
    from cli.main import main

    out, err = StringIO(), StringIO()
    variables = {**({"DATABASE_URL": database_url} if database_url is not None else {}), **(env or {})}
    with (_environment(variables), contextlib.chdir(ROOT), _closing_what_it_opens(), contextlib.redirect_stdout(out),
          contextlib.redirect_stderr(err)):
        try:
            code = main(list(argv))
        except SystemExit as stop:
            code = _exit_code(stop, err)
    return CommandRun(code, out.getvalue(), err.getvalue())


def _exit_code(stop: SystemExit, err: StringIO) -> int:
    """The exit status Python gives a process ending with ``stop`` (a message is printed and exits 1)."""
    if stop.code is None or isinstance(stop.code, int):
        return stop.code or 0
    print(stop.code, file=err)
    return 1


@contextlib.contextmanager
def _closing_what_it_opens() -> Iterator[None]:
    """Every database connection opened meanwhile is closed at the end, as a process's end closes them: a store the run
    left open would otherwise close whenever Python collects it, and on SQLite fold its log into the file under a
    later test."""
    opened = []

    def remember(dbapi_connection, _record) -> None:
        opened.append(dbapi_connection)

    sa.event.listen(Pool, "connect", remember)
    try:
        yield
    finally:
        sa.event.remove(Pool, "connect", remember)
        for connection in opened:
            connection.close()


@contextlib.contextmanager
def _environment(variables: Mapping[str, str | None]) -> Iterator[None]:
    """``os.environ`` with ``variables`` set (removed where None), put back as it was afterwards."""
    before = {name: os.environ.get(name) for name in variables}
    try:
        for name, value in variables.items():
            _set_variable(name, value)
        yield
    finally:
        for name, value in before.items():
            _set_variable(name, value)


def _set_variable(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


@contextlib.contextmanager
def use_area_set(name: str) -> Iterator[None]:
    """The area set ``name`` (a bundled set's name or a set file's path) active for the block, as SURVEY_AREA_SET
    makes it for a process: the variable set, and every cached area, boundary, label and map frame dropped on the
    way in and on the way out, so neither the block nor the tests after it see another set's. Works for the command
    line (``run_cli``) and AppTest alike; a demo store of the set: the ``area_set_demo_store`` fixture."""
    try:
        with _environment({"SURVEY_AREA_SET": name}):
            forget_cached()
            yield
    finally:
        forget_cached()


def forget_cached() -> None:
    """Empty every ``functools`` cache of the project's modules loaded so far (the active area set, and all worked
    out from it: boundaries, labels, map frames, sources), as a new process would start."""
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] in ("survey", "models", "figures", "reports", "viewmodels", "ui", "cli"):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)) and hasattr(value, "cache_info"):
                    value.cache_clear()


def require_chromium(purpose: str) -> Path:
    """Chromium's path; skip where it is missing, or fail when REQUIRE_BROWSER=1 (as in CI)."""
    if not CHROMIUM.exists():
        reason = f"Chromium not found at {CHROMIUM} (install Debian's 'chromium' package): {purpose}"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(reason + "; REQUIRE_BROWSER=1 makes these tests required")
        pytest.skip(reason)
    return CHROMIUM


def require_program(name: str, purpose: str) -> str:
    """A program's path; skip where it is missing, or fail when REQUIRE_BROWSER=1 (as in CI, which installs it)."""
    path = shutil.which(name)
    if path is None:
        reason = f"{name} not found: {purpose}"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(reason + "; REQUIRE_BROWSER=1 makes these tests required")
        pytest.skip(reason)
    return path


def shown_tables(at) -> list[pd.DataFrame]:
    """Every data table on an AppTest page (``ui.components.show_table``), read back from its HTML as a
    reader of a wide screen would see it (every column, no details rows under the rows): numbers as written
    ("2.88", "+0.25", "1,234") become numbers again."""
    return [pd.read_html(StringIO(as_on_a_wide_screen(h.value)), flavor="lxml")[0] for h in at.get("html")
            if 'class="data-table' in h.value]


def as_on_a_wide_screen(html: str) -> str:
    """A table's HTML without the details rows that hold its folded columns on a narrow screen."""
    import lxml.html

    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    for row in fragment.xpath('//tr[@class="more-row"]'):
        row.getparent().remove(row)
    return lxml.html.tostring(fragment, encoding="unicode")


def shown_maps(at) -> list[str]:
    """The SVG of each clickable map on an AppTest page (``ui.components.BOROUGH_MAP``), in page order, as
    drawn for the widest column (``figures.maps.SHOWN_WIDTHS_PX``)."""
    return [svgs[-1] for svgs in drawn_at_each_width(at, "borough_map")]


def shown_figures(at) -> list[str]:
    """The SVG of each chart and still map on an AppTest page (``ui.components.SVG_FIGURE``), in page order, as
    drawn for the widest column."""
    return [svgs[-1] for svgs in drawn_at_each_width(at, "svg_figure")]


def drawn_at_each_width(at, component: str) -> list[list[str]]:
    """Each map or chart of the named component on an AppTest page: its SVG at each width the page drew it, narrowest first."""
    return [json.loads(e.proto.json)["svgs"] for e in at.get("bidi_component") if e.proto.component_name == component]


def metrics(at) -> dict[str, str]:
    """Every ``st.metric`` on an AppTest page, label → value."""
    return {m.label: m.value for m in at.metric}


def uniform_answers(framework: Framework, respondents: dict[str, list[dict[str, float] | float]]) -> pd.DataFrame:
    """Long answers from {ons_code: [respondent, ...]}; a respondent is a value for every
    question, or a dict {"*": default, question_id: value or None (not answered)}."""
    rows = []
    for code, people in respondents.items():
        for r, person in enumerate(people, start=1):
            spec = person if isinstance(person, dict) else {"*": person}
            for question in framework.question_ids:
                value = spec.get(question, spec.get("*"))
                if value is not None:
                    rows.append((code, f"r{r}", question, float(value)))
    return pd.DataFrame(rows, columns=["ons_code", "respondent", "question_id", "value"])


def uniform_round(framework: Framework, label: str, respondents: dict[str, list[dict[str, float] | float]],
                  min_respondents: int = 2):
    """A scored and ranked round of ``uniform_answers``, as a member sees it (respondent detail withheld below
    ``min_respondents``)."""
    from models.benchmark import ScoredRound
    from models.disclosure import disclosed
    from models.scoring import score_round
    from models.uncertainty import RankUncertainty

    answers = uniform_answers(framework, respondents)
    ranker = RankUncertainty(framework).fit(answers)
    return ScoredRound(label, disclosed(score_round(answers, framework), min_respondents, respondent_detail=False),
                       lambda: (ranker.ranks_, ranker.overall_draws_), framework_version="1.0")


def dimension_answers(framework: Framework, code: str, levels: dict[str, float], default: float) -> dict[str, float]:
    """One respondent answering every question of a dimension with that dimension's value."""
    spec: dict[str, float] = {"*": default}
    for dimension_id, value in levels.items():
        for question in framework.dimension(dimension_id).questions:
            spec[question.id] = value
    return spec


# The key messages of the seeded 2025 demo round that do not depend on the pilot (worked out from
# data/demo/survey_2024.csv and survey_2025.csv; the pages, the slides and the tests must agree on them).
DEMO_2025_MESSAGES = (
    "London's median overall index in round 2025 is 2.68 (Developing): 19 of 32 boroughs scored are Developing "
    "or above.",
    "Skills & culture is London's weakest dimension: 24 of 33 boroughs are below Developing.",
    "Leadership & strategy, User-centred services and Cyber security & resilience are jointly London's strongest "
    "dimensions (median 3.00).",
    # Over the 30 boroughs with an overall index in both rounds (not the rounds' own 31 and 32): 2.54 -> 2.68.
    "Across the 30 boroughs with an overall index in both round 2024 and round 2025, the median overall index has "
    "risen by 0.14. Of these, 8 moved up a level (clearly) and 0 moved down.",
)


def store_with_answer_rows(url: str, parsed: ParsedRound, framework: Framework) -> None:
    """A store at ``url`` holding ``parsed`` as round 2026 the way the first release kept it, before answer sets
    and migrations: its tables (revision 0001), one row per answer in a table ``answers``, the uploaded file's
    bytes with the version, no record of a schema revision."""
    from alembic import command

    from survey.schema import alembic_config
    from survey.store import store_engine

    engine = store_engine(url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
        conn.execute(sa.text("DROP TABLE alembic_version"))
        at = "2026-11-01 09:00:00+00:00"
        conn.execute(sa.text("INSERT INTO rounds VALUES ('2026', 1, :at, :no)"), {"at": at, "no": False})
        conn.execute(sa.text(
            "INSERT INTO round_versions (id, round_label, version, status, framework_version, synthetic, saved_at, "
            "uploader, source_name, source_size, source_sha256, source_bytes) VALUES (1, '2026', 1, 'published', "
            ":framework, :no, :at, 'older version', '', 0, '', NULL)"),
            {"framework": framework.version, "no": False, "at": at})
        responses = parsed.responses
        conn.execute(sa.text("INSERT INTO responses (id, version_id, ons_code, respondent, role, source_row) "
                             "VALUES (:id, 1, :code, :respondent, :role, :row)"),
                     [{"id": int(r) + 1, "code": c, "respondent": p, "role": role, "row": int(row)} for r, c, p, role, row in
                      zip(responses["response_id"], responses["ons_code"], responses["respondent"], responses["role"],
                          responses["source_row"])])
        conn.execute(sa.text("INSERT INTO answers VALUES (:r, :q, :v)"), [
            {"r": int(r) + 1, "q": q, "v": float(v)}
            for r, q, v in zip(parsed.answers["response_id"], parsed.answers["question_id"], parsed.answers["value"])])
    engine.dispose()


def load_first_release(url: str) -> None:
    """The store the first release's code made (its dump for this database) into the empty database at ``url``."""
    if url.startswith("sqlite"):
        with contextlib.closing(sqlite3.connect(sa.engine.make_url(url).database)) as conn:
            conn.executescript((FIRST_RELEASE / "store.sqlite.sql").read_text(encoding="utf-8"))
        return
    engine = sa.create_engine(url)
    raw = engine.raw_connection()
    try:  # psycopg runs a script of many statements when it is given no parameters
        raw.driver_connection.execute((FIRST_RELEASE / "store.postgresql.sql").read_text(encoding="utf-8"))
        raw.commit()
    finally:
        raw.close()
        engine.dispose()


@functools.lru_cache(maxsize=4)
def boundaries_of(name: str):
    """Area set ``name``'s areas as the maps draw them (``survey.boundaries.load_boundaries`` with the set active):
    index ons_code; columns name, label, geometry. For tests that check a page of another process against them."""
    from survey.boundaries import load_boundaries

    with use_area_set(name):
        return load_boundaries()


def survey_csv(framework: Framework, rows: list[dict[str, object]], extra_columns: tuple[str, ...] = ()) -> bytes:
    """A CSV in the upload format: every question column present, unspecified answers blank."""
    header = ["borough", "respondent", *extra_columns, *framework.question_ids]
    lines = [",".join(header)]
    for row in rows:
        lines.append(",".join(str(row.get(column, "")) for column in header))
    return ("\n".join(lines) + "\n").encode()
