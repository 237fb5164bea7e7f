"""Key messages for the Leaders' Committee, written from the numbers (never typed by hand)."""

from __future__ import annotations

import pandas as pd

from models.gaps import level_shares, target_score
from models.numbers import counted, format_score, join_names
from models.readiness import NEARLY_READY, READY, status_counts
from models.scoring import level_for
from models.stats import tied_first
from models.trends import level_moves, level_moves_sentence, median_change
from survey.area_sets import active_area_set
from survey.framework import Framework


def key_messages(
    scores: pd.DataFrame,
    framework: Framework,
    *,
    round_label: str,
    target_level: str,
    previous: tuple[str, pd.DataFrame, pd.DataFrame] | None = None,
    pilot: tuple[str, pd.DataFrame] | None = None,
) -> list[str]:
    """Three to five sentences that state the area set's picture for a round, in its words ("London's median").

    Parameters
    ----------
    scores : DataFrame
        The round's scores table (index ons_code).
    previous : (label, scores, changes), optional
        The previous round and ``models.trends.score_changes`` since it, for the change message, which
        compares like with like (the boroughs with an overall index in both rounds) and says how many
        boroughs that is; without it the messages say there is no earlier round.
    pilot : (name, readiness table), optional
        A pilot and its readiness table, for the readiness message.
    """
    dims = list(framework.dimension_ids)
    names = framework.dimension_names
    area_set = active_area_set()
    whole, noun, plural = area_set.possessive, area_set.noun, area_set.plural
    messages = []

    overall = scores["overall"].dropna()
    unscored = [d for d in dims if scores[d].isna().all()]
    median = float(overall.median()) if len(overall) else None
    if median is None:
        why = (f"{join_names([names[d] for d in unscored])} could not be scored for any {noun}" if unscored
               else f"every {noun} lacks at least one dimension")
        messages.append(f"No {noun} has an overall index in round {round_label}: {why}, so {whole} median "
                        "overall index and ranks cannot be given.")
    else:
        target = target_score(framework, target_level)
        at_target = int((overall.round(9) >= target).sum())
        messages.append(f"{whole} median overall index in round {round_label} is {format_score(median)} "
                        f"({level_for(median, framework.levels)}): {at_target} of {len(overall)} {plural} scored are "
                        f"{target_level} or above.")
    if unscored and median is not None:
        messages.append(f"{join_names([names[d] for d in unscored])} could not be scored for any {noun} "
                        "(too few answers), so it is left out of the comparisons below.")

    shares = level_shares(scores[dims], framework, target_level).set_index("dimension")
    weakest = tied_first(shares["median"])
    strongest = tied_first(shares["median"], lowest_first=False)
    if len(weakest) == 1:
        d = weakest[0]
        messages.append(f"{names[d]} is {whole} weakest dimension: {int(shares.loc[d, 'below_target'])} of "
                        f"{int(shares.loc[d, 'assessed'])} {plural} are below {target_level}.")
    elif weakest:
        messages.append(f"{join_names([names[d] for d in weakest])} are jointly {whole} weakest dimensions "
                        f"(median {format_score(shares.loc[weakest[0], 'median'])} each).")
    if strongest and strongest != weakest:
        verb = (f"is {whole} strongest dimension" if len(strongest) == 1
                else f"are jointly {whole} strongest dimensions")
        messages.append(f"{join_names([names[d] for d in strongest])} {verb} "
                        f"(median {format_score(shares.loc[strongest[0], 'median'])}).")

    if previous is None:
        messages.append(f"Round {round_label} is the first on record, so there is no change to report yet.")
    else:
        label, before, changes = previous
        compared = median_change(before, scores, label, round_label)
        those = "these" if not compared.same_boroughs else f"the {counted(compared.boroughs, noun, plural)} scored in both rounds"
        moves = f" Of {those}, {level_moves_sentence(level_moves(changes))}" if compared.boroughs else ""
        messages.append(compared.sentence() + moves)

    if pilot is not None:
        name, table = pilot
        counts = status_counts(table)
        messages.append(f"{counted(counts[READY], noun, plural)} {'is' if counts[READY] == 1 else 'are'} ready to adopt "
                        f"{name} now, "
                        f"and {counts[NEARLY_READY]} more {'is' if counts[NEARLY_READY] == 1 else 'are'} nearly ready.")
    return messages
