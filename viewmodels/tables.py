"""A view model's table as plain, accessible HTML: every cell written as the dashboard writes that
kind of number, the first column (or the index) as row headers, and help texts as notes under it.

Why not Streamlit's data grid: its first use on a visit makes the browser fetch and compile about
1.5 MB of script (the grid and Apache Arrow), the largest part of a fresh visit after the map
(docs/performance.md); an HTML table costs the browser almost nothing, is read by screen readers as
a table, and prints.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from html import escape

import pandas as pd

from models.numbers import MISSING, format_score, format_share, format_signed, round_half_up
from viewmodels.common import SCORE, SHARE, SIGNED, WHOLE, Table


def format_whole(value: float | None, missing: str = MISSING) -> str:
    """A count: '1,234'."""
    rounded = round_half_up(value, 0)
    return missing if rounded is None else f"{rounded:,.0f}"


CELL_FORMATS = {SCORE: format_score, SIGNED: format_signed, SHARE: format_share, WHOLE: format_whole}
NUMERIC_CLASS = "num"  # right-aligned, so that digits line up
PROSE_CLASS = "prose"  # kept wide enough to read (a table scrolls sideways rather than stack one word a line)
PROSE_CHARS = 40  # a text column whose longest cell is longer than this is prose


def cell_text(value: object) -> str:
    """A cell with no number format: text as it is, yes/no for a flag, a time to the minute, blank when missing."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


AS_LISTED = "As listed"


def _numeric(data: pd.DataFrame, column: str) -> bool:
    return pd.api.types.is_numeric_dtype(data[column]) and not pd.api.types.is_bool_dtype(data[column])


def natural_order(text: str) -> tuple[str | int, ...]:
    """A to Z as a reader expects it, whatever the case: the numbers in a text by their value ("2nd of 32"
    before "10th of 32", "Cluster 2" before "Cluster 10"), so text that starts with a number comes first.
    Digits and the rest alternate in the key, text first, so any two keys compare part by part."""
    return tuple(int(part) if i % 2 else part.casefold() for i, part in enumerate(re.split(r"(\d+)", text)))


def sort_choices(table: Table) -> dict[str, str | None]:
    """How a table can be sorted, each choice with its column: as the view model lists it (None), or by
    one column, numbers highest first and text from A to Z (``natural_order``)."""
    return {AS_LISTED: None, **{f"{column}, {'highest first' if _numeric(table.data, column) else 'A to Z'}": column
                                for column in table.data.columns}}


def sorted_by(table: Table, choice: str) -> Table:
    """``table`` sorted as ``choice`` (one of ``sort_choices``) says; ties keep their order, blanks last."""
    column = sort_choices(table)[choice]
    if column is None:
        return table
    numeric = _numeric(table.data, column)
    # Text by what the cell shows ("Yes"/"No" for a flag), so any column sorts as it reads.
    key = (lambda values: values) if numeric else (lambda values: values.map(lambda v: natural_order(cell_text(v)),
                                                                             na_action="ignore"))
    return replace(table, data=table.data.sort_values(column, ascending=not numeric, kind="stable", key=key,
                                                      na_position="last"))


def shown_cells(table: Table, *, hide_index: bool = True) -> pd.DataFrame:
    """Every cell of ``table`` as the page writes it, shape (rows, columns [+ 1 for a shown index])."""
    data = table.data.reset_index(drop=hide_index)
    # Text columns even with no rows (an empty column of numbers maps to numbers), so that every column reads as text.
    return pd.DataFrame({column: data[column].map(CELL_FORMATS.get(table.formats.get(column, ""), cell_text)).astype("str")
                         for column in data.columns})


def table_html(table: Table, *, label: str, hide_index: bool = True, fit: bool = False) -> str:
    """``table`` as one HTML fragment: a scrollable, keyboard-reachable region named ``label`` holding
    the table (first column as row headers), then a note for each column that has help text. ``fit``
    keeps a narrow table at its own width rather than the column's. Numbers are marked to be set right,
    long text (``PROSE_CHARS``) to be kept readable."""
    cells = shown_cells(table, hide_index=hide_index)
    data = table.data.reset_index(drop=hide_index)
    classes = [_class(table.formats.get(column) in CELL_FORMATS or _numeric(data, column),
                      cells[column].str.len().max() > PROSE_CHARS) for column in cells.columns]
    head = "".join(f'<th scope="col"{kind}>{escape(str(column))}</th>' for column, kind in zip(cells.columns, classes))
    rows = []
    for values in cells.itertuples(index=False):
        first, *rest = values
        row_cells = [f'<th scope="row"{classes[0]}>{_text(first)}</th>']
        row_cells += [f"<td{kind}>{_text(text)}</td>" for text, kind in zip(rest, classes[1:])]
        rows.append(f"<tr>{''.join(row_cells)}</tr>")
    notes = "".join(f"<li><strong>{escape(column)}</strong>: {escape(text)}</li>" for column, text in table.helps.items()
                    if column in cells.columns)
    return (f'<div class="data-table{" fit" if fit else ""}" role="region" aria-label="{escape(label)}" tabindex="0">'
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
            + (f'<ul class="data-table-notes">{notes}</ul>' if notes else ""))


def _text(text: str) -> str:
    """Escaped, with line breaks kept as breaks (HTML would show them as spaces)."""
    return escape(text).replace("\n", "<br>")


def _class(is_number: bool, is_prose: bool) -> str:
    """A cell's class attribute: numbers are set right; otherwise long text is kept readable."""
    if is_number:
        return f' class="{NUMERIC_CLASS}"'
    return f' class="{PROSE_CLASS}"' if is_prose else ""
