"""The files an area set names, read and checked: its boundaries' codes and names, labels, other spellings, context
figures and neighbours (``survey.area_sets`` puts them together). Each check raises ``AreaSetError`` naming the
entry and the file; the set file's own name is added by ``survey.area_sets.load_area_set``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

ONS_CODE = re.compile(r"^[A-Z]\d{8}$")  # a GSS code: a letter and eight digits (E09000007)
LABEL = re.compile(r"^[A-Z]{3}$")
# The figures a context file gives for each area (a blank cell is "not available").
CONTEXT_COLUMNS = ("population_mid2024", "population_mid2022", "imd2019_average_score", "imd2019_rank_of_average_score",
                   "imd2019_prop_lsoas_most_deprived_10pct")
NEIGHBOUR_COLUMNS = ("ons_code", "neighbour_rank", "neighbour_code", "relative_distance")


class AreaSetError(ValueError):
    """An area set file is missing, unreadable or inconsistent: the message names the file and the entry."""


def require(condition: bool, message: str) -> None:
    if not condition:
        raise AreaSetError(message)


def boundary_areas(path: Path, code_column: str, name_column: str) -> dict[str, str]:
    """ONS code -> name of every feature of the boundaries file, checked: one feature a code, a name each."""
    import pyogrio  # about 80 MB with GDAL: imported when a set is read, not by every reader of survey files

    try:
        info = pyogrio.read_info(path)
        table = pyogrio.read_dataframe(path, read_geometry=False)
    except (OSError, RuntimeError) as exc:  # pyogrio's DataSourceError and DataLayerError are RuntimeErrors
        raise AreaSetError(f"boundaries: cannot read {path.name}: {exc}") from None
    for column in (code_column, name_column):
        require(column in table.columns, f"boundaries: {path.name} has no column '{column}' (its columns: "
                                          f"{', '.join(map(str, table.columns))})")
    require(info.get("crs") is not None, f"boundaries: {path.name} does not say its coordinate reference system")
    require(len(table) > 0, f"boundaries: {path.name} holds no areas")
    codes = [str(code).strip().upper() for code in table[code_column]]
    bad = [code for code in codes if not ONS_CODE.match(code)]
    require(not bad, f"boundaries: {path.name} column '{code_column}' holds '{bad[0] if bad else ''}', not an ONS code "
                      "(a letter and eight digits)")
    seen: dict[str, int] = {}
    for row, code in enumerate(codes, start=1):
        require(code not in seen, f"boundaries: code {code} is on two features of {path.name} (features {seen.get(code)} "
                                   f"and {row}): each area must be one feature")
        seen[code] = row
    names = [str(name).strip() if pd.notna(name) else "" for name in table[name_column]]
    blank = [code for code, name in zip(codes, names) if not name]
    require(not blank, f"boundaries: {path.name} has no name for {', '.join(blank)}")
    return dict(zip(codes, names))


def kept_codes(keep: object, everything: dict[str, str], boundaries: Path) -> tuple[str, ...]:
    """The set's codes in order: those ``keep`` lists (each once, each in the boundaries file), else all."""
    if keep is None:
        return tuple(sorted(everything))
    if not isinstance(keep, list) or not keep:
        raise AreaSetError("keep must list the ONS codes of the set's areas")
    codes = [str(code).strip().upper() for code in keep]
    twice = sorted({code for code in codes if codes.count(code) > 1})
    require(not twice, f"keep: {', '.join(twice)} listed twice")
    unknown = [code for code in codes if code not in everything]
    require(not unknown, f"keep: {', '.join(unknown)} not in the boundaries file {boundaries.name}")
    return tuple(sorted(codes))


def _csv(path: Path, entry: str, columns: tuple[str, ...]) -> pd.DataFrame:
    """A CSV of text cells (blank where empty), with ``columns`` among its own."""
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, ValueError) as exc:
        raise AreaSetError(f"{entry}: cannot read {path.name}: {exc}") from None
    missing = [column for column in columns if column not in table.columns]
    require(not missing, f"{entry}: {path.name} has no column {', '.join(missing)} (its columns: {', '.join(table.columns)})")
    return table.apply(lambda column: column.str.strip())


def read_labels(path: Path, names: dict[str, str], everything: dict[str, str]) -> dict[str, str]:
    table = _csv(path, "labels", ("ons_code", "label"))
    given = dict(zip(table["ons_code"].str.upper(), table["label"]))
    unknown = sorted(set(given) - set(everything))
    require(not unknown, f"labels: {path.name} gives a label to {', '.join(unknown)}, not in the boundaries file")
    missing = [code for code in names if code not in given]
    require(not missing, f"labels: {path.name} has no label for {', '.join(missing)}")
    labels = {code: given[code] for code in names}
    bad = [f"{code} '{label}'" for code, label in labels.items() if not LABEL.match(label)]
    require(not bad, f"labels: a label is three capital letters: {', '.join(bad)}")
    by_label: dict[str, list[str]] = {}
    for code, label in labels.items():
        by_label.setdefault(label, []).append(names[code])
    shared = [f"{label} ({' and '.join(areas)})" for label, areas in by_label.items() if len(areas) > 1]
    require(not shared, f"labels: labels must be unique, and {', '.join(shared)} share one")
    return labels


def read_aliases(path: Path, codes: tuple[str, ...], everything: dict[str, str]) -> tuple[tuple[str, str], ...]:
    table = _csv(path, "aliases", ("alias", "ons_code"))
    pairs = list(zip(table["alias"], table["ons_code"].str.upper()))
    unknown = sorted({code for _, code in pairs if code not in everything})
    require(not unknown, f"aliases: {path.name} names {', '.join(unknown)}, not in the boundaries file")
    require(all(alias for alias, _ in pairs), f"aliases: {path.name} has a row without an alias")
    meaning: dict[str, str] = {}
    for alias, code in pairs:
        key = " ".join(alias.casefold().split())
        require(meaning.setdefault(key, code) == code,
                 f"aliases: '{alias}' stands for both {everything[meaning[key]]} and {everything[code]}")
    return tuple((alias, code) for alias, code in pairs if code in codes)


def _numbers(table: pd.DataFrame, columns: tuple[str, ...], entry: str, path: Path) -> pd.DataFrame:
    """``columns`` of ``table`` as numbers, NaN where blank; a cell that is neither is an error naming it by its row
    (``table``'s index: an ONS code, or a position in the file, which the message counts as a spreadsheet does)."""
    numbers = table[list(columns)].apply(pd.to_numeric, errors="coerce")
    wrong = (numbers.isna() & (table[list(columns)] != "")).to_numpy().nonzero()
    if len(wrong[0]):
        row, column = int(wrong[0][0]), columns[int(wrong[1][0])]
        label = table.index[row]
        where = label if isinstance(label, str) else f"row {label + 2}"
        raise AreaSetError(f"{entry}: {path.name} {where}, column {column}: '{table[column].iloc[row]}' is not a "
                           "number (leave a cell blank where the figure is not available)")
    return numbers.astype(float)


def read_context(path: Path, codes: tuple[str, ...], groups: tuple[str, tuple[str, ...]] | None) -> pd.DataFrame:
    """Each area's ``CONTEXT_COLUMNS`` (index ons_code, in ``codes``' order; NaN where blank) and, where ``groups``
    (a column and the values it may hold: the set's sub-regions) is given, that column."""
    columns = CONTEXT_COLUMNS + ((groups[0],) if groups else ())
    table = _csv(path, "context", ("ons_code", *columns))
    table["ons_code"] = table["ons_code"].str.upper()
    twice = sorted(set(table.loc[table["ons_code"].duplicated(), "ons_code"]))
    require(not twice, f"context: {path.name} has two rows for {', '.join(twice)}")
    missing = [code for code in codes if code not in set(table["ons_code"])]
    require(not missing, f"context: {path.name} has no row for {', '.join(missing)} (a blank cell is 'not available')")
    table = table.set_index("ons_code").loc[list(codes)]
    context = _numbers(table, CONTEXT_COLUMNS, "context", path)
    if groups:
        column, values = groups
        outside = [f"{code} '{value}'" for code, value in table[column].items() if value not in values]
        require(not outside, f"context: column {column} must say one of {', '.join(values)}; not {', '.join(outside)}")
        context[column] = table[column]
    return context


def read_neighbours(path: Path, codes: tuple[str, ...]) -> pd.DataFrame:
    table = _csv(path, "neighbours", NEIGHBOUR_COLUMNS)
    for column in ("ons_code", "neighbour_code"):
        table[column] = table[column].str.upper()
    within = table[table["ons_code"].isin(codes) & table["neighbour_code"].isin(codes)]  # index: the file's rows
    numbers = _numbers(within, ("neighbour_rank", "relative_distance"), "neighbours", path)
    require(bool((numbers["neighbour_rank"] % 1 == 0).all()), f"neighbours: {path.name}: a neighbour_rank is a whole number")
    return (within[["ons_code", "neighbour_code"]]
            .assign(neighbour_rank=numbers["neighbour_rank"].astype(int), relative_distance=numbers["relative_distance"])
            .sort_values(["ons_code", "neighbour_rank"], ignore_index=True)[list(NEIGHBOUR_COLUMNS)])
