"""A view model's table as plain, accessible HTML: every cell written as the dashboard writes that
kind of number, the first column (or the index) as row headers, and help texts as notes under it.

Why not Streamlit's data grid: its first use on a visit makes the browser fetch and compile about
1.5 MB of script (the grid and Apache Arrow), the largest part of a fresh visit after the map
(docs/performance.md); an HTML table costs the browser almost nothing, is read by screen readers as
a table, and prints.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import replace
from datetime import datetime
from html import escape

import pandas as pd

from figures.maps import SHOWN_WIDTHS_PX
from models.numbers import MISSING, format_score, format_share, format_signed, round_half_up
from viewmodels.common import SCORE, SHARE, SIGNED, WHOLE, Table


def format_whole(value: float | None, missing: str = MISSING) -> str:
    """A count: '1,234'."""
    rounded = round_half_up(value, 0)
    return missing if rounded is None else f"{rounded:,.0f}"


CELL_FORMATS = {SCORE: format_score, SIGNED: format_signed, SHARE: format_share, WHOLE: format_whole}
NUMERIC_CLASS = "num"  # right-aligned, so that digits line up
PROSE_CLASS = "prose"  # kept wide enough to read, wrapped within it
BREAKS_CLASS = "wraps"  # short text that may wrap between words (Table.breakable)
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


def sorted_column(table: Table, choice: str) -> tuple[str | None, bool]:
    """The column ``choice`` sorts by (None when as listed), and whether highest first (numbers) or not (text)."""
    column = sort_choices(table)[choice]
    return column, column is not None and _numeric(table.data, column)


def sorted_by(table: Table, choice: str) -> Table:
    """``table`` sorted as ``choice`` (one of ``sort_choices``) says; ties keep their order, blanks last."""
    column, numeric = sorted_column(table, choice)
    if column is None:
        return table
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


# How wide a column must be, at least, estimated from its text at the page's 16 px: a character of the body
# text about 0.5 em wide, of a bold heading or row name 0.55 em; a cell's padding either side (0.75 rem).
TEXT_PX = 16
CHAR_EM, BOLD_CHAR_EM = 0.5, 0.55
CELL_PADDING_PX = 25
PROSE_MIN_EMS = 13  # a column of long text is kept at least this wide (about 40 characters), and wraps within it
ROW_PROSE_MIN_EMS = 10  # a row's long name (a survey file's question heading) wraps narrower: what it names sits beside it
SUMMARY_CHARS = 40  # a row's name in its details' summary, shortened at a word: the row above gives it in full
NARROWEST_COLUMN_PX = SHOWN_WIDTHS_PX[0]  # a phone's main column: a table that fits it never folds


def column_min_px(heading: str, cells: pd.Series, *, prose: bool, row_header: bool, breaks: bool = False) -> int:
    """The narrowest a column can be without cutting a word: its heading wraps between words; a row's name
    (the first column) too, a long one at ``ROW_PROSE_MIN_EMS``; a column of long text wraps at ``PROSE_MIN_EMS``;
    a column that ``breaks`` between words needs its longest word; any other cell keeps to one line."""
    longest_word = max((len(word) for word in str(heading).split()), default=0) * BOLD_CHAR_EM
    if prose:
        text: float = ROW_PROSE_MIN_EMS if row_header else PROSE_MIN_EMS
    elif row_header or breaks:
        text = max((len(word) for cell in cells for word in cell.split()), default=0) * (BOLD_CHAR_EM if row_header else CHAR_EM)
    else:
        text = max((len(line) for cell in cells for line in cell.split("\n")), default=0) * CHAR_EM
    return round(max(longest_word, text) * TEXT_PX) + CELL_PADDING_PX


def fold_widths(table: Table, cells: pd.DataFrame, prose: list[bool]) -> list[int]:
    """For each shown column (in ``cells``' order), the narrowest table region that shows it: the first column
    and then ``table.priority``, then the others as listed, each shown while every column before it in that
    order fits too; a narrower region folds it into its row's details."""
    columns = list(cells.columns)
    order = [0, *(columns.index(c) for c in table.priority if c in columns[1:])]
    order += [i for i in range(len(columns)) if i not in order]
    widths = [column_min_px(str(columns[i]), cells.iloc[:, i], prose=prose[i], row_header=i == 0,
                            breaks=columns[i] in table.breakable) for i in range(len(columns))]
    needed, total = [0] * len(columns), 0
    for i in order:
        total += widths[i]
        needed[i] = total
    return needed


def _fold_css(scope: str, needed: list[int]) -> str:
    """The container queries that fold each column narrower than it needs into the rows' details, and show
    the details rows only where some column is folded (scoped to the table, above the page's own rules)."""
    table = f".data-table.{scope}"
    rules = [f"@container (width < {width}px) {{ {table} .c{i}:is(th, td) {{ display: none; }} "
             f"{table} .more .c{i} {{ display: block; }} }}" for i, width in enumerate(needed) if i]
    rules.append(f"@container (width < {max(needed)}px) {{ {table} .more-row {{ display: table-row; }} "
                 f"{table} tbody tr:has(+ .more-row) > * {{ border-bottom: none; }} }}")
    return "<style>" + "\n".join(rules) + "</style>"


def table_html(table: Table, *, label: str, hide_index: bool = True, fit: bool = False, name: str = "",
               sorted_column: str | None = None, descending: bool = True) -> str:
    """``table`` as one HTML fragment: a keyboard-reachable region named ``label`` holding the table (first
    column as row headers), then a note for each column that has help text. ``fit`` keeps a narrow table at
    its own width rather than the column's. Numbers are marked to be set right, long text (``PROSE_CHARS``)
    to be wrapped, kept readable. ``name`` (letters, digits, ``-`` and ``_``; the label's by default) scopes
    the CSS that folds, where the region is narrower than every column needs (``fold_widths``), the less
    important columns into a details row under each row, so that no table scrolls sideways. The column
    ``sorted_column`` (sorted highest first when ``descending``) says so to screen readers (``aria-sort``)."""
    cells = shown_cells(table, hide_index=hide_index)
    data = table.data.reset_index(drop=hide_index)
    prose = [bool(cells[column].str.len().max() > PROSE_CHARS) for column in cells.columns]
    kinds = [_kind(table.formats.get(column) in CELL_FORMATS or _numeric(data, column), is_prose, column in table.breakable)
             for column, is_prose in zip(cells.columns, prose)]
    needed = fold_widths(table, cells, prose)
    folding = max(needed) > NARROWEST_COLUMN_PX
    class_names = [" ".join(filter(None, (kind, f"c{i}" if folding and i else ""))) for i, kind in enumerate(kinds)]
    classes = [f' class="{names}"' if names else "" for names in class_names]
    sort = {column: f' aria-sort="{"descending" if descending else "ascending"}"' for column in [sorted_column] if column}
    head = "".join(f'<th scope="col"{kind}{sort.get(column, "")}>{escape(str(column))}</th>'
                   for column, kind in zip(cells.columns, classes))
    scope = "t-" + re.sub(r"[^A-Za-z0-9_-]", "-", name or label)
    rows = []
    for values in cells.itertuples(index=False):
        first, *rest = values
        row_cells = [f'<th scope="row"{classes[0]}>{_text(first)}</th>']
        row_cells += [f"<td{kind}>{_text(text)}</td>" for text, kind in zip(rest, classes[1:])]
        rows.append(f"<tr>{''.join(row_cells)}</tr>")
        if folding:
            items = "".join(f'<div class="c{i}"><dt>{escape(str(column))}</dt><dd>{_text(text)}</dd></div>'
                            for i, (column, text) in enumerate(zip(cells.columns[1:], rest), start=1))
            summary = escape(textwrap.shorten(first, SUMMARY_CHARS, placeholder="…"))
            rows.append(f'<tr class="more-row"><td colspan="{len(values)}"><details class="more"><summary>More about '
                        f"{summary}</summary><dl>{items}</dl></details></td></tr>")
    notes = "".join(f"<li><strong>{escape(column)}</strong>: {escape(text)}</li>" for column, text in table.helps.items()
                    if column in cells.columns)
    region_class = " ".join(["data-table", *(["fit"] if fit else []), *([scope] if folding else [])])
    return ((_fold_css(scope, needed) if folding else "")
            + f'<div class="{region_class}" role="region" aria-label="{escape(label)}" tabindex="0">'
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
            + (f'<ul class="data-table-notes">{notes}</ul>' if notes else ""))


def _text(text: str) -> str:
    """Escaped, with line breaks kept as breaks (HTML would show them as spaces)."""
    return escape(text).replace("\n", "<br>")


def _kind(is_number: bool, is_prose: bool, breaks: bool = False) -> str:
    """A cell's kind of text: numbers are set right; otherwise long text is kept readable, and a breakable
    column's short text may wrap between words."""
    if is_number:
        return NUMERIC_CLASS
    return PROSE_CLASS if is_prose else BREAKS_CLASS if breaks else ""
