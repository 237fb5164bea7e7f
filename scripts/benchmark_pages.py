"""Time how long each page takes to rerun after a widget change, once its data is cached.

Uses Streamlit's AppTest on a throw-away store with the demo rounds. Run from the repository root::

    .venv/bin/python scripts/benchmark_pages.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

# (page, widget kind, key, two values to alternate between)
CHANGES = [
    ("views/overview.py", "selectbox", "measure", ["data", "overall"]),
    ("views/borough.py", "selectbox", "borough", ["E09000007", "E09000033"]),
    ("views/peers.py", "radio", "peer_group", ["maturity", "context"]),
    ("views/clusters.py", "selectbox", "round", ["2024", "2025"]),
    ("views/gaps.py", "selectbox", "gap_target", ["Embedded", "Emerging"]),
    ("views/readiness.py", "selectbox", "pilot", ["damp_sensors", "housing_repairs"]),
    ("views/trends.py", "selectbox", "trend_after", ["2024", "2025"]),
    ("views/briefing.py", "selectbox", "briefing_pilot", ["damp_sensors", "housing_repairs"]),
    ("views/method.py", "selectbox", "measure", ["cyber", "data"]),
]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        for page, kind, key, values in CHANGES:
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
            at.run()
            at.switch_page(page).run()
            for value in values * 2:  # warm every cache the change touches
                getattr(at, kind)(key=key).set_value(value).run()
            timings = []
            for value in values * 3:
                start = time.perf_counter()
                getattr(at, kind)(key=key).set_value(value).run()
                timings.append(time.perf_counter() - start)
            assert not at.exception, at.exception
            print(f"{page:24s} {key:16s} median {statistics.median(timings) * 1000:6.0f} ms, "
                  f"max {max(timings) * 1000:6.0f} ms over {len(timings)} reruns")


if __name__ == "__main__":
    main()
