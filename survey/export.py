"""Tables written for people to open in spreadsheets."""

from __future__ import annotations

import pandas as pd

from survey.areas import borough_names

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def to_safe_csv(table: pd.DataFrame) -> str:
    """CSV text of ``table`` in which no text cell can act as a spreadsheet formula."""
    safe = table.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise_formula)
    return safe.to_csv(index=False, lineterminator="\n")


def scores_export(scores: pd.DataFrame) -> pd.DataFrame:
    """The scores table as exported: ons_code, name, dimension scores, overall, level, flags."""
    table = scores.reset_index()
    table.insert(1, "name", table["ons_code"].map(borough_names()))
    return table
