"""Area sets: the bundled London, Greater Manchester and England sets as their files give them, labels made from
names, name matching in a set's words, and a broken set file stopping the dashboard and the command line with a
message naming the file and the entry."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import shapely
import yaml

from survey.area_labels import generated_labels
from survey.area_files import CONTEXT_COLUMNS
from survey.area_sets import BUNDLED_DIR, AreaSetError, active_area_set, load_area_set
from survey.areas import BoroughMatcher, context_variables, load_context, load_neighbours
from survey.boundaries import DRAWING_CRS, LABEL_BOX_METRES, label_points, load_boundaries, overlapping_labels
from survey.pilots import load_pilots
from survey.sources import attribution
from tests.conftest import ROOT
from tests.helpers import run_cli, use_area_set

SHARED = ROOT.parent / "shared" / "data"


# --- the bundled sets ----------------------------------------------------------------------------------------------

def test_london_is_the_default_set_with_its_33_boroughs_inner_and_outer():
    london = active_area_set()
    assert (london.key, london.title, london.noun, london.plural) == ("london", "London", "borough", "boroughs")
    assert london.codes == tuple(f"E09{n:06d}" for n in range(1, 34))
    assert london.sub_regions.name == "Inner/Outer London"
    assert sum(area.sub_region == "Inner London" for area in london.areas) == 14
    assert (london.example.name, london.an_area, london.code_range) == ("Camden", "a London borough", "E09000001-E09000033")
    assert context_variables()["inner_london"] == "Inner London (1 Inner, 0 Outer)"


def test_greater_manchester_is_ten_councils_kept_from_the_england_files():
    with use_area_set("greater-manchester"):
        manchester = active_area_set()
        assert (manchester.title, manchester.noun, manchester.plural, manchester.count) == (
            "Greater Manchester", "council", "councils", 10)
        assert manchester.names == {"E08000001": "Bolton", "E08000002": "Bury", "E08000003": "Manchester",
                                    "E08000004": "Oldham", "E08000005": "Rochdale", "E08000006": "Salford",
                                    "E08000007": "Stockport", "E08000008": "Tameside", "E08000009": "Trafford",
                                    "E08000010": "Wigan"}
        # No labels file: each is its name's first three letters, none shared among the ten.
        assert dict(manchester.labels) == {"E08000001": "BOL", "E08000002": "BUR", "E08000003": "MAN",
                                           "E08000004": "OLD", "E08000005": "ROC", "E08000006": "SAL",
                                           "E08000007": "STO", "E08000008": "TAM", "E08000009": "TRA",
                                           "E08000010": "WIG"}
        assert manchester.sub_regions is None and "inner_london" not in context_variables()
        assert len(load_boundaries()) == 10 and str(load_boundaries().crs) == DRAWING_CRS


def test_england_is_296_councils_of_four_kinds():
    with use_area_set("england"):
        england = active_area_set()
        assert england.count == 296 and england.noun == "council"
        kinds = {prefix: len(list(codes)) for prefix, codes in itertools.groupby(england.codes, key=lambda c: c[:3])}
        assert kinds == {"E06": 63, "E07": 164, "E08": 36, "E09": 33}
        assert england.names["E06000010"] == "Kingston upon Hull, City of"
        labels = england.labels
        assert (labels["E06000058"], labels["E06000001"], labels["E08000003"]) == ("BCP", "HAR", "MAC")  # MAN: Mansfield
        assert len(set(labels.values())) == 296
        assert england.an_area == "an England council"


def test_a_known_neighbour_within_each_set():
    with use_area_set("england"):  # Hartlepool's nearest is Redcar and Cleveland, ONS's first
        first = load_neighbours().iloc[0]
        assert first.tolist() == ["E06000001", 1, "E06000003", "Redcar and Cleveland", 3.25732]
        assert load_neighbours().groupby("ons_code").size().eq(10).all()
    with use_area_set("greater-manchester"):  # Manchester's nearest in England is Nottingham; in Greater Manchester, Salford
        manchester = load_neighbours().query("ons_code == 'E08000003'")
        assert manchester.iloc[0].tolist() == ["E08000003", 2, "E08000006", "Salford", 4.326072]
        assert len(manchester) == 9


def test_england_context_has_population_and_imd_and_not_available_for_councils_made_since_2019():
    with use_area_set("england"):
        context = load_context()
        hartlepool = context.loc["E06000001"]
        assert hartlepool["population_mid2024"] == 98_180 and hartlepool["imd2019_rank_of_average_score"] == 10
        # (98,180 / 93,861 - 1) x 100 = 4,319 / 938.61
        assert hartlepool["population_change"] == pytest.approx(4.6015, abs=1e-4)
        cumberland = context.loc["E06000063"]  # made in 2023 from six Cumbrian districts: no IMD 2019 figure
        assert cumberland["population_mid2024"] == 280_495
        assert cumberland[["imd2019_average_score", "imd2019_rank_of_average_score",
                           "imd2019_prop_lsoas_most_deprived_10pct"]].isna().all()
        assert context["imd2019_average_score"].isna().sum() == 7


@pytest.mark.parametrize("typed, code", [
    ("Hull", "E06000010"), ("City of Bristol", "E06000023"), ("Bristol", "E06000023"),
    ("Bolton Metropolitan Borough Council", "E08000001"), ("Manchester City Council", "E08000003"),
    ("Stockport MBC", "E08000007"), ("LB Camden", "E09000007"), ("e08000003", "E08000003"),
])
def test_england_matches_its_councils_common_names(typed, code):
    with use_area_set("england"):
        assert BoroughMatcher().match(typed).ons_code == code


def test_greater_manchester_messages_speak_of_its_councils():
    with use_area_set("greater-manchester"):
        matcher = BoroughMatcher()
        assert matcher.match("E09000007").error == ("'E09000007' is not a Greater Manchester council ONS code "
                                                    "(E08000001-E08000010).")
        assert matcher.match("").error == "Council is blank: give a council name or ONS code (E08000001-E08000010)."
        assert matcher.match("Leeds").error == ("Unknown council 'Leeds'. Use a council name such as 'Manchester' or an "
                                                "ONS code such as E08000003.")
    with use_area_set("england"):
        assert BoroughMatcher().match("Newcastle").error == ("Council 'Newcastle' is ambiguous: it could be "
                                                             "Newcastle-under-Lyme, Newcastle upon Tyne.")


def test_a_set_names_its_own_sources_and_a_pilot_library_keeps_its_areas(framework):
    with use_area_set("england"):
        assert attribution("boundaries").startswith("Boundaries: Office for National Statistics, Local Authority "
                                                    "Districts (May 2024)")
    with use_area_set("greater-manchester"):  # the library's pilots run in London boroughs: elsewhere, for this set
        assert {pilot.running_in for pilot in load_pilots(framework).pilots} == {()}
    assert attribution("boundaries").startswith("Boundaries: London Datastore (GLA)")


def test_label_placement_at_296_areas_moves_none_at_the_print_scale():
    with use_area_set("england"):
        places = label_points()
        assert len(places) == 296 and not places["moved"].any() and places["inside"].all()
        assert overlapping_labels(places[["x", "y"]].to_numpy(), np.array(LABEL_BOX_METRES)) == []
        with pytest.raises(ValueError, match="labels still overlap"):  # England's map at 13 px on a 940 px column
            label_points((17_750.0, 19_290.0))


# --- the bundled England files -------------------------------------------------------------------------------------

def test_england_boundaries_are_296_valid_areas_forming_a_coverage_under_350_kb():
    path = BUNDLED_DIR / "england" / "boundaries.geojson"
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    assert len(features) == 296 and features[0]["properties"] == {"ons_code": "E06000001", "name": "Hartlepool"}
    with use_area_set("england"):
        geometries = list(load_boundaries().geometry)
    assert all(g.is_valid and not g.is_empty for g in geometries)
    assert shapely.coverage_is_valid(geometries)  # neighbours share edges: no overlaps or slivers
    assert abs(sum(g.area for g in geometries) / 1e6 - 130_612) < 15  # km²; the shared source's total is 130,612.1
    assert path.stat().st_size <= 350 * 1024


@pytest.mark.skipif(not SHARED.exists(), reason="the shared raw data (../shared/data) is not on this machine")
def test_the_bundled_england_and_greater_manchester_files_are_reproducible_from_the_shared_data(tmp_path):
    subprocess.run([sys.executable, "scripts/build_area_sets.py", "--out", str(tmp_path)], cwd=ROOT, check=True,
                   capture_output=True, timeout=300)
    made = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert made == [Path("england/aliases.csv"), Path("england/boundaries.geojson"), Path("england/context.csv"),
                    Path("england/neighbours.csv"), Path("greater-manchester/neighbours.csv")]
    assert all((tmp_path / p).read_bytes() == (BUNDLED_DIR / p).read_bytes() for p in made)


# --- labels made from names ----------------------------------------------------------------------------------------

def test_labels_are_made_from_names_in_code_order_each_unique():
    names = {"E1": "Barnet", "E2": "Barnsley", "E3": "Bournemouth, Christchurch and Poole", "E4": "North Yorkshire",
             "E5": "Kingston upon Hull, City of", "E6": "Bury", "E7": "Bury", "E8": "42"}
    assert generated_labels(names) == {"E1": "BAR", "E2": "BAN", "E3": "BCP", "E4": "NOR", "E5": "KIN", "E6": "BUR",
                                       "E7": "BUY", "E8": "AAA"}
    assert generated_labels(dict(reversed(names.items()))) == generated_labels(names)


# --- a set file of one's own, and broken ones ----------------------------------------------------------------------

def _square(x: float, y: float) -> list:
    return [[[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]]


def _geojson(rows: list[tuple[str, str]], code: str = "code", name: str = "name") -> dict:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {code: c, name: n},
         "geometry": {"type": "Polygon", "coordinates": _square(-2 + i / 10, 53)}} for i, (c, n) in enumerate(rows)]}


AREAS = [("E08000001", "Bolton"), ("E08000002", "Bury"), ("E08000003", "Manchester")]
CONTEXT_HEADER = ",".join(("ons_code", *CONTEXT_COLUMNS)) + "\n"


def _set_file(folder: Path, change=None, boundaries: dict | None = None, files: dict[str, str] | None = None) -> Path:
    """A set of three councils in ``folder``: its boundaries (``boundaries``, else AREAS), other files by name, and the
    set file, ``change`` applied to its entries first."""
    (folder / "areas.geojson").write_text(json.dumps(boundaries or _geojson(AREAS)), encoding="utf-8")
    for name, text in (files or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    raw = {"key": "three", "title": "Three Councils", "noun": "council", "plural": "councils",
           "boundaries": {"file": "areas.geojson", "code_column": "code", "name_column": "name"}}
    if change:
        change(raw)
    path = folder / "three.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return path


def test_a_set_of_ones_own_from_a_geopackage_with_its_own_column_names(tmp_path):
    import geopandas as gpd

    table = gpd.read_file(json.dumps(_geojson(AREAS, code="LAD24CD", name="LAD24NM")))
    table.to_file(tmp_path / "districts.gpkg", driver="GPKG")
    path = _set_file(tmp_path, lambda raw: raw.update(boundaries={"file": "districts.gpkg", "code_column": "LAD24CD",
                                                                      "name_column": "LAD24NM"}))
    with use_area_set(str(path)):
        three = active_area_set()
        assert (three.title, three.codes, three.example.name) == ("Three Councils", ("E08000001", "E08000002", "E08000003"),
                                                                  "Bolton")
        assert load_boundaries()["label"].tolist() == ["BOL", "BUR", "MAN"]
        assert load_neighbours().empty and context_variables() == {} and load_context().isna().all().all()


BROKEN = {
    "unknown code in the subset": (
        lambda raw: raw.update(keep=["E08000001", "E08000099"]), {}, None,
        "keep: E08000099 not in the boundaries file areas.geojson"),
    "boundaries without the code column": (
        None, {}, _geojson(AREAS, code="GSS"),
        "boundaries: areas.geojson has no column 'code' (its columns: GSS, name)"),
    "boundaries without the name column": (
        None, {}, _geojson(AREAS, name="NAME"),
        "boundaries: areas.geojson has no column 'name' (its columns: code, NAME)"),
    "overlapping codes": (
        None, {}, _geojson([*AREAS, ("E08000002", "Bury again")]),
        "boundaries: code E08000002 is on two features of areas.geojson (features 2 and 4): each area must be one feature"),
    "labels not unique": (
        lambda raw: raw.update(labels="labels.csv"),
        {"labels.csv": "ons_code,label\nE08000001,BOL\nE08000002,BOL\nE08000003,MAN\n"}, None,
        "labels: labels must be unique, and BOL (Bolton and Bury) share one"),
    "a label missing": (
        lambda raw: raw.update(labels="labels.csv"), {"labels.csv": "ons_code,label\nE08000001,BOL\n"}, None,
        "labels: labels.csv has no label for E08000002, E08000003"),
    "a label not three capitals": (
        lambda raw: raw.update(labels="labels.csv"),
        {"labels.csv": "ons_code,label\nE08000001,Bol\nE08000002,BUR\nE08000003,MAN\n"}, None,
        "labels: a label is three capital letters: E08000001 'Bol'"),
    "a code that is not an ONS code": (
        None, {}, _geojson([*AREAS, ("Salford", "Salford")]),
        "boundaries: areas.geojson column 'code' holds 'SALFORD', not an ONS code (a letter and eight digits)"),
    "a context file without a row": (
        lambda raw: raw.update(context="context.csv"),
        {"context.csv": CONTEXT_HEADER + "E08000001,1,1,,,\n"}, None,
        "context: context.csv has no row for E08000002, E08000003 (a blank cell is 'not available')"),
    "a context figure that is not a number": (
        lambda raw: raw.update(context="context.csv"),
        {"context.csv": CONTEXT_HEADER + "E08000001,1,1,,,\nE08000002,many,1,,,\nE08000003,1,1,,,\n"}, None,
        "context: context.csv E08000002, column population_mid2024: 'many' is not a number (leave a cell blank where "
        "the figure is not available)"),
    "a neighbour's distance that is not a number": (
        lambda raw: raw.update(neighbours="neighbours.csv"),
        {"neighbours.csv": "ons_code,neighbour_rank,neighbour_code,relative_distance\nE08000001,1,E08000002,1.5\n"
                           "E08000001,2,E09000007,far\nE08000002,1,E08000001,near\n"}, None,
        "neighbours: neighbours.csv row 4, column relative_distance: 'near' is not a number (leave a cell blank where "
        "the figure is not available)"),
    "an alias of two areas": (
        lambda raw: raw.update(aliases="aliases.csv"),
        {"aliases.csv": "alias,ons_code\nThe Town,E08000001\nthe  town,E08000002\n"}, None,
        "aliases: 'the  town' stands for both Bolton and Bury"),
    "sub-regions without a context file": (
        lambda raw: raw.update(sub_regions={"name": "North/South", "column": "half", "values": ["North", "South"]}),
        {}, None, "sub_regions need a context file holding their column"),
    "an unknown entry": (
        lambda raw: raw.update(colour="blue"), {}, None,
        "unknown entry colour; the entries are key, title, noun, plural, boundaries, labels, aliases, context, "
        "neighbours, sub_regions, keep, example, demo, sources"),
    "no title": (lambda raw: raw.pop("title"), {}, None, "title is missing: give it as text"),
    "an example outside the set": (
        lambda raw: raw.update(example="E09000007"), {}, None, "example: E09000007 is not an area of the set"),
}


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_set_file_is_refused_naming_the_file_and_the_entry(tmp_path, case):
    change, files, boundaries, message = BROKEN[case]
    path = _set_file(tmp_path, change, boundaries, files)
    with pytest.raises(AreaSetError) as refused:
        load_area_set(path)
    assert str(refused.value) == f"{path}: {message}"


def test_a_set_the_settings_name_that_is_not_bundled_or_not_there_is_refused(tmp_path):
    with use_area_set("wales"), pytest.raises(AreaSetError, match=r"^areas.set \(SURVEY_AREA_SET\): there is no bundled "
                                                                   r"area set 'wales'; the bundled sets are england, "
                                                                   r"greater-manchester, london, or give the path"):
        active_area_set()
    missing = tmp_path / "nowhere.yaml"
    with use_area_set(str(missing)), pytest.raises(AreaSetError, match=f"^{missing}: cannot read the area set file: "):
        active_area_set()


@pytest.mark.parametrize("case", BROKEN)
def test_the_command_line_stops_at_a_broken_set_with_its_message(tmp_path, database_url, case):
    change, files, boundaries, message = BROKEN[case]
    path = _set_file(tmp_path, change, boundaries, files)
    with use_area_set(str(path)):
        result = run_cli(database_url, "rounds")
    assert (result.returncode, result.stdout, result.stderr) == (2, "", f"error: {path}: {message}\n")


@pytest.mark.parametrize("case", ["unknown code in the subset", "boundaries without the code column",
                                  "boundaries without the name column", "overlapping codes", "labels not unique"])
def test_the_dashboard_stops_at_a_broken_set_with_its_message(tmp_path, open_dashboard, case):
    change, files, boundaries, message = BROKEN[case]
    path = _set_file(tmp_path, change, boundaries, files)
    with use_area_set(str(path)):
        at = open_dashboard()  # local mode: the person at this computer runs it, and is shown what is wrong
    assert [e.value for e in at.error] == [f"The dashboard cannot start: {path}: {message}"]
    assert not at.metric


def test_text_written_for_londons_boroughs_reads_in_another_sets_words():
    text = ("London Borough Digital Maturity Framework: the 33 boroughs, each borough's score against London's median; "
            "Boroughs in Inner/Outer London; the City of London.\n<!-- london only -->Bromley's neighbours.\n"
            "<!-- end london only -->Done.")
    with use_area_set("greater-manchester"):
        assert active_area_set().in_own_words(text) == (
            "Greater Manchester Council Digital Maturity Framework: the 10 councils, each council's score against "
            "Greater Manchester's median; Councils in Greater Manchester; the City of London.\nDone.")
    with use_area_set("london"):
        assert active_area_set().in_own_words(text) == text.replace("<!-- london only -->", "").replace(
            "<!-- end london only -->", "")
