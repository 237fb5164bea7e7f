"""What a reader is shown: the mark of a provisional round, and the small-number rule.

A round is provisional until office staff publish it: members and the public never see it, and a
document that shows it (only office staff can make one) says so on every page.

The small-number rule is about the people who answered for a borough. A borough's scores are
averages over them; where fewer than the minimum (the ``privacy.min_respondents`` setting)
answered, the scores are in effect one or two people's answers: they are still shown, marked "few
respondents", and the spread between those people (which, beside the average, gives away what
each of them answered) is withheld from everyone who may not see respondents
(``survey.access.Person.sees_respondents``) and from every document, since documents are passed on.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

PROVISIONAL_MARK = "Provisional — not for circulation"  # on every page, slide and row that shows a provisional round
FEW_RESPONDENTS = "few_respondents"  # the scores table's mark: True where fewer than the minimum answered
RESPONDENT_SPREAD = ("spread_max", "spread_mean")  # models.scoring's spread between a borough's respondents
FEW_RESPONDENTS_LABEL = "Few respondents"
FEW_RESPONDENTS_HELP = ("Fewer people answered than the minimum the office set: the scores may rest on one or two "
                        "people's views. See Method & data.")


def disclosed(scores: pd.DataFrame, min_respondents: int, *, respondent_detail: bool) -> pd.DataFrame:
    """``scores`` (``models.scoring.MaturityScorer.scores_table``) as a reader may see them.

    Each borough is marked in ``FEW_RESPONDENTS`` where fewer than ``min_respondents`` answered for
    it; unless ``respondent_detail`` is given (a reader who sees respondents: office staff), those
    boroughs' spread between respondents is blanked. Boroughs with enough respondents keep their spread: no one person's
    answers can be read back from it.
    """
    table = scores.copy()
    few = table["respondents"] < min_respondents
    table[FEW_RESPONDENTS] = few
    if not respondent_detail:
        table.loc[few, list(RESPONDENT_SPREAD)] = np.nan
    return table


def few_respondents(*scores: pd.DataFrame) -> set[str]:
    """The ONS codes of the boroughs marked "few respondents" in any of the disclosed ``scores`` (a change
    between two rounds rests on few people when either score does)."""
    return {code for table in scores for code in table.index[table[FEW_RESPONDENTS]]}


def marks(codes: pd.Index | list[str], few: set[str]) -> list[str]:
    """A table's "Few respondents" column for boroughs ``codes``: "Yes" for each in ``few``, else blank."""
    return ["Yes" if code in few else "" for code in codes]


def few_respondents_sentence(name: str, respondents: int) -> str:
    """What a borough's page and PDF say when its scores rest on few people."""
    people, whose = ("1 person", "that person's view") if respondents == 1 else (f"{respondents} people", "their views")
    return (f"Few respondents: only {people} answered for {name}, so its scores may say more about {whose} than about "
            "the council's.")


def disclosed_item_means(item_means: pd.DataFrame, scores: pd.DataFrame, min_respondents: int, *,
                         respondent_detail: bool) -> pd.DataFrame:
    """Each borough's mean answer to each question (borough x question) as a reader may see it: blank for the
    boroughs with fewer than ``min_respondents`` unless ``respondent_detail``. One question's mean over one or
    two people is what they answered, which the rule keeps from members, the public and documents."""
    table = item_means.copy()
    if not respondent_detail:
        few = scores["respondents"].reindex(table.index) < min_respondents
        table.loc[few[few].index] = np.nan
    return table
