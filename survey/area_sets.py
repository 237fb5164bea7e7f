"""Area sets: the councils a deployment benchmarks, as a data file (London's 33 boroughs unless the settings say otherwise).

A set file (YAML; docs/area-sets.md) gives the words pages use (a title, the noun for one area and for several),
a boundaries file in any format geopandas reads with its code and name columns, and optionally three-letter
labels, other spellings, context figures, statistical neighbours, sub-regions and the codes to keep of a bigger
boundaries file. Everything the code knows about areas comes from the active set (``active_area_set``, named by
the ``areas.set`` setting), read and checked once: a broken entry stops the dashboard and the command line at
start with a message naming the file and the entry, never a page later.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import pyogrio
import yaml

from survey.area_labels import generated_labels
from survey.settings import PROJECT_ROOT, Settings, load_settings

BUNDLED_DIR = PROJECT_ROOT / "data" / "areas"
ONS_CODE = re.compile(r"^[A-Z]\d{8}$")  # a GSS code: a letter and eight digits (E09000007)
LABEL = re.compile(r"^[A-Z]{3}$")
# The figures a context file gives for each area (a blank cell is "not available").
CONTEXT_COLUMNS = ("population_mid2024", "population_mid2022", "imd2019_average_score", "imd2019_rank_of_average_score",
                   "imd2019_prop_lsoas_most_deprived_10pct")
NEIGHBOUR_COLUMNS = ("ons_code", "neighbour_rank", "neighbour_code", "relative_distance")
SOURCE_FIELDS = ("title", "publisher", "licence", "attribution")
_ENTRIES = ("key", "title", "noun", "plural", "boundaries", "labels", "aliases", "context", "neighbours", "sub_regions",
            "keep", "example", "demo", "sources")


class AreaSetError(ValueError):
    """An area set file is missing, unreadable or inconsistent: the message names the file and the entry."""


@dataclass(frozen=True)
class Area:
    """One area of a set: its ONS code, its name as pages write it, its sub-region ("" where the set has none)."""

    ons_code: str
    name: str
    sub_region: str = ""


@dataclass(frozen=True)
class SubRegions:
    """How a set's areas are grouped (London's Inner and Outer): the grouping's name, the context file's column
    holding each area's group, and the groups; the context variable counts the first group as 1, the rest 0."""

    name: str
    column: str
    values: tuple[str, ...]

    @property
    def variable(self) -> str:
        """The context variable's column: the first group in lower case ("inner_london")."""
        return re.sub(r"[^0-9a-z]+", "_", self.values[0].casefold()).strip("_")

    @property
    def variable_label(self) -> str:
        """"Inner London (1 Inner, 0 Outer)": each group by the words that tell it from the others."""
        shared = set.intersection(*(set(value.split()) for value in self.values))
        short = [" ".join(word for word in value.split() if word not in shared) or value for value in self.values]
        rest = short[1] if len(short) == 2 else "other"
        return f"{self.values[0]} (1 {short[0]}, 0 {rest})"


@dataclass(frozen=True, eq=False)  # compared by identity: a set is read once, and caches are kept per set
class AreaSet:
    """A checked area set: its words, its areas in ONS-code order, and everything read from its files.

    ``context`` (index ons_code; ``CONTEXT_COLUMNS``, NaN where not available, and the sub-regions' column) and
    ``neighbours`` (``NEIGHBOUR_COLUMNS``, both ends in the set) are None where the set has no such file.
    """

    key: str
    title: str  # "London": what the benchmark covers, as a heading says it
    noun: str  # "borough": one area, as a sentence says it
    plural: str  # "boroughs"
    file: Path
    boundaries: Path
    code_column: str
    name_column: str
    areas: tuple[Area, ...]
    labels: Mapping[str, str]
    aliases: tuple[tuple[str, str], ...]  # (other spelling, ONS code)
    context: pd.DataFrame | None
    neighbours: pd.DataFrame | None
    sub_regions: SubRegions | None
    example: Area  # the area examples and messages name ("Camden")
    demo: Path | None  # a folder of synthetic rounds (survey_*.csv); without, the demo rounds are generated
    sources: Mapping[str, Mapping[str, str]]  # what this set's data adds to, or changes in, data/sources.yaml

    @property
    def count(self) -> int:
        return len(self.areas)

    @cached_property
    def codes(self) -> tuple[str, ...]:
        return tuple(area.ons_code for area in self.areas)

    @cached_property
    def names(self) -> dict[str, str]:
        """ONS code -> name, in code order."""
        return {area.ons_code: area.name for area in self.areas}

    @property
    def an_area(self) -> str:
        """"a London borough", "an England council": one area of the set, in a sentence."""
        return f"{'an' if self.title[:1].casefold() in 'aeiou' else 'a'} {self.title} {self.noun}"

    @property
    def code_range(self) -> str:
        """"E09000001-E09000033": the first and last codes, for messages."""
        return f"{self.codes[0]}-{self.codes[-1]}"


def bundled_sets() -> list[str]:
    """The names of the sets in data/areas."""
    return sorted(path.stem for path in BUNDLED_DIR.glob("*.yaml"))


def area_set_path(settings: Settings) -> Path:
    """The set file the ``areas.set`` setting names: a bundled set by name, or a path (relative to the project).

    Raises
    ------
    AreaSetError
        For a name no bundled set has.
    """
    value = str(settings["areas.set"])
    if re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
        if value not in bundled_sets():
            raise AreaSetError(f"areas.set ({settings.where['areas.set']}): there is no bundled area set '{value}'; the "
                               f"bundled sets are {', '.join(bundled_sets())}, or give the path of a set file")
        return BUNDLED_DIR / f"{value}.yaml"
    path = Path(value)
    return path if path.is_absolute() else PROJECT_ROOT / path


@lru_cache(maxsize=1)
def active_area_set() -> AreaSet:
    """The set the ``areas.set`` setting names, read and checked once a process.

    Raises
    ------
    AreaSetError, SettingsError
    """
    return load_area_set(area_set_path(load_settings()))


def load_area_set(path: Path | str) -> AreaSet:
    """Read and check a set file and the files it names (paths relative to the set file's folder).

    Raises
    ------
    AreaSetError
        With the set file's name and the first problem found.
    """
    path = Path(path)
    shown = path.relative_to(PROJECT_ROOT) if path.is_relative_to(PROJECT_ROOT) else path
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise AreaSetError(f"{shown}: cannot read the area set file: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise AreaSetError(f"{shown}: cannot read the area set file: {exc}") from None
    try:
        return _parse(raw, path)
    except AreaSetError as exc:
        raise AreaSetError(f"{shown}: {exc}") from None


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise AreaSetError(message)


def _text(raw: dict[str, Any], entry: str) -> str:
    value = raw.get(entry)
    _require(isinstance(value, str) and value.strip() != "", f"{entry} is missing: give it as text")
    return str(value).strip()


def _path(folder: Path, value: object, entry: str) -> Path:
    _require(isinstance(value, str) and value.strip() != "", f"{entry} must be a file's path, relative to the set file")
    return (folder / str(value).strip()).resolve()


def _parse(raw: Any, file: Path) -> AreaSet:
    _require(isinstance(raw, dict), "the file must be a mapping with key, title, noun, plural and boundaries")
    unknown = sorted(map(str, set(raw) - set(_ENTRIES)))
    _require(not unknown, f"unknown entry {', '.join(unknown)}; the entries are {', '.join(_ENTRIES)}")
    key, title, noun, plural = (_text(raw, entry) for entry in ("key", "title", "noun", "plural"))
    _require(re.fullmatch(r"[a-z0-9][a-z0-9-]*", key) is not None,
             f"key '{key}' must be lower-case letters, digits and hyphens")
    folder = file.parent
    spec = raw.get("boundaries")
    _require(isinstance(spec, dict), "boundaries must give file, code_column and name_column")
    boundaries = _path(folder, spec.get("file"), "boundaries.file")
    code_column, name_column = (_text(spec, f"{kind}_column") for kind in ("code", "name"))
    everything = _boundary_areas(boundaries, code_column, name_column)
    codes = _kept(raw.get("keep"), everything, boundaries)
    names = {code: everything[code] for code in codes}
    repeated = sorted({name for name in names.values() if list(names.values()).count(name) > 1})
    _require(not repeated, f"boundaries: two areas are named {', '.join(repeated)}: each name must tell one area")

    sub_regions = _sub_regions(raw.get("sub_regions"))
    context = _context(_path(folder, raw["context"], "context"), codes, sub_regions) if "context" in raw else None
    _require(sub_regions is None or context is not None, "sub_regions need a context file holding their column")
    areas = tuple(Area(code, names[code], "" if context is None or sub_regions is None
                       else str(context.loc[code, sub_regions.column])) for code in codes)
    labels = (_labels(_path(folder, raw["labels"], "labels"), names, everything) if "labels" in raw
              else generated_labels(names))
    aliases = _aliases(_path(folder, raw["aliases"], "aliases"), codes, everything) if "aliases" in raw else ()
    neighbours = _neighbours(_path(folder, raw["neighbours"], "neighbours"), codes) if "neighbours" in raw else None
    example = str(raw.get("example", codes[0])).strip()
    _require(example in names, f"example: {example} is not an area of the set")
    demo = _path(folder, raw["demo"], "demo") if "demo" in raw else None
    _require(demo is None or demo.is_dir(), f"demo: {demo} is not a folder")
    return AreaSet(key, title, noun, plural, file, boundaries, code_column, name_column, areas, labels, aliases, context,
                   neighbours, sub_regions, areas[codes.index(example)], demo, _sources(raw.get("sources")))


def _boundary_areas(path: Path, code_column: str, name_column: str) -> dict[str, str]:
    """ONS code -> name of every feature of the boundaries file, checked: one feature a code, a name each."""
    try:
        info = pyogrio.read_info(path)
        table = pyogrio.read_dataframe(path, read_geometry=False)
    except (OSError, RuntimeError) as exc:  # pyogrio's DataSourceError and DataLayerError are RuntimeErrors
        raise AreaSetError(f"boundaries: cannot read {path.name}: {exc}") from None
    for column in (code_column, name_column):
        _require(column in table.columns, f"boundaries: {path.name} has no column '{column}' (its columns: "
                                          f"{', '.join(map(str, table.columns))})")
    _require(info.get("crs") is not None, f"boundaries: {path.name} does not say its coordinate reference system")
    _require(len(table) > 0, f"boundaries: {path.name} holds no areas")
    codes = [str(code).strip().upper() for code in table[code_column]]
    bad = [code for code in codes if not ONS_CODE.match(code)]
    _require(not bad, f"boundaries: {path.name} column '{code_column}' holds '{bad[0] if bad else ''}', not an ONS code "
                      "(a letter and eight digits)")
    seen: dict[str, int] = {}
    for row, code in enumerate(codes, start=1):
        _require(code not in seen, f"boundaries: code {code} is on two features of {path.name} (features {seen.get(code)} "
                                   f"and {row}): each area must be one feature")
        seen[code] = row
    names = [str(name).strip() if pd.notna(name) else "" for name in table[name_column]]
    blank = [code for code, name in zip(codes, names) if not name]
    _require(not blank, f"boundaries: {path.name} has no name for {', '.join(blank)}")
    return dict(zip(codes, names))


def _kept(keep: object, everything: dict[str, str], boundaries: Path) -> tuple[str, ...]:
    """The set's codes in order: those ``keep`` lists (each once, each in the boundaries file), else all."""
    if keep is None:
        return tuple(sorted(everything))
    if not isinstance(keep, list) or not keep:
        raise AreaSetError("keep must list the ONS codes of the set's areas")
    codes = [str(code).strip().upper() for code in keep]
    twice = sorted({code for code in codes if codes.count(code) > 1})
    _require(not twice, f"keep: {', '.join(twice)} listed twice")
    unknown = [code for code in codes if code not in everything]
    _require(not unknown, f"keep: {', '.join(unknown)} not in the boundaries file {boundaries.name}")
    return tuple(sorted(codes))


def _csv(path: Path, entry: str, columns: tuple[str, ...]) -> pd.DataFrame:
    """A CSV of text cells (blank where empty), with ``columns`` among its own."""
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, ValueError) as exc:
        raise AreaSetError(f"{entry}: cannot read {path.name}: {exc}") from None
    missing = [column for column in columns if column not in table.columns]
    _require(not missing, f"{entry}: {path.name} has no column {', '.join(missing)} (its columns: {', '.join(table.columns)})")
    return table.apply(lambda column: column.str.strip())


def _labels(path: Path, names: dict[str, str], everything: dict[str, str]) -> dict[str, str]:
    table = _csv(path, "labels", ("ons_code", "label"))
    given = dict(zip(table["ons_code"].str.upper(), table["label"]))
    unknown = sorted(set(given) - set(everything))
    _require(not unknown, f"labels: {path.name} gives a label to {', '.join(unknown)}, not in the boundaries file")
    missing = [code for code in names if code not in given]
    _require(not missing, f"labels: {path.name} has no label for {', '.join(missing)}")
    labels = {code: given[code] for code in names}
    bad = [f"{code} '{label}'" for code, label in labels.items() if not LABEL.match(label)]
    _require(not bad, f"labels: a label is three capital letters: {', '.join(bad)}")
    by_label: dict[str, list[str]] = {}
    for code, label in labels.items():
        by_label.setdefault(label, []).append(names[code])
    shared = [f"{label} ({' and '.join(areas)})" for label, areas in by_label.items() if len(areas) > 1]
    _require(not shared, f"labels: labels must be unique, and {', '.join(shared)} share one")
    return labels


def _aliases(path: Path, codes: tuple[str, ...], everything: dict[str, str]) -> tuple[tuple[str, str], ...]:
    table = _csv(path, "aliases", ("alias", "ons_code"))
    pairs = list(zip(table["alias"], table["ons_code"].str.upper()))
    unknown = sorted({code for _, code in pairs if code not in everything})
    _require(not unknown, f"aliases: {path.name} names {', '.join(unknown)}, not in the boundaries file")
    _require(all(alias for alias, _ in pairs), f"aliases: {path.name} has a row without an alias")
    meaning: dict[str, str] = {}
    for alias, code in pairs:
        key = " ".join(alias.casefold().split())
        _require(meaning.setdefault(key, code) == code,
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


def _context(path: Path, codes: tuple[str, ...], sub_regions: SubRegions | None) -> pd.DataFrame:
    columns = CONTEXT_COLUMNS + ((sub_regions.column,) if sub_regions else ())
    table = _csv(path, "context", ("ons_code", *columns))
    table["ons_code"] = table["ons_code"].str.upper()
    twice = sorted(set(table.loc[table["ons_code"].duplicated(), "ons_code"]))
    _require(not twice, f"context: {path.name} has two rows for {', '.join(twice)}")
    missing = [code for code in codes if code not in set(table["ons_code"])]
    _require(not missing, f"context: {path.name} has no row for {', '.join(missing)} (a blank cell is 'not available')")
    table = table.set_index("ons_code").loc[list(codes)]
    context = _numbers(table, CONTEXT_COLUMNS, "context", path)
    if sub_regions:
        outside = [f"{code} '{value}'" for code, value in table[sub_regions.column].items() if value not in sub_regions.values]
        _require(not outside, f"context: column {sub_regions.column} must say one of {', '.join(sub_regions.values)}; "
                              f"not {', '.join(outside)}")
        context[sub_regions.column] = table[sub_regions.column]
    return context


def _neighbours(path: Path, codes: tuple[str, ...]) -> pd.DataFrame:
    table = _csv(path, "neighbours", NEIGHBOUR_COLUMNS)
    for column in ("ons_code", "neighbour_code"):
        table[column] = table[column].str.upper()
    within = table[table["ons_code"].isin(codes) & table["neighbour_code"].isin(codes)]  # index: the file's rows
    numbers = _numbers(within, ("neighbour_rank", "relative_distance"), "neighbours", path)
    _require(bool((numbers["neighbour_rank"] % 1 == 0).all()), f"neighbours: {path.name}: a neighbour_rank is a whole number")
    return (within[["ons_code", "neighbour_code"]]
            .assign(neighbour_rank=numbers["neighbour_rank"].astype(int), relative_distance=numbers["relative_distance"])
            .sort_values(["ons_code", "neighbour_rank"], ignore_index=True)[list(NEIGHBOUR_COLUMNS)])


def _sub_regions(raw: object) -> SubRegions | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise AreaSetError("sub_regions must give name, column and values")
    values = raw.get("values")
    if not isinstance(values, list) or len(values) < 2 or len({str(value).strip() for value in values}) < len(values):
        raise AreaSetError("sub_regions.values must list two or more different groups")
    return SubRegions(_text(raw, "name"), _text(raw, "column"), tuple(str(value).strip() for value in values))


def _sources(raw: object) -> dict[str, dict[str, str]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise AreaSetError("sources must map a source id to its title, publisher, licence and attribution")
    sources = {}
    for source_id, spec in raw.items():
        _require(isinstance(spec, dict) and all(isinstance(spec.get(f), str) and spec[f].strip() for f in SOURCE_FIELDS),
                 f"sources.{source_id} must give {', '.join(SOURCE_FIELDS)}")
        sources[str(source_id)] = {f: " ".join(str(spec[f]).split()) for f in SOURCE_FIELDS}
    return sources
