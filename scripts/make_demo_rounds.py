"""Write London's three SYNTHETIC demo survey rounds (2023, 2024, 2025) into ``data/demo/``.

The rounds come from the seeded generator every area set's demo uses (``survey.demo.synthetic_rounds``); London's
are kept as files, with how six boroughs write their own names in exports and which boroughs skipped a round, so
that its demo reads like a real office's uploads.

Run from the repository root::

    .venv/bin/python scripts/make_demo_rounds.py [--out FOLDER]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from survey.area_sets import BUNDLED_DIR, load_area_set  # noqa: E402
from survey.demo import synthetic_rounds  # noqa: E402
from survey.framework import load_framework  # noqa: E402

OUT_DIR = ROOT / "data" / "demo"
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
    parser = argparse.ArgumentParser(description="Write London's synthetic demo survey rounds.")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="folder to write to (default data/demo)")
    out_dir = parser.parse_args().out
    london = load_area_set(BUNDLED_DIR / "london.yaml")
    out_dir.mkdir(parents=True, exist_ok=True)
    for label, table in synthetic_rounds(london, load_framework(), name_variants=NAME_VARIANTS, absent=ABSENT).items():
        path = out_dir / f"survey_{label}.csv"
        table.to_csv(path, index=False)
        print(f"wrote {path}: {len(table)} responses from {table['borough'].nunique()} boroughs")


if __name__ == "__main__":
    main()
