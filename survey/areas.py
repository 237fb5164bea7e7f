"""London's 33 local authorities, keyed by ONS code, and matching the names people type.

Uploads name boroughs however their authors like ("LB Camden", "Hammersmith & Fulham",
"Kingston", "E09000007").  ``BoroughMatcher`` turns each into one ONS code or a clear
error listing the nearest valid names; it never guesses between two boroughs.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
CONTEXT_CSV = DATA_DIR / "london_borough_context.csv"
ALIASES_CSV = DATA_DIR / "borough_aliases.csv"
BOUNDARIES_GEOJSON = DATA_DIR / "london_boroughs_simplified.geojson"
NEIGHBOURS_CSV = DATA_DIR / "london_ons_nearest_neighbours_2025.csv"
LABELS_CSV = DATA_DIR / "borough_labels.csv"

ONS_CODE = re.compile(r"^E09\d{6}$", re.IGNORECASE)

# Words that people put around a borough's name but that do not identify it.
_PREFIXES = ("the royal borough of ", "royal borough of ", "london borough of ", "borough of ", "lb of ", "lb ", "rb ")
_SUFFIXES = (" london borough council", " borough council", " council", " london borough", " borough", " lbc")
_MIN_PREFIX = 4  # shortest typed prefix accepted as an abbreviation ("Kingston", not "Ha")


@dataclass(frozen=True)
class Borough:
    ons_code: str
    name: str
    inner_outer: str


@lru_cache(maxsize=1)
def load_boroughs() -> tuple[Borough, ...]:
    """The 33 authorities in ONS-code order, from the bundled context file."""
    with CONTEXT_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(Borough(r["ons_code"], r["name"], r["inner_outer_london"]) for r in rows)


@lru_cache(maxsize=1)
def load_neighbours() -> pd.DataFrame:
    """ONS 2025 statistical nearest neighbours among London boroughs.

    Columns: ons_code, neighbour_rank (ONS rank among all of England), neighbour_code,
    neighbour_name, relative_distance; rows in ONS order within each borough.
    """
    return pd.read_csv(NEIGHBOURS_CSV).sort_values(["ons_code", "neighbour_rank"], ignore_index=True)


@lru_cache(maxsize=1)
def borough_labels() -> dict[str, str]:
    """ONS code -> the short label written on maps and charts ("CMD")."""
    with LABELS_CSV.open(encoding="utf-8") as handle:
        return {row["ons_code"]: row["label"] for row in csv.DictReader(handle)}


def borough_names() -> dict[str, str]:
    """ONS code -> display name."""
    return {b.ons_code: b.name for b in load_boroughs()}


def normalise_name(text: str) -> str:
    """Fold case, '&' and punctuation, and strip the words around a borough's name."""
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
    """Match typed borough names or codes to ONS codes."""

    def __init__(self, boroughs: tuple[Borough, ...] | None = None, aliases_csv: Path = ALIASES_CSV) -> None:
        self.boroughs = boroughs if boroughs is not None else load_boroughs()
        self._names = {b.ons_code: b.name for b in self.boroughs}
        self._lookup: dict[str, str] = {normalise_name(b.name): b.ons_code for b in self.boroughs}
        with aliases_csv.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                self._lookup.setdefault(normalise_name(row["alias"]), row["ons_code"])

    def match(self, text: str) -> BoroughMatch:
        raw = str(text).strip()
        if not raw:
            return BoroughMatch(raw, None, "Borough is blank: give a borough name or ONS code (E09000001-E09000033).")
        if ONS_CODE.match(raw):
            code = raw.upper()
            if code in self._names:
                return BoroughMatch(raw, code)
            return BoroughMatch(raw, None, f"'{raw}' is not a London borough ONS code (E09000001-E09000033).")
        key = normalise_name(raw)
        if key in self._lookup:
            return BoroughMatch(raw, self._lookup[key])
        if len(key) >= _MIN_PREFIX:
            codes = sorted({code for name, code in self._lookup.items() if name.startswith(key)})
            if len(codes) == 1:
                return BoroughMatch(raw, codes[0])
            if len(codes) > 1:
                names = ", ".join(self._names[c] for c in codes)
                return BoroughMatch(raw, None, f"Borough '{raw}' is ambiguous: it could be {names}.")
        return BoroughMatch(raw, None, f"Unknown borough '{raw}'. {self.suggest(raw)}")

    def suggest(self, text: str) -> str:
        """A sentence naming the closest valid borough names, for error messages."""
        key = normalise_name(text)
        close = difflib.get_close_matches(key, list(self._lookup), n=6, cutoff=0.5)
        names = list(dict.fromkeys(self._names[self._lookup[c]] for c in close))[:3]
        if not names:
            return "Use a borough name such as 'Camden' or an ONS code such as E09000007."
        return "Nearest names: " + ", ".join(names) + "."


CONTEXT_VARIABLES = {  # column of the context file -> what it is, as a page names it
    "population_mid2024": "Population (mid-2024)",
    "population_change": "Population change, mid-2022 to mid-2024 (%)",
    "imd2019_average_score": "IMD 2019 average score (higher is more deprived)",
    "imd2019_rank_of_average_score": "IMD 2019 rank of average score (1 is most deprived in England)",
    "imd2019_prop_lsoas_most_deprived_10pct": "Share of areas among England's most deprived 10% (IMD 2019)",
    "inner_london": "Inner London (1 Inner, 0 Outer)",
}


@lru_cache(maxsize=1)
def load_context() -> pd.DataFrame:
    """Each borough's context variables (``CONTEXT_VARIABLES``), index ons_code: the bundled ONS and IMD
    figures, with the population change worked out from the two mid-year estimates."""
    table = pd.read_csv(CONTEXT_CSV).set_index("ons_code")
    table["population_change"] = (table["population_mid2024"] / table["population_mid2022"] - 1) * 100
    table["inner_london"] = (table["inner_outer_london"] == "Inner London").astype(float)
    return table[list(CONTEXT_VARIABLES)].astype(float)
