"""Fit rank intervals on a round at the upload limit in a fresh process and report what it cost.

    python -m tests.ranks_worker one|spread

Builds 5,000 seeded random responses to every question — all for one borough (``one``) or spread
over the 33 (``spread``) — and prints JSON: seconds spent in ``RankUncertainty.fit`` and the
process's peak resident memory in MB (``VmHWM``: see tests/read_worker.py for why).
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from models.uncertainty import RankUncertainty
from survey.areas import load_boroughs
from survey.framework import load_framework

RESPONSES = 5000

if __name__ == "__main__":
    framework = load_framework()
    codes = [b.ons_code for b in load_boroughs()]
    rng = np.random.default_rng(1)
    questions = list(framework.question_ids)
    if sys.argv[1] == "one":  # every borough answers once; one borough has the rest
        owners = codes + [codes[0]] * (RESPONSES - len(codes))
    else:
        owners = [codes[i % len(codes)] for i in range(RESPONSES)]
    answers = pd.DataFrame({
        "ons_code": np.repeat(owners, len(questions)),
        "respondent": np.repeat([f"r{i}" for i in range(RESPONSES)], len(questions)),
        "question_id": np.tile(questions, RESPONSES),
        "value": rng.integers(1, 6, size=RESPONSES * len(questions)).astype(float),
    })
    start = time.perf_counter()
    ranks = RankUncertainty(framework).fit(answers).ranks_
    seconds = time.perf_counter() - start
    status = Path("/proc/self/status").read_text()
    high_water_kb = int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE).group(1))
    print(json.dumps({"seconds": seconds, "peak_mb": high_water_kb / 1024, "ranked": int(ranks["rank"].notna().sum())}))
