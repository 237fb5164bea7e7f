"""The benchmark script stays runnable (tests time nothing: ``make bench`` measures)."""

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

SERVER_GROUPS = ["derived", "widgets", "scale", "ingest", "memory", "maps", "sqlite"]


def benchmark_table(*arguments: str) -> list[str]:
    """The table rows ``scripts/benchmark.py`` prints at the tiny size, header first."""
    result = subprocess.run([sys.executable, "scripts/benchmark.py", "--scale", "tiny", *arguments], cwd=ROOT,
                            capture_output=True, text=True, timeout=280)
    assert result.returncode == 0, result.stderr[-2000:]
    return [line for line in result.stdout.splitlines() if line.startswith("|")]


# Half a minute of the local loop: CI runs it (.ci/run sets CI=true), and so does `CI=true make test`.
@pytest.mark.skipif(os.environ.get("CI", "").lower() != "true",
                    reason="the benchmark's smoke test runs in CI only; run it here with CI=true "
                           "(CI=true .venv/bin/python -m pytest tests/test_benchmark.py)")
def test_the_server_side_benchmark_runs_at_a_tiny_size_and_prints_its_table():
    lines = benchmark_table(*(f"--only={group}" for group in SERVER_GROUPS))
    assert lines[0] == "| what | measured | goal | ratio | status |"
    names = [line.split(" | ")[0].removeprefix("| ") for line in lines[2:]]
    assert names[:3] == ["after a save: clusters and stability (33 x 7, demo 2025)",
                         "after a save: rank intervals (demo 2025, 1,000 draws)", "after a save: sensitivity (demo 2025)"]
    assert "2-round store: trends page, cold" in names
    assert "2-round store: a round's scores and rank intervals worked out and kept (its first visitor), mean per round" in names
    assert [name.split(" vs ")[0] for name in names if name.startswith("ingest")] == [
        "ingest 5,600 answers: read, validate, score, store", "ingest stage: read and validate (survey.reading.read_survey)",
        "ingest stage: score (models.scoring.score_round)", "ingest stage: store (SurveyStore.save_round, one transaction)",
        "ingest floor: every cell read as text (Arrow's CSV reader, no checks)",
        "ingest floor: the same responses (a row each), answers (a byte each) and file written in one bare SQLite "
        "transaction (no checks)"]
    assert "maps: 33 areas at three widths, a further map (server)" in names
    assert names[-1] == "SQLite: a read during an open write"
    assert all(line.count(" | ") == 4 for line in lines[2:])  # what, measured, goal, ratio, status


def test_a_breakdown_row_shows_its_ratio_but_claims_no_goal():
    from scripts.benchmark import Row

    row = Row("the grid alone vs the bare map page", 1.18, 1.3, "x", "median of 5 paired visits", breakdown=True)
    assert row.cells() == ["the grid alone vs the bare map page", "1.18 x", "(1.30 x)", "",
                           "a breakdown, not a goal; median of 5 paired visits"]
