"""An upload's problems name the areas' column as the set's template heads it (issue 37): Greater Manchester's
"council", not London's "borough" (London's as ever: tests/test_cli.py, test_store.py)."""

from __future__ import annotations

from tests.helpers import run_cli, use_area_set


def test_a_problem_with_the_councils_column_names_it_council(tmp_path):
    survey = tmp_path / "survey.csv"
    survey.write_text("council,round,respondent,leadership_1\nGotham,2026,r1,3\nBolton,2026,r2,4\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    with use_area_set("greater-manchester"):
        unknown = run_cli(url, "ingest", str(survey), "--round", "2026", "--dry-run")
        survey.write_text("council,round,respondent,leadership_1,leadership_2,leadership_3\nBolton,2026,r2,4,4,4\n",
                          encoding="utf-8")
        valid = run_cli(url, "ingest", str(survey), "--round", "2026", "--dry-run")
    assert "  row 2, column 'council': value 'Gotham': Unknown council 'Gotham'. Nearest names: Oldham." in unknown.stderr
    assert ("warning: column 'council': 9 council(s) have no response in this round: Bury, Manchester, Oldham, Rochdale, "
            "Salford, Stockport, Tameside, Trafford, Wigan.") in valid.stdout + valid.stderr
