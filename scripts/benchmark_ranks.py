"""Time the rank-interval Monte Carlo: 33 boroughs x 1,000 draws (the 2025 demo round).

Run from the repository root::

    .venv/bin/python scripts/benchmark_ranks.py [--draws N] [--repeat N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models.uncertainty import RankUncertainty  # noqa: E402
from survey.framework import load_framework  # noqa: E402
from survey.reading import read_survey  # noqa: E402
from survey.settings import DEFAULTS  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description="Time RankUncertainty.fit on the 2025 demo round.")
    parser.add_argument("--draws", type=int, default=DEFAULTS["ranks.draws"])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    framework = load_framework()
    parsed = read_survey(ROOT / "data" / "demo" / "survey_2025.csv", framework)
    answers = parsed.answers.merge(parsed.responses, on="response_id")
    timings = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        RankUncertainty(framework, n_draws=args.draws).fit(answers)
        timings.append(time.perf_counter() - start)
    boroughs = answers["ons_code"].nunique()
    print(f"{boroughs} boroughs x {args.draws} draws: best {min(timings):.3f} s, "
          f"median {sorted(timings)[len(timings) // 2]:.3f} s over {args.repeat} runs")


if __name__ == "__main__":
    main()
