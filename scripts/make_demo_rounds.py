"""Write the three SYNTHETIC demo survey rounds (2023, 2024, 2025) into ``data/demo/``.

No real borough results are published, so the demo data are invented, seeded and
shaped after a real public-sector reference (NHS England's 2025 digital maturity
assessment of London trusts): dimension means around 2.1-2.8, standard deviations
0.4-0.9, dimensions correlated about 0.5 within an organisation, and roughly +0.1 a year.
The files use the upload format, with the untidiness real exports have: several
respondents for some boroughs, some blank or "Don't know" answers, some answers written as
level names, and boroughs named in different ways.

Run from the repository root::

    .venv/bin/python scripts/make_demo_rounds.py [--out FOLDER]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from survey.areas import load_boroughs  # noqa: E402
from survey.framework import load_framework  # noqa: E402

SEED = 20231101
ROUNDS = ("2023", "2024", "2025")
OUT_DIR = ROOT / "data" / "demo"

# Typical London mean per dimension in 2023 (data weakest, cyber strongest, as in NHS DMA).
DIMENSION_MEANS = {
    "leadership": 2.45, "services": 2.35, "data": 2.05, "technology": 2.3,
    "cyber": 2.6, "people": 2.15, "collaboration": 2.2,
}
BETWEEN_BOROUGH_SD = 0.6
SHARED_FACTOR = 0.65  # variance common to all dimensions: about 0.5 correlation after answer noise
YEARLY_GAIN, YEARLY_GAIN_SD = 0.1, 0.15
ITEM_SD, RESPONDENT_SD = 0.3, 0.45
ROLES = ("Chief Digital Officer", "Head of IT", "Head of Data", "Digital Programme Manager", "Service Director")
# How some boroughs write their own names in exports (matched back to ONS codes on upload).
NAME_VARIANTS = {
    "E09000007": "LB Camden",
    "E09000013": "Hammersmith & Fulham",
    "E09000021": "Kingston",
    "E09000033": "City of Westminster",
    "E09000020": "Royal Borough of Kensington and Chelsea",
    "E09000027": "richmond upon thames",
}
# Boroughs that skipped a round (a round rarely has every borough).
ABSENT = {"2023": {"E09000001", "E09000016", "E09000029"}, "2024": {"E09000016"}, "2025": set()}


def main() -> None:
    parser = argparse.ArgumentParser(description="Write the synthetic demo survey rounds.")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="folder to write to (default data/demo)")
    out_dir = parser.parse_args().out
    rng = np.random.default_rng(SEED)
    framework = load_framework()
    boroughs = [b.ons_code for b in load_boroughs()]
    dims = list(framework.dimension_ids)
    n = len(boroughs)

    shared = rng.normal(size=(n, 1))
    own = rng.normal(size=(n, len(dims)))
    latent = np.sqrt(SHARED_FACTOR) * shared + np.sqrt(1 - SHARED_FACTOR) * own
    means = np.array([DIMENSION_MEANS[d] for d in dims])
    true_scores = means + BETWEEN_BOROUGH_SD * latent
    respondents = rng.choice([1, 2, 3], size=n, p=[0.6, 0.25, 0.15])
    item_effects = rng.normal(0, ITEM_SD, size=(n, len(framework.question_ids)))

    out_dir.mkdir(parents=True, exist_ok=True)
    for round_index, label in enumerate(ROUNDS):
        if round_index:
            true_scores = true_scores + rng.normal(YEARLY_GAIN, YEARLY_GAIN_SD, size=true_scores.shape)
        rows = []
        for b, code in enumerate(boroughs):
            if code in ABSENT[label]:
                continue
            for r in range(respondents[b]):
                row = {
                    "borough": NAME_VARIANTS.get(code, code if (b + round_index) % 7 == 0 else _name(code)),
                    "respondent": f"{code[-3:]}-{r + 1}",
                    "role": ROLES[(b + r) % len(ROLES)],
                }
                for q, question in enumerate(framework.questions):
                    d = dims.index(question.dimension)
                    value = true_scores[b, d] + item_effects[b, q] + rng.normal(0, RESPONDENT_SD)
                    row[question.id] = _write_answer(int(np.clip(np.rint(value), 1, 5)), framework, rng)
                rows.append(row)
        table = pd.DataFrame(rows)
        _drop_a_dimension(table, framework, rng, round_index)
        table.insert(1, "round", label)
        path = out_dir / f"survey_{label}.csv"
        table.to_csv(path, index=False)
        print(f"wrote {path}: {len(table)} responses from {table['borough'].nunique()} boroughs")


def _name(code: str) -> str:
    return next(b.name for b in load_boroughs() if b.ons_code == code)


def _write_answer(value: int, framework, rng: np.random.Generator) -> str:
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


def _drop_a_dimension(table: pd.DataFrame, framework, rng: np.random.Generator, round_index: int) -> None:
    """Blank half of one dimension for one single-respondent borough, so coverage flags show."""
    singles = table["borough"].value_counts()
    candidates = sorted(singles[singles == 1].index)
    borough = candidates[(round_index * 5 + 3) % len(candidates)]
    dimension = framework.dimensions[(round_index * 3 + 2) % len(framework.dimensions)]
    for question in dimension.questions[:2]:
        table.loc[table["borough"] == borough, question.id] = "Don't know"


if __name__ == "__main__":
    main()
