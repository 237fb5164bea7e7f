"""Helpers the tests share: hand-made answer tables, reading AppTest metrics, finding Chromium, an older store."""

from __future__ import annotations

import json
import os
import shutil
from io import StringIO
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from survey.framework import Framework
from survey.reading import ParsedRound
from survey.store import SurveyStore

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))


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
    reader would see it: numbers as written ("2.88", "+0.25", "1,234") become numbers again."""
    return [pd.read_html(StringIO(h.value), flavor="lxml")[0] for h in at.get("html") if 'class="data-table' in h.value]


def shown_maps(at) -> list[str]:
    """The SVG of each clickable map on an AppTest page (``ui.components.BOROUGH_MAP``), in page order."""
    return _component_svgs(at, "borough_map")


def shown_figures(at) -> list[str]:
    """The SVG of each chart and still map on an AppTest page (``ui.components.SVG_FIGURE``), in page order."""
    return _component_svgs(at, "svg_figure")


def _component_svgs(at, name: str) -> list[str]:
    return [json.loads(e.proto.json)["svg"] for e in at.get("bidi_component") if e.proto.component_name == name]


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
    """A store at ``url`` holding ``parsed`` as round 2026 the way stores kept answers before answer
    sets: one row per answer in a table ``answers``, and no set."""
    made = SurveyStore(url)
    made.save_round(parsed, framework=framework, uploader="older version")
    file_row = dict(zip(parsed.responses["response_id"], parsed.responses["source_row"]))
    with made.engine.begin() as conn:
        stored_id = dict(conn.execute(sa.text("SELECT source_row, id FROM responses")).all())
        conn.execute(sa.text("CREATE TABLE answers (response_id INTEGER NOT NULL REFERENCES responses (id) "
                             "ON DELETE CASCADE, question_id VARCHAR(64) NOT NULL, value FLOAT NOT NULL, "
                             "PRIMARY KEY (response_id, question_id))"))
        conn.execute(sa.text("INSERT INTO answers VALUES (:r, :q, :v)"), [
            {"r": stored_id[file_row[r]], "q": q, "v": v}
            for r, q, v in zip(parsed.answers["response_id"], parsed.answers["question_id"], parsed.answers["value"])])
        conn.execute(sa.text("DELETE FROM answer_sets"))
    made.engine.dispose()
