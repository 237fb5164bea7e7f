"""Pilot readiness: which areas could adopt a pilot now, what blocks the rest, who could help."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from figures.london_maps import readiness_map
from figures.map_spec import MapSpec
from models.disclosure import FEW_RESPONDENTS_HELP, FEW_RESPONDENTS_LABEL, few_respondents, marks
from models.numbers import format_score
from models.readiness import READY, WAVE_NAMES, WAVE_RULE, ranked, readiness, status_counts
from models.summary import NO_RESPONSE
from survey.area_sets import active_area_set
from survey.areas import borough_names
from survey.framework import Framework
from survey.pilots import PilotLibrary
from viewmodels.common import NO_PARTNER, SCORE, SIGNED, Table, formats_for, name_list

CUSTOM = "custom"


@dataclass(frozen=True)
class ReadinessView:
    """Every area's readiness for one pilot's requirements."""

    needs: str
    counts: dict[str, int]
    rule: str
    map: MapSpec
    map_description: str
    boroughs: Table


@dataclass(frozen=True)
class ReadinessPage:
    """The Pilot readiness page's own words, in the active set's."""

    running_label: str  # the choice to mark where the pilot already runs
    table_caption: str


def readiness_page() -> ReadinessPage:
    """The page's words around its map and table: "Mark the boroughs where the pilot already runs"."""
    noun, plural = active_area_set().noun, active_area_set().plural
    return ReadinessPage(
        running_label=f"Mark the {plural} where the pilot already runs",
        table_caption=("Margin: the weakest required dimension's score minus its minimum. Uplift: how far each required "
                       f"dimension must rise. Suggested partners: ready {plural} among each {noun}'s ONS neighbours and "
                       "maturity neighbours, closest first."))


def pilot_choices(library: PilotLibrary) -> dict[str, str]:
    """Pilot id → title for the pilot choice: the library's pilots, then a custom pilot."""
    return {p.id: p.name for p in library.pilots} | {CUSTOM: "Custom pilot (set the requirements)"}


def readiness_view(framework: Framework, scores: pd.DataFrame, partners: dict[str, list[str]], round_label: str,
                   pilot_id: str, requirements: dict[str, float], nearly_ready_band: float,
                   running_in: tuple[str, ...] = ()) -> ReadinessView:
    """Readiness of every borough for ``requirements`` (dimension → minimum score).

    ``partners`` holds each borough's candidate partners (context then maturity neighbours);
    ``running_in`` the boroughs where the pilot already runs, marked on the map and in the table.
    """
    names, dimension_names = borough_names(), framework.dimension_names
    area_set = active_area_set()
    table = readiness(scores[list(framework.dimension_ids)], requirements, nearly_ready_band, peers=partners)
    counts = status_counts(table) | {NO_RESPONSE: len(names) - len(table)}
    spec = readiness_map(scores, table, framework, running_in)
    order = ranked(table)
    listing = pd.DataFrame({
        area_set.heading_noun: order.index.map(names),
        FEW_RESPONDENTS_LABEL: marks(order.index, few_respondents(scores)),
        "Status": order["status"],
        "Wave": order["wave"].map(lambda w: "—" if pd.isna(w) else WAVE_NAMES[int(w)]),
        "Margin": order["margin"],
        "Bottleneck": order["bottleneck"].map(lambda b: ", ".join(dimension_names[d] for d in b)),
        **{f"Uplift: {dimension_names[d]}": order[f"uplift_{d}"] for d in requirements},
        "Suggested partners": [("—" if status == READY else name_list(p, names) or NO_PARTNER)
                               for status, p in zip(order["status"], order["partners"])],
    })
    if running_in:
        listing.insert(1, "Pilot runs here", [c in running_in for c in order.index])
    return ReadinessView(
        needs="**Needs:** " + "; ".join(f"{dimension_names[d]} at least {format_score(v)}" for d, v in requirements.items()),
        counts=counts,
        rule=(f"Ready: every required dimension at or above its minimum. Nearly ready: the weakest is at most "
              f"{nearly_ready_band:g} below. Not yet: further below. Not assessed: a required dimension has no score. "
              + WAVE_RULE.format(band=f"{nearly_ready_band:g}")),
        map=spec,
        map_description=(f"Map of the {len(names)} {area_set.plural} by readiness for this pilot: "
                         + ", ".join(f"{count} {status.lower()}" for status, count in counts.items()) + "."
                         + (f" A red line joins each nearly-ready {area_set.noun} to its suggested ready partner."
                            if spec.drawn_links else
                            f" The table gives each nearly-ready {area_set.noun}'s suggested partners: {len(spec.links)} "
                            "lines would hide the map." if spec.links else "")
                         + (f" {area_set.heading_plural} where the pilot already runs are outlined." if running_in else "")
                         + f" Point at a {area_set.noun} for its margin and bottleneck; the table below lists every "
                           f"{area_set.noun}."),
        boroughs=Table(listing, {"Margin": SIGNED, **formats_for([c for c in listing.columns if c.startswith("Uplift")],
                                                                  SCORE)},
                       f"readiness_{pilot_id}_{round_label}.csv", {FEW_RESPONDENTS_LABEL: FEW_RESPONDENTS_HELP},
                       priority=("Status", "Margin", "Bottleneck", "Suggested partners", "Wave"),
                       breakable=("Bottleneck", "Wave")),  # on a wide screen the wave shows, which orders the list
    )
