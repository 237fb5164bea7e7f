"""Trends: London over rounds, the biggest movers between two rounds, and level transitions."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from figures.charts import Chart, trend_lines
from models.benchmark import ScoredRound, round_changes
from models.disclosure import FEW_RESPONDENTS_HELP, FEW_RESPONDENTS_LABEL, few_respondents
from models.numbers import format_score, format_signed
from models.summary import OVERALL
from models.trends import (
    MedianChange, count_boroughs, framework_changes, level_moves, level_moves_sentence, level_transitions, london_medians,
    median_change, movers,
)
from reports.tables import movers_table
from survey.area_sets import active_area_set
from survey.framework import Framework
from viewmodels.common import SCORE, SIGNED, Table, formats_for


@dataclass(frozen=True)
class TrendsView:
    """London's medians over every round."""

    notes: list[str]
    medians_heading: str  # "London's median over rounds"
    medians_chart: Chart
    medians_description: str
    medians: Table


@dataclass(frozen=True)
class ComparisonView:
    """What changed between two chosen rounds."""

    movers_heading: str
    movers: Table
    transitions_heading: str
    transitions: Table  # index: level before
    transitions_caption: str


def trends_view(framework: Framework, rounds: dict[str, ScoredRound]) -> TrendsView:
    """London's median per dimension over every round in ``rounds`` (in round order, at least two); a provisional
    round (which only office staff are given) is headed and noted as such."""
    area_set = active_area_set()
    names = framework.dimension_names | {OVERALL: "Overall index"}
    medians = london_medians({r.heading: r.scores for r in rounds.values()}, framework)
    first, last = list(rounds.values())[0], list(rounds.values())[-1]
    compared = median_change(first.scores, last.scores, first.heading, last.heading)
    shown = medians.rename(columns=names).reset_index().rename(columns={"round": "Round"})
    versions = pd.DataFrame({"round": list(rounds), "framework_version": [r.framework_version for r in rounds.values()]})
    provisional = [label for label, r in rounds.items() if r.provisional]
    unpublished = ([f"Provisional round{'s' if len(provisional) > 1 else ''} {', '.join(provisional)}: not yet published, so "
                    "shown to office staff only and left out of every trend, comparison and document that members and the "
                    "public see."] if provisional else [])
    return TrendsView(
        notes=unpublished + framework_changes(versions),
        medians_heading=f"{area_set.possessive} median over rounds",
        medians_chart=Chart(trend_lines, (medians, names, framework.level_names),
                            {"band_lowers": tuple(level.lower for level in framework.levels)}),
        medians_description=f"Line chart of {area_set.possessive} median score per dimension in each round, on a scale "
                            f"fitted to the medians with the level bands marked. {_median_change_text(compared)}",
        medians=Table(shown, formats_for([c for c in shown.columns if c != "Round"], SCORE), f"{area_set.key}_medians.csv",
                      priority=("Overall index",)),  # the headline median stays where a dimension's folds
    )


def _median_change_text(compared: MedianChange) -> str:
    """'The median overall index went from 2.50 in 2025 to 3.00 in 2026 (+0.50).', over the boroughs with an
    overall index in both rounds, saying how many where the two rounds scored different boroughs."""
    if compared.boroughs == 0:
        return compared.sentence()
    went = (f"went from {format_score(compared.before)} in {compared.before_label} to {format_score(compared.after)} "
            f"in {compared.after_label} ({format_signed(compared.change)}).")
    if compared.same_boroughs:
        return f"The median overall index {went}"
    return (f"Across the {count_boroughs(compared.boroughs)} with an overall index in both {compared.before_label} and "
            f"{compared.after_label}, the median overall index {went}")


def earlier_rounds(labels: list[str], later: str) -> list[str]:
    """The rounds before ``later`` in round order: the choices for the earlier of two rounds."""
    return labels[: labels.index(later)]


def comparison_view(framework: Framework, before: ScoredRound, after: ScoredRound) -> ComparisonView:
    """The biggest movers and the level transitions between two rounds (headed "(provisional)" where one is)."""
    area_set = active_area_set()
    b, a = before.heading, after.heading
    changes = round_changes(before, after, framework)
    table = movers_table(movers(changes, before.ranks, after.ranks), b, a, few_respondents(before.scores, after.scores)
                         ).rename(columns={"Borough": area_set.heading_noun})
    transitions = level_transitions(before.scores, after.scores, framework)
    return ComparisonView(
        movers_heading=(f"**Biggest movers, {b} → {a}** (overall index, among the {count_boroughs(len(changes))} with "
                        f"an overall index in both rounds). A change is *clear* when the likely range "
                        f"of the {area_set.noun}'s own change (over its respondents and the weights) lies wholly above or below "
                        "zero; otherwise it is within the uncertainty and may be noise."),
        movers=Table(table, {b: SCORE, a: SCORE, "Change": SIGNED}, f"movers_{before.label}_{after.label}.csv",
                     {FEW_RESPONDENTS_LABEL: FEW_RESPONDENTS_HELP}, priority=("Change", a, "Level", "Verdict")),
        transitions_heading=(f"**Level transitions, {b} → {a}** ({area_set.plural} in both rounds; rows: level in {b}, "
                             f"columns: level in {a})"),
        transitions=Table(transitions.rename_axis(index=f"Level in {b}", columns=None)),
        transitions_caption=(f"{count_boroughs(int(transitions.to_numpy().sum()))} in both rounds. Of the "
                             f"{len(changes)} with an overall index in both, {level_moves_sentence(level_moves(changes))}"),
    )

