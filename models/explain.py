"""A worked example of the scoring method for one borough, with its arithmetic written out.

The Method page shows it so a reader can check one borough's numbers by hand; every figure
comes from ``MaturityScorer`` itself, never recomputed here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from models.numbers import format_score, format_share
from models.scoring import MaturityScorer, level_for
from survey.framework import Framework


@dataclass(frozen=True)
class WorkedExample:
    ons_code: str
    dimension: str
    answers: pd.DataFrame  # respondents x the dimension's questions (NaN = not answered)
    item_lines: list[str]  # "leadership_2: (3 + 5) / 2 = 4.00"
    coverage: float
    dimension_line: str  # "(4.00 + 4.00 + 2.50 + 2.50) / 4 = 3.25"
    dimension_scores: pd.Series
    overall_line: str
    overall: float | None
    level: str


def example_borough(scores: pd.DataFrame) -> str:
    """A borough that shows the most: several respondents and an overall index, if any has both."""
    scored = scores[scores["overall"].notna()]
    several = scored[scored["respondents"] > 1]
    pool = several if len(several) else (scored if len(scored) else scores)
    return str(sorted(pool.index)[0])


def _number(value: float) -> str:
    return f"{value:g}" if float(value).is_integer() else format_score(value)


def _weighted(values: list[float], weights: list[float]) -> str:
    """'(a + b) / 2', or '(2×a + 1×b) / 3' when weights differ from 1."""
    if all(w == 1 for w in weights):
        return f"({' + '.join(format_score(v) for v in values)}) / {len(values)}"
    terms = " + ".join(f"{_number(w)}×{format_score(v)}" for v, w in zip(values, weights))
    return f"({terms}) / {_number(sum(weights))}"


def worked_example(answers: pd.DataFrame, framework: Framework, ons_code: str, dimension_id: str) -> WorkedExample:
    """Score one borough and write out each step for one dimension and the overall index."""
    own = answers[answers["ons_code"] == ons_code]
    scorer = MaturityScorer(framework).fit(own)
    dimension = framework.dimension(dimension_id)
    ids = [q.id for q in dimension.questions]
    table = own.pivot_table(index="respondent", columns="question_id", values="value", aggfunc="first").reindex(columns=ids)

    item_lines = []
    for question in dimension.questions:
        given = table[question.id].dropna().tolist()
        if not given:
            item_lines.append(f"{question.id}: not answered")
        elif len(given) == 1:
            item_lines.append(f"{question.id}: {_number(given[0])}")
        else:
            mean = scorer.item_scores_.loc[ons_code, question.id]
            item_lines.append(f"{question.id}: ({' + '.join(_number(v) for v in given)}) / {len(given)} = {format_score(mean)}")

    items = scorer.item_scores_.loc[ons_code, ids]
    answered = [q for q in dimension.questions if pd.notna(items[q.id])]
    coverage = float(scorer.coverage_.loc[ons_code, dimension_id])
    score = scorer.dimension_scores_.loc[ons_code, dimension_id]
    if pd.isna(score):
        dimension_line = (f"{len(answered)} of {len(ids)} questions answered ({format_share(coverage)}), below the "
                          f"{format_share(framework.coverage_threshold)} needed: not assessed")
    else:
        dimension_line = f"{_weighted([items[q.id] for q in answered], [q.weight for q in answered])} = {format_score(score)}"

    dimension_scores = scorer.dimension_scores_.loc[ons_code]
    overall = scorer.overall_.loc[ons_code]
    if pd.isna(overall):
        missing = [framework.dimension(d).name for d in dimension_scores.index[dimension_scores.isna()]]
        overall_line = "not calculated: " + ", ".join(missing) + " not assessed"
    else:
        overall_line = (f"{_weighted(list(dimension_scores), [d.weight for d in framework.dimensions])} "
                        f"= {format_score(overall)}")
    return WorkedExample(
        ons_code=ons_code,
        dimension=dimension_id,
        answers=table,
        item_lines=item_lines,
        coverage=coverage,
        dimension_line=dimension_line,
        dimension_scores=dimension_scores,
        overall_line=overall_line,
        overall=None if pd.isna(overall) else float(overall),
        level=level_for(overall, framework.levels),
    )
