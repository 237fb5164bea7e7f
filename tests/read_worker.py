"""Read one survey file in a fresh process and report what it cost, for the defence tests.

    python -m tests.read_worker FILE

Prints JSON: the problems' kinds and messages, the seconds spent reading, and the process's
peak resident memory in MB (``resource.getrusage``), imports included.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from survey.framework import load_framework
from survey.reading import read_survey

if __name__ == "__main__":
    framework = load_framework()
    data = Path(sys.argv[1]).read_bytes()
    start = time.perf_counter()
    parsed = read_survey(data, framework, round_label="2026")
    seconds = time.perf_counter() - start
    print(json.dumps({"kinds": [p.kind for p in parsed.errors], "messages": [p.message for p in parsed.errors],
                      "seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
