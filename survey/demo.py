"""The SYNTHETIC demo rounds, loaded into an empty store so the dashboard has data, for any area set.

No council's real results are published, so the demo rounds are invented, seeded and shaped after a real
public-sector reference (NHS England's 2025 digital maturity assessment of London trusts): dimension means around
2.1-2.8, standard deviations 0.4-0.9, dimensions correlated about 0.5 within an organisation, and roughly +0.1 a
year. They are in the upload format, with the untidiness real exports have: several respondents for some areas,
some blank or "Don't know" answers, some answers written as level names, and areas named in different ways.

A set may bring its rounds as files (London's, ``data/demo``, written by scripts/make_demo_rounds.py); for any
other set they are made here, by the same seeded generator, whenever a store of that set is empty.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from survey.area_sets import AreaSet, active_area_set
from survey.areas import BoroughMatcher
from survey.framework import Framework
from survey.reading import SurveyFileError, read_survey
from survey.store import RoundExistsError, SurveyStore

SEED = 20231101
ROUNDS = ("2023", "2024", "2025")
# Typical mean per dimension in 2023 (data weakest, cyber strongest, as in NHS DMA).
DIMENSION_MEANS = {
    "leadership": 2.45, "services": 2.35, "data": 2.05, "technology": 2.3,
    "cyber": 2.6, "people": 2.15, "collaboration": 2.2,
}
BETWEEN_AREA_SD = 0.6
SHARED_FACTOR = 0.65  # variance common to all dimensions: about 0.5 correlation after answer noise
YEARLY_GAIN, YEARLY_GAIN_SD = 0.1, 0.15
ITEM_SD, RESPONDENT_SD = 0.3, 0.45
ROLES = ("Chief Digital Officer", "Head of IT", "Head of Data", "Digital Programme Manager", "Service Director")


def demo_files() -> list[Path]:
    """The demo round files in the active set's demo folder (none where it names no folder)."""
    folder = active_area_set().demo
    return sorted(folder.glob("survey_*.csv")) if folder else []


def demo_rounds(framework: Framework) -> list[tuple[str, bytes]]:
    """(file name, CSV bytes) of each demo round of the active set: the files of its demo folder where it names
    one, else rounds generated for its areas."""
    area_set = active_area_set()
    if area_set.demo:
        return [(path.name, path.read_bytes()) for path in demo_files()]
    return [(f"survey_{label}.csv", table.to_csv(index=False).encode("utf-8"))
            for label, table in synthetic_rounds(area_set, framework).items()]


def synthetic_rounds(area_set: AreaSet, framework: Framework, *, name_variants: Mapping[str, str] | None = None,
                     absent: Mapping[str, set[str]] | None = None) -> dict[str, pd.DataFrame]:
    """Round label -> the round as an upload-format table, seeded (the same set always gives the same rounds).

    ``name_variants``: how some areas write their own names (default: each one's first other spelling in the set);
    ``absent``: round label -> the areas that skipped it (default: every eleventh area skips the first round, every
    twenty-ninth the second).
    """
    rng = np.random.default_rng(SEED)
    codes = list(area_set.codes)
    names = area_set.names
    if name_variants is None:
        name_variants = {}
        for alias, code in area_set.aliases:
            name_variants.setdefault(code, alias)
    if absent is None:
        absent = {ROUNDS[0]: set(codes[::11]), ROUNDS[1]: set(codes[5::29]), ROUNDS[2]: set()}
    dims = list(framework.dimension_ids)
    n = len(codes)

    shared = rng.normal(size=(n, 1))
    own = rng.normal(size=(n, len(dims)))
    latent = np.sqrt(SHARED_FACTOR) * shared + np.sqrt(1 - SHARED_FACTOR) * own
    means = np.array([DIMENSION_MEANS[d] for d in dims])
    true_scores = means + BETWEEN_AREA_SD * latent
    respondents = rng.choice([1, 2, 3], size=n, p=[0.6, 0.25, 0.15])
    item_effects = rng.normal(0, ITEM_SD, size=(n, len(framework.question_ids)))

    rounds = {}
    for round_index, label in enumerate(ROUNDS):
        if round_index:
            true_scores = true_scores + rng.normal(YEARLY_GAIN, YEARLY_GAIN_SD, size=true_scores.shape)
        rows = []
        for b, code in enumerate(codes):
            if code in absent[label]:
                continue
            for r in range(respondents[b]):
                row = {
                    "borough": name_variants.get(code, code if (b + round_index) % 7 == 0 else names[code]),
                    "respondent": f"{code[-3:]}-{r + 1}",
                    "role": ROLES[(b + r) % len(ROLES)],
                }
                for q, question in enumerate(framework.questions):
                    d = dims.index(question.dimension)
                    value = true_scores[b, d] + item_effects[b, q] + rng.normal(0, RESPONDENT_SD)
                    row[question.id] = _write_answer(int(np.clip(np.rint(value), 1, 5)), framework, rng)
                rows.append(row)
        table = pd.DataFrame(rows)
        _drop_a_dimension(table, framework, round_index)
        table.insert(1, "round", label)
        rounds[label] = table
    return rounds


def load_demo_rounds(store: SurveyStore, framework: Framework) -> list[str]:
    """Store each demo round of the active area set (the store's: it keeps no other's), marked synthetic, if the store
    has no rounds yet.

    Returns the labels stored (none when the store already had data).
    """
    if not store.is_empty():
        return []
    matcher = BoroughMatcher()
    stored = []
    for name, data in demo_rounds(framework):
        parsed = read_survey(data, framework, matcher=matcher)
        if not parsed.ok or parsed.round_label is None:
            raise SurveyFileError(parsed.errors)
        try:
            store.save_round(parsed, framework=framework, source_name=name,
                             source_bytes=data, uploader="demo loader", synthetic=True, publish=True)
        except RoundExistsError:
            continue  # another process loaded it at the same moment
        stored.append(parsed.round_label)
    return stored


def _write_answer(value: int, framework: Framework, rng: np.random.Generator) -> str:
    """Most answers are digits; a few are level names, blanks or "Don't know"."""
    draw = rng.random()
    if draw < 0.012:
        return ""
    if draw < 0.022:
        return "Don't know"
    if draw < 0.08:
        name = framework.levels[value - 1].name
        return name.upper() if draw < 0.05 else name
    return str(value)


def _drop_a_dimension(table: pd.DataFrame, framework: Framework, round_index: int) -> None:
    """Blank half of one dimension for one single-respondent area, so coverage flags show."""
    singles = table["borough"].value_counts()
    candidates = sorted(singles[singles == 1].index)
    if not candidates:
        return
    area = candidates[(round_index * 5 + 3) % len(candidates)]
    dimension = framework.dimensions[(round_index * 3 + 2) % len(framework.dimensions)]
    for question in dimension.questions[:2]:
        table.loc[table["borough"] == area, question.id] = "Don't know"
