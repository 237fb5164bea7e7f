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
import yaml

from survey.area_files import (
    AreaSetError, boundary_areas, kept_codes, read_aliases, read_context, read_labels, read_neighbours, require,
)
from survey.area_labels import generated_labels
from survey.settings import PROJECT_ROOT, Settings, load_settings
from survey.yaml_text import load_yaml

BUNDLED_DIR = PROJECT_ROOT / "data" / "areas"
SOURCE_FIELDS = ("title", "publisher", "licence", "attribution")
_ENTRIES = ("key", "title", "noun", "plural", "boundaries", "labels", "aliases", "context", "neighbours", "sub_regions",
            "keep", "example", "demo", "sources")


_LONDON_ONLY = re.compile(r"<!-- london only -->.*?<!-- end london only -->\n?", re.S)
_LONDON_ONLY_MARK = re.compile(r"<!-- (?:end )?london only -->\n?")

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

    @property
    def possessive(self) -> str:
        """"London's", "Greater Manchester's": what belongs to the whole set ("London's median")."""
        return f"{self.title}'s"

    @property
    def heading_noun(self) -> str:
        """"Borough", "Council": the noun opening a heading or a table's column."""
        return self.noun[:1].upper() + self.noun[1:]

    @property
    def heading_plural(self) -> str:
        """"Boroughs", "Councils"."""
        return self.plural[:1].upper() + self.plural[1:]

    def in_own_words(self, text: str) -> str:
        """``text`` written for London's boroughs (the framework's questions, the methodology) in this set's words:
        "London" becomes its title (never in "City of London"), "borough(s)" its nouns, "the 33 boroughs" its count,
        "Inner/Outer London" its sub-regions' name. Passages only London's data makes true are marked in the text
        (``<!-- london only -->`` ... ``<!-- end london only -->``) and left out for other sets. For London the text
        comes back as it was written."""
        if self.key != "london":
            text = _LONDON_ONLY.sub("", text)
        text = _LONDON_ONLY_MARK.sub("", text)
        sub_regions = self.sub_regions.name if self.sub_regions else self.title
        for pattern, words in ((r"\b33 boroughs\b", f"{self.count} {self.plural}"),
                               (r"\bInner/Outer London\b", sub_regions),
                               (r"\bLondon Borough\b", f"{self.title} {self.heading_noun}"),
                               (r"(?<!City of )\bLondon\b", self.title),
                               (r"\bboroughs\b", self.plural), (r"\bBoroughs\b", self.heading_plural),
                               (r"\bborough\b", self.noun), (r"\bBorough\b", self.heading_noun)):
            text = re.sub(pattern, words.replace("\\", r"\\"), text)
        return text


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
        raw = load_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise AreaSetError(f"{shown}: cannot read the area set file: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise AreaSetError(f"{shown}: cannot read the area set file: {exc}") from None
    try:
        return _parse(raw, path)
    except AreaSetError as exc:
        raise AreaSetError(f"{shown}: {exc}") from None


def _text(raw: dict[str, Any], entry: str) -> str:
    value = raw.get(entry)
    require(isinstance(value, str) and value.strip() != "", f"{entry} is missing: give it as text")
    return str(value).strip()


def _path(folder: Path, value: object, entry: str) -> Path:
    require(isinstance(value, str) and value.strip() != "", f"{entry} must be a file's path, relative to the set file")
    return (folder / str(value).strip()).resolve()


def _parse(raw: Any, file: Path) -> AreaSet:
    require(isinstance(raw, dict), "the file must be a mapping with key, title, noun, plural and boundaries")
    unknown = sorted(map(str, set(raw) - set(_ENTRIES)))
    require(not unknown, f"unknown entry {', '.join(unknown)}; the entries are {', '.join(_ENTRIES)}")
    key, title, noun, plural = (_text(raw, entry) for entry in ("key", "title", "noun", "plural"))
    require(re.fullmatch(r"[a-z0-9][a-z0-9-]*", key) is not None,
             f"key '{key}' must be lower-case letters, digits and hyphens")
    folder = file.parent
    spec = raw.get("boundaries")
    require(isinstance(spec, dict), "boundaries must give file, code_column and name_column")
    boundaries = _path(folder, spec.get("file"), "boundaries.file")
    code_column, name_column = (_text(spec, f"{kind}_column") for kind in ("code", "name"))
    everything = boundary_areas(boundaries, code_column, name_column)
    codes = kept_codes(raw.get("keep"), everything, boundaries)
    names = {code: everything[code] for code in codes}
    repeated = sorted({name for name in names.values() if list(names.values()).count(name) > 1})
    require(not repeated, f"boundaries: two areas are named {', '.join(repeated)}: each name must tell one area")

    sub_regions = _sub_regions(raw.get("sub_regions"))
    context = read_context(_path(folder, raw["context"], "context"), codes,
                           (sub_regions.column, sub_regions.values) if sub_regions else None) if "context" in raw else None
    require(sub_regions is None or context is not None, "sub_regions need a context file holding their column")
    areas = tuple(Area(code, names[code], "" if context is None or sub_regions is None
                       else str(context.loc[code, sub_regions.column])) for code in codes)
    labels = (read_labels(_path(folder, raw["labels"], "labels"), names, everything) if "labels" in raw
              else generated_labels(names))
    aliases = read_aliases(_path(folder, raw["aliases"], "aliases"), codes, everything) if "aliases" in raw else ()
    neighbours = read_neighbours(_path(folder, raw["neighbours"], "neighbours"), codes) if "neighbours" in raw else None
    example = str(raw.get("example", codes[0])).strip()
    require(example in names, f"example: {example} is not an area of the set")
    demo = _path(folder, raw["demo"], "demo") if "demo" in raw else None
    require(demo is None or demo.is_dir(), f"demo: {demo} is not a folder")
    return AreaSet(key, title, noun, plural, file, boundaries, code_column, name_column, areas, labels, aliases, context,
                   neighbours, sub_regions, areas[codes.index(example)], demo, _sources(raw.get("sources")))


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
        require(isinstance(spec, dict) and all(isinstance(spec.get(f), str) and spec[f].strip() for f in SOURCE_FIELDS),
                 f"sources.{source_id} must give {', '.join(SOURCE_FIELDS)}")
        sources[str(source_id)] = {f: " ".join(str(spec[f]).split()) for f in SOURCE_FIELDS}
    return sources
