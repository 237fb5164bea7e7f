"""How much the ranking depends on the method's choices.

Each variant changes one choice and re-ranks the round; the mean absolute rank change says
how much that choice matters, and the biggest movers say for whom.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from models.scoring import MaturityScorer
from models.uncertainty import rank_descending
from survey.framework import Framework


@dataclass(frozen=True)
class Variant:
    id: str
    description: str
    options: dict


VARIANTS: tuple[Variant, ...] = (
    Variant("equal_weights", "Equal weights for every question and dimension instead of the framework's weights",
            {"equal_weights": True}),
    Variant("weakest_dimension", "Overall index = the weakest dimension instead of the weighted mean",
            {"aggregation": "weakest"}),
    Variant("no_coverage_rule", "No coverage rule: a dimension counts if any of its questions is answered",
            {"coverage_threshold": 0.0}),
)


def sensitivity(answers: pd.DataFrame, framework: Framework, movers: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rank changes under each variant.

    Returns
    -------
    summary : DataFrame, shape (n_variants, 5)
        variant, description, boroughs_compared (those with an overall index under the method and
        every variant: all ranks are taken among them), mean_abs_rank_change, max_abs_rank_change.
    biggest_movers : DataFrame
        variant, ons_code, rank_method, rank_variant, change (negative = moves up), the
        ``movers`` largest absolute changes per variant (none where nothing moves).
    """
    overall = {"method": MaturityScorer(framework).fit(answers).overall_}
    for variant in VARIANTS:
        overall[variant.id] = MaturityScorer(framework, **variant.options).fit(answers).overall_
    # Rank every variant over the same boroughs: those with an overall index under all of them. A borough
    # that only one variant scores would otherwise shift everyone below it and look like a method effect.
    common = pd.DataFrame(overall).dropna().index
    method_rank = rank_descending(overall["method"].loc[common])
    summary_rows, mover_rows = [], []
    for variant in VARIANTS:
        variant_rank = rank_descending(overall[variant.id].loc[common])
        both = pd.DataFrame({"rank_method": method_rank, "rank_variant": variant_rank})
        change = (both["rank_variant"] - both["rank_method"]).astype(int)
        summary_rows.append({
            "variant": variant.id,
            "description": variant.description,
            "boroughs_compared": len(both),
            "mean_abs_rank_change": float(change.abs().mean()) if len(both) else 0.0,
            "max_abs_rank_change": int(change.abs().max()) if len(both) else 0,
        })
        moved = change[change != 0]
        top = moved.abs().sort_values(ascending=False, kind="stable").index[:movers]
        for code in top:
            mover_rows.append({"variant": variant.id, "ons_code": code, "rank_method": int(both.loc[code, "rank_method"]),
                               "rank_variant": int(both.loc[code, "rank_variant"]), "change": int(change[code])})
    columns = ["variant", "ons_code", "rank_method", "rank_variant", "change"]
    return pd.DataFrame(summary_rows), pd.DataFrame(mover_rows, columns=columns)
