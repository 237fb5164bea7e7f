"""The areas of the active area set (London's 33 boroughs by default), keyed by ONS code, and matching the names
people type.

Uploads name areas however their authors like ("LB Camden", "Hammersmith & Fulham", "Kingston", "E09000007").
``BoroughMatcher`` turns each into one ONS code of the set or a clear error listing the nearest valid names; it
never guesses between two areas. Names, labels, context and neighbours are the set's
(``survey.area_sets.active_area_set``), read through the functions pages have always called.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from survey.area_files import NEIGHBOUR_COLUMNS, ONS_CODE
from survey.area_sets import Area, AreaSet, active_area_set

DATA_DIR = Path(__file__).resolve().parents[1] / "data"

TYPED_CODE = re.compile(ONS_CODE.pattern, re.IGNORECASE)
# Words that people put around an area's name but that do not identify it.
_PREFIXES = ("the royal borough of ", "royal borough of ", "london borough of ", "metropolitan borough of ", "borough of ",
             "lb of ", "lb ", "rb ")
_SUFFIXES = (" metropolitan borough council", " metropolitan district council", " london borough council",
             " borough council", " district council", " city council", " county council", " council", " london borough",
             " metropolitan borough", " borough", " lbc", " mbc")
_MIN_PREFIX = 4  # shortest typed prefix accepted as an abbreviation ("Kingston", not "Ha")

# Column of ``load_context`` -> what it is, as a page names it (the sub-regions' variable is added per set).
CONTEXT_VARIABLES = {
    "population_mid2024": "Population (mid-2024)",
    "population_change": "Population change, mid-2022 to mid-2024 (%)",
    "imd2019_average_score": "IMD 2019 average score (higher is more deprived)",
    "imd2019_rank_of_average_score": "IMD 2019 rank of average score (1 is most deprived in England)",
    "imd2019_prop_lsoas_most_deprived_10pct": "Share of areas among England's most deprived 10% (IMD 2019)",
}


def load_boroughs() -> tuple[Area, ...]:
    """The set's areas in ONS-code order."""
    return active_area_set().areas


def borough_names() -> dict[str, str]:
    """ONS code -> display name."""
    return dict(active_area_set().names)


def borough_labels() -> dict[str, str]:
    """ONS code -> the short label written on maps and charts ("CMD")."""
    return dict(active_area_set().labels)


def load_neighbours() -> pd.DataFrame:
    """ONS 2025 statistical nearest neighbours within the set (no rows where the set has none).

    Columns: ons_code, neighbour_rank (ONS rank among all of England), neighbour_code, neighbour_name,
    relative_distance; rows in ONS order within each area.
    """
    return _neighbours(active_area_set())


@lru_cache(maxsize=4)
def _neighbours(area_set: AreaSet) -> pd.DataFrame:
    table = area_set.neighbours if area_set.neighbours is not None else pd.DataFrame(columns=list(NEIGHBOUR_COLUMNS))
    named = table.assign(neighbour_name=table["neighbour_code"].map(area_set.names))
    return named[["ons_code", "neighbour_rank", "neighbour_code", "neighbour_name", "relative_distance"]]


def context_variables() -> dict[str, str]:
    """The columns of ``load_context`` the set gives (none without a context file), and what each is, as a page
    names it: its ONS and IMD figures, and where it has sub-regions, 1 for an area in the first ("Inner London")."""
    return _variables(active_area_set())


def _variables(area_set: AreaSet) -> dict[str, str]:
    if area_set.context is None:
        return {}
    sub_regions = area_set.sub_regions
    return CONTEXT_VARIABLES | ({sub_regions.variable: sub_regions.variable_label} if sub_regions else {})


def load_context() -> pd.DataFrame:
    """Each area's context variables (``context_variables``; every one NaN where the set has no context file),
    index ons_code, NaN where a figure is not available: the set's ONS and IMD figures, with the population change
    worked out from the two mid-year estimates."""
    return _context(active_area_set())


@lru_cache(maxsize=4)
def _context(area_set: AreaSet) -> pd.DataFrame:
    if area_set.context is None:
        return pd.DataFrame(np.nan, index=pd.Index(area_set.codes, name="ons_code"), columns=list(CONTEXT_VARIABLES))
    table = area_set.context.copy()
    table["population_change"] = (table["population_mid2024"] / table["population_mid2022"] - 1) * 100
    if area_set.sub_regions:
        sub_regions = area_set.sub_regions
        table[sub_regions.variable] = (table[sub_regions.column] == sub_regions.values[0]).astype(float)
    return table[list(_variables(area_set))].astype(float)


def normalise_name(text: str) -> str:
    """Fold case, '&' and punctuation, and strip the words around an area's name."""
    name = text.casefold().replace("&", " and ")
    name = re.sub(r"[^\w\s]", " ", name)
    name = re.sub(r"\s+", " ", name).strip()
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            name = name[len(prefix):]
            break
    for suffix in _SUFFIXES:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return name.strip()


@dataclass(frozen=True)
class BoroughMatch:
    """The outcome of matching one typed name: a code, or an error message."""

    text: str
    ons_code: str | None
    error: str | None = None


class BoroughMatcher:
    """Match typed area names or codes to the ONS codes of a set (default: the active one)."""

    def __init__(self, area_set: AreaSet | None = None) -> None:
        self.area_set = area_set or active_area_set()
        self._names = dict(self.area_set.names)
        self._lookup: dict[str, str] = {normalise_name(name): code for code, name in self._names.items()}
        for alias, code in self.area_set.aliases:
            self._lookup.setdefault(normalise_name(alias), code)

    def match(self, text: str) -> BoroughMatch:
        raw = str(text).strip()
        areas = self.area_set
        noun = areas.noun
        if not raw:
            return BoroughMatch(raw, None, f"{noun.capitalize()} is blank: give a {noun} name or ONS code "
                                           f"({areas.code_range}).")
        if TYPED_CODE.match(raw):
            code = raw.upper()
            if code in self._names:
                return BoroughMatch(raw, code)
            return BoroughMatch(raw, None, f"'{raw}' is not {areas.an_area} ONS code ({areas.code_range}).")
        key = normalise_name(raw)
        if key in self._lookup:
            return BoroughMatch(raw, self._lookup[key])
        if len(key) >= _MIN_PREFIX:
            codes = sorted({code for name, code in self._lookup.items() if name.startswith(key)})
            if len(codes) == 1:
                return BoroughMatch(raw, codes[0])
            if len(codes) > 1:
                names = ", ".join(self._names[c] for c in codes)
                return BoroughMatch(raw, None, f"{noun.capitalize()} '{raw}' is ambiguous: it could be {names}.")
        return BoroughMatch(raw, None, f"Unknown {noun} '{raw}'. {self.suggest(raw)}")

    def suggest(self, text: str) -> str:
        """A sentence naming the closest valid names, for error messages."""
        key = normalise_name(text)
        close = difflib.get_close_matches(key, list(self._lookup), n=6, cutoff=0.5)
        names = list(dict.fromkeys(self._names[self._lookup[c]] for c in close))[:3]
        if not names:
            example = self.area_set.example
            return f"Use a {self.area_set.noun} name such as '{example.name}' or an ONS code such as {example.ons_code}."
        return "Nearest names: " + ", ".join(names) + "."
