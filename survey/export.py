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


RANK_COLUMNS = ["rank", "rank_median", "rank_p05", "rank_p95"]


def scores_export(scores: pd.DataFrame, ranks: pd.DataFrame) -> pd.DataFrame:
    """The scores table as exported: ons_code, name, dimension scores, overall, level, the rank
    with its interval, then the flags."""
    split = scores.columns.get_loc("level") + 1
    score_columns, flag_columns = list(scores.columns[:split]), list(scores.columns[split:])
    table = scores.join(ranks[RANK_COLUMNS]).reset_index()
    table["name"] = table["ons_code"].map(borough_names())
    return table[["ons_code", "name", *score_columns, *RANK_COLUMNS, *flag_columns]]
