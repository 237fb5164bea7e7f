"""Read one survey file in a fresh process and report what it cost, for the defence tests.

    python -m tests.read_worker FILE

Prints JSON: the problems' kinds and messages, the seconds spent reading, the process's peak
resident memory in MB, imports included, and its resident memory just before reading (imports, the
framework and the file's bytes loaded). The peak is the kernel's high-water mark of this
process's own memory (``VmHWM`` in /proc/self/status): ``resource.getrusage``'s ``ru_maxrss``
keeps the parent's high-water mark across fork and exec, so under a large test runner it reports
the runner's size, not the reader's (it is printed too, as ``rusage_mb``).
"""

from __future__ import annotations

import json
import re
import resource
import sys
import time
from pathlib import Path

from survey.framework import load_framework
from survey.reading import read_survey

if __name__ == "__main__":
    framework = load_framework()
    data = Path(sys.argv[1]).read_bytes()
    before_kb = int(re.search(r"^VmRSS:\s+(\d+) kB", Path("/proc/self/status").read_text(), re.MULTILINE).group(1))
    start = time.perf_counter()
    parsed = read_survey(data, framework, round_label="2026")
    seconds = time.perf_counter() - start
    status = Path("/proc/self/status").read_text()
    high_water_kb = int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE).group(1))
    print(json.dumps({"kinds": [p.kind for p in parsed.errors], "messages": [p.message for p in parsed.errors],
                      "seconds": seconds, "peak_mb": high_water_kb / 1024, "before_mb": before_kb / 1024,
                      "rusage_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
