"""Build the data files of the bundled England and Greater Manchester area sets (data/areas/) from the shared raw files.

England (the 296 districts and unitaries of May 2024):
- ``england/boundaries.geojson``: the shared ONS boundaries (``england_districts_2024.geojson``) simplified as
  London's are (``build_boundaries.build``: one coverage in British National Grid metres, neighbours keeping
  their shared edges; coordinates in WGS84 to 5 decimals);
- ``england/context.csv``: population mid-2024 (ONS MYE2, England and Wales) and mid-2022 (ONS MYE22 UK), and
  the IMD 2019 summaries (MHCLG File 10); the seven authorities created since 2019 have none (blank cells);
- ``england/neighbours.csv``: each authority's first ``ENGLAND_NEIGHBOURS`` ONS 2025 statistical nearest
  neighbours, with ONS's rank and relative distance;
- ``england/aliases.csv``: London's other spellings, and the short forms of the names ONS writes inverted
  ("Bristol, City of": "Bristol", "City of Bristol").

Greater Manchester keeps ten codes of the England set; ``greater-manchester/neighbours.csv`` holds each one's
neighbours among the ten, in ONS order with ONS's rank among all of England (a subset needs its own: its
areas' nearest neighbours within it are rarely among their first ten in England).

Every figure is checked against what the project already ships for London. Run from the repository root::

    .venv/bin/python scripts/build_area_sets.py [--shared FOLDER] [--out FOLDER]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from build_boundaries import build  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "data" / "areas"
TOLERANCE_METRES = 200.0  # the England map is drawn about 12 times London's scale; its source is already generalised
ENGLAND_NEIGHBOURS = 10  # pages show five; ten leave room without shipping all 87,320 pairs
GREATER_MANCHESTER = tuple(f"E08{n:06d}" for n in range(1, 11))
INVERTED = ("City of", "County of")  # "Bristol, City of"
SHORT_NAMES = {"E06000010": ("Hull",), "E06000058": ("BCP",)}  # common names ONS does not write
NEIGHBOURS_WORKBOOK = "raw/localauthoritynearestneighboursengland.xlsx"
IMD_WORKBOOK = "raw/File_10_-_IoD2019_Local_Authority_District_Summaries__lower-tier__.xlsx"
IMD_COLUMNS = {"IMD - Average score ": "imd2019_average_score", "IMD - Rank of average score ": "imd2019_rank_of_average_score",
               "IMD - Proportion of LSOAs in most deprived 10% nationally ": "imd2019_prop_lsoas_most_deprived_10pct"}


def england_context(shared: Path, names: dict[str, str]) -> pd.DataFrame:
    """Population and IMD 2019 figures for every code of ``names``; IMD blank where the authority did not exist in 2019."""
    mid2024 = pd.read_csv(shared / "raw/mye24tablesew.csv").set_index("Code")["All ages"]
    mid2022 = pd.read_excel(shared / "raw/mye22final.xlsx", "MYE2 - Persons", header=7).set_index("Code")["All ages"]
    imd = pd.read_excel(shared / IMD_WORKBOOK, "IMD").set_index("Local Authority District code (2019)")
    codes = list(names)
    table = pd.DataFrame({"name": [names[code] for code in codes],
                          "population_mid2024": mid2024.reindex(codes).to_numpy(),
                          "population_mid2022": mid2022.reindex(codes).to_numpy()}, index=pd.Index(codes, name="ons_code"))
    table = table.join(imd[list(IMD_COLUMNS)].rename(columns=IMD_COLUMNS))
    table["imd2019_rank_of_average_score"] = table["imd2019_rank_of_average_score"].astype("Int64")
    assert table[["population_mid2024", "population_mid2022"]].notna().all().all(), "a population is missing"
    return table


def ons_neighbours(shared: Path) -> pd.DataFrame:
    """Every English lower-tier authority's 295 neighbours: ons_code, neighbour_rank, neighbour_code, relative_distance."""
    workbook = shared / NEIGHBOURS_WORKBOOK
    ranking = pd.read_excel(workbook, "Table 1", header=3).set_index("Lower tier local authority code")
    distances = pd.read_excel(workbook, "Table 2", header=3).set_index("Lower tier local authority code")
    ranked = ranking.filter(like="Neighbour ").stack().rename("neighbour_code").reset_index()
    ranked.columns = ["ons_code", "neighbour", "neighbour_code"]
    ranked["neighbour_rank"] = ranked["neighbour"].str.removeprefix("Neighbour ").astype(int)
    ranked["relative_distance"] = [round(distances.at[a, b], 6)  # as the shipped London extract writes them
                                   for a, b in zip(ranked["ons_code"], ranked["neighbour_code"])]
    return ranked[["ons_code", "neighbour_rank", "neighbour_code", "relative_distance"]].sort_values(
        ["ons_code", "neighbour_rank"], ignore_index=True)


def within(neighbours: pd.DataFrame, codes: tuple[str, ...]) -> pd.DataFrame:
    """Each area's neighbours among ``codes``, in ONS order."""
    return neighbours[neighbours["ons_code"].isin(codes) & neighbours["neighbour_code"].isin(codes)].reset_index(drop=True)


def england_aliases(names: dict[str, str]) -> pd.DataFrame:
    """London's other spellings, then the plain and "City of" forms of names ONS writes inverted, then common names."""
    rows = pd.read_csv(ROOT / "data/borough_aliases.csv").to_records(index=False).tolist()
    for code, name in names.items():
        place, _, kind = name.partition(", ")
        if kind in INVERTED:
            rows += [(place, code), (f"{kind} {place}", code)]
        rows += [(alias, code) for alias in SHORT_NAMES.get(code, ())]
    return pd.DataFrame(rows, columns=["alias", "ons_code"])


def check_against_london(context: pd.DataFrame, neighbours: pd.DataFrame) -> None:
    """London's rows must be the figures the project ships for London (made from the same sources by hand)."""
    london = pd.read_csv(ROOT / "data/london_borough_context.csv").set_index("ons_code")
    ours = context.loc[london.index]
    for column in ("name", "population_mid2024", "population_mid2022", *IMD_COLUMNS.values()):
        assert (ours[column].astype(str) == london[column].astype(str)).all() if column == "name" else \
            ((ours[column].astype(float) - london[column]).abs() < 1e-6).all(), f"London's {column} differs"
    shipped = pd.read_csv(ROOT / "data/london_ons_nearest_neighbours_2025.csv")
    ours_nn = within(neighbours, tuple(london.index))
    assert (ours_nn[["ons_code", "neighbour_rank", "neighbour_code"]].to_numpy()
            == shipped[["ons_code", "neighbour_rank", "neighbour_code"]].to_numpy()).all(), "London's neighbours differ"
    assert ((ours_nn["relative_distance"] - shipped["relative_distance"]).abs() < 1e-6).all()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared data folder (default ../shared/data)")
    parser.add_argument("--out", type=Path, default=OUT, help="the folder to write into (default data/areas)")
    args = parser.parse_args()
    shared = args.shared
    england, manchester = args.out / "england", args.out / "greater-manchester"
    england.mkdir(parents=True, exist_ok=True)
    manchester.mkdir(parents=True, exist_ok=True)

    collection = build(shared / "england_districts_2024.geojson", TOLERANCE_METRES, code="code", name="name")
    names = {f["properties"]["ons_code"]: f["properties"]["name"] for f in collection["features"]}
    assert len(names) == 296 and set(GREATER_MANCHESTER) <= set(names)
    context = england_context(shared, names)
    neighbours = ons_neighbours(shared)
    assert set(neighbours["ons_code"]) == set(names) and len(neighbours) == 296 * 295
    check_against_london(context, neighbours)

    written = {
        england / "boundaries.geojson": json.dumps(collection, separators=(",", ":"), ensure_ascii=False),
        england / "context.csv": context.to_csv(lineterminator="\n"),
        england / "neighbours.csv": neighbours.groupby("ons_code").head(ENGLAND_NEIGHBOURS).to_csv(index=False,
                                                                                                  lineterminator="\n"),
        england / "aliases.csv": england_aliases(names).to_csv(index=False, lineterminator="\n"),
        manchester / "neighbours.csv": within(neighbours, GREATER_MANCHESTER).to_csv(index=False, lineterminator="\n"),
    }
    for path, text in written.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}: {path.stat().st_size:,} bytes")
    print(f"IMD 2019 not available for: {', '.join(context.index[context['imd2019_average_score'].isna()])}")


if __name__ == "__main__":
    main()
