"""Exported CSVs are safe to open in a spreadsheet."""

import pandas as pd

from reports.tables import neutralise_formula, to_safe_csv


def test_text_that_a_spreadsheet_would_run_is_prefixed():
    assert [neutralise_formula(v) for v in ["=SUM(A1)", "+1", "-2", "@x", "Camden", 3.5]] == [
        "'=SUM(A1)", "'+1", "'-2", "'@x", "Camden", 3.5,
    ]


def test_numbers_are_written_unchanged():
    table = pd.DataFrame({"name": ["=cmd()", "Camden"], "margin": [-0.5, 1.25]})
    assert to_safe_csv(table) == "name,margin\n'=cmd(),-0.5\nCamden,1.25\n"
