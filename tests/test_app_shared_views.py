"""AppTest: what a page shows is worked out once per store revision and shared by the visitors who ask
for the same; the store's revision is read once a run; a save is seen on the next run."""

from __future__ import annotations

import gc

import pytest

import ui.data
import viewmodels.overview
from figures.map_spec import MapSpec
from figures.maps import map_frame
from survey.boundaries import load_boundaries
from survey.reading import read_survey
from survey.store import SurveyStore
from tests.helpers import survey_csv
from tests.fixtures.hand_worked import hand_worked_rows
from ui import components

OFFICE = "director@office.example"
CAMDEN_MEMBER = "ann.lee@camden.gov.uk"


@pytest.fixture
def overviews_worked_out(monkeypatch) -> list[tuple[str, str]]:
    """(round, measure) of each Overview worked out from the data, rather than served as kept."""
    calls: list[tuple[str, str]] = []
    real = viewmodels.overview.overview_view

    def counted(framework, scores, ranks, round_label, measure):
        calls.append((round_label, measure))
        return real(framework, scores, ranks, round_label, measure)

    monkeypatch.setattr(viewmodels.overview, "overview_view", counted)
    return calls


def _save_2026(database_url: str, framework, *, provisional: bool) -> None:
    """Round 2026 saved through a store of its own, as another process would."""
    parsed = read_survey(survey_csv(framework, hand_worked_rows(framework)), framework, round_label="2026")
    SurveyStore(database_url).save_round(parsed, framework=framework, uploader=OFFICE, publish=not provisional)


def test_a_second_visitor_is_served_the_overview_the_first_worked_out(open_dashboard, overviews_worked_out):
    first, second = open_dashboard(), open_dashboard()
    assert overviews_worked_out == [("2025", "overall")]
    assert [m.value for m in second.metric] == [m.value for m in first.metric]


def test_a_round_saved_elsewhere_is_worked_out_on_the_next_run(open_dashboard, overviews_worked_out, database_url,
                                                                 framework):
    at = open_dashboard()
    _save_2026(database_url, framework, provisional=False)
    at.run()
    assert "2026" in at.selectbox(key="round").options
    assert overviews_worked_out == [("2025", "overall"), ("2025", "overall")]  # a new revision: not the kept view


def test_a_view_kept_for_the_office_is_never_served_to_a_member(open_dashboard, overviews_worked_out, database_url,
                                                                  framework):
    open_dashboard()
    _save_2026(database_url, framework, provisional=True)
    office = open_dashboard(signed_in=OFFICE, query={"round": "2026"})
    assert office.selectbox(key="round").value == "2026"
    member = open_dashboard(signed_in=CAMDEN_MEMBER, query={"round": "2026"})
    assert member.selectbox(key="round").value == "2025"
    assert not any("Provisional" in w.value for w in member.warning)
    assert overviews_worked_out == [("2025", "overall"), ("2026", "overall"), ("2025", "overall")]


def test_the_store_revision_is_read_once_a_run(open_dashboard, monkeypatch):
    at = open_dashboard("views/gaps.py")
    reads = []
    real = SurveyStore.revision
    monkeypatch.setattr(SurveyStore, "revision", lambda self: reads.append(self.url) or real(self))
    at.run()
    assert len(reads) == 1


@pytest.fixture
def in_a_run(database_url, monkeypatch):
    """This thread as the entrypoint leaves it when a run begins; outside a run again afterwards."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    ui.data.start_run()
    yield
    del ui.data._run.version


def test_a_write_through_this_process_makes_the_run_read_the_revision_again(in_a_run, monkeypatch):
    before = ui.data._version()
    reads = []
    real = SurveyStore.revision
    monkeypatch.setattr(SurveyStore, "revision", lambda self: reads.append(self.url) or real(self))
    assert ui.data._version() == before and reads == []
    ui.data.get_store().save_mapping("Council export", {"Borough": "borough"}, actor=OFFICE)
    assert ui.data._version() == before  # a mapping is not survey data: the revision is unchanged, but read again
    assert len(reads) == 1


def _one_colour_map() -> MapSpec:
    boroughs = load_boundaries().reset_index()[["ons_code", "name"]].assign(Area="borough")
    return MapSpec("Area", boroughs, "Area", ("borough",), {"borough": "#1d70b8"}, {"borough": ""}, ("Area",), "London.")


def test_a_map_is_drawn_once_for_its_spec_and_width():
    spec = _one_colour_map()
    wide = components._drawn(spec, map_frame(940), clickable=True, own=None)
    assert components._drawn(spec, map_frame(940), clickable=True, own=None) is wide
    assert components._drawn(spec, map_frame(358), clickable=True, own=None) is not wide
    assert components._drawn(spec, map_frame(940), clickable=True, own="E09000007") is not wide  # a reader's own outlined


def test_a_still_map_is_kept_apart_from_the_clickable_one():
    spec = _one_colour_map()
    assert components._drawn(spec, map_frame(940), clickable=False, own=None).startswith('<svg class="still-map"')
    assert components._drawn(spec, map_frame(940), clickable=True, own=None).startswith('<svg class="borough-map"')


def test_a_kept_map_is_forgotten_with_its_spec():
    spec = _one_colour_map()
    components._drawn(spec, map_frame(940), clickable=True, own=None)
    key = (id(spec), 940, map_frame(940).label_px, True, None)
    assert key in components._DRAWN
    del spec
    gc.collect()
    assert key not in components._DRAWN


def test_a_click_on_a_borough_of_the_map_opens_it_and_leaves_the_sidebars_borough(monkeypatch):
    state = {"overview_map": {"clicked": "E09000007"}, "borough": "E09000012"}
    monkeypatch.setattr(components.st, "session_state", state)
    components._open_clicked("overview_map", frozenset({"E09000007", "E09000012"}))
    assert state[components.OPEN_BOROUGH_KEY] == "E09000007" and state["borough"] == "E09000012"


def test_a_code_sent_back_that_the_map_does_not_show_chooses_nothing(monkeypatch):
    state = {"overview_map": {"clicked": "E99999999"}}
    monkeypatch.setattr(components.st, "session_state", state)
    components._open_clicked("overview_map", frozenset({"E09000007", "E09000012"}))
    assert state == {"overview_map": {"clicked": "E99999999"}}
