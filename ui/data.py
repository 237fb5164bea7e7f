"""Cached loaders. A round is read, scored and ranked once per store revision; filters and
choices are applied by the pages outside these calls, so a widget change stays instant."""

from __future__ import annotations

import json
import os

import pandas as pd
import streamlit as st

from models.benchmark import BoroughBenchmark, LondonBriefing, ScoredRound, borough_benchmark, london_briefing
from models.clustering import MaturityClusters
from models.peers import partner_candidates
from models.scoring import score_round
from models.sensitivity import sensitivity
from models.uncertainty import RankUncertainty
from survey.areas import BOUNDARIES_GEOJSON
from survey.demo import load_demo_rounds
from survey.framework import Framework, load_framework
from survey.pilots import PilotLibrary, load_pilots
from survey.settings import SETTINGS_VARIABLES, Settings, load_settings
from survey.store import PROVISIONAL, SurveyStore


@st.cache_resource
def _settings(environment: tuple[tuple[str, str], ...]) -> Settings:
    return load_settings(environ=dict(environment))


def get_settings() -> Settings:
    """The settings, read and checked once per environment (raises ``SettingsError`` naming a bad one)."""
    return _settings(tuple((name, os.environ.get(name, "")) for name in SETTINGS_VARIABLES))


@st.cache_resource
def _framework(path: str) -> Framework:
    return load_framework(path)


def get_framework() -> Framework:
    return _framework(str(get_settings().path("framework.file")))


@st.cache_resource
def _pilots(framework_path: str, pilots_path: str, band: float) -> PilotLibrary:
    return load_pilots(_framework(framework_path), get_settings())


def get_pilots() -> PilotLibrary:
    settings = get_settings()
    return _pilots(str(settings.path("framework.file")), str(settings.path("pilots.file")),
                   float(settings["readiness.nearly_ready_band"]))


@st.cache_resource
def _store_for(url: str) -> SurveyStore:
    store = SurveyStore(url)
    load_demo_rounds(store, get_framework())
    return store


def get_store() -> SurveyStore:
    """The store named by ``DATABASE_URL`` (demo rounds loaded if it was empty)."""
    return _store_for(get_settings().database_url)


def _version() -> tuple[str, str]:
    """(store URL, revision): the cache key under which stored data is unchanged."""
    store = get_store()
    return store.url, store.revision()


@st.cache_data(show_spinner=False)
def _rounds(url: str, revision: str) -> pd.DataFrame:
    return _store_for(url).rounds()


@st.cache_data(show_spinner=False)
def _answers(url: str, revision: str, round_label: str) -> pd.DataFrame:
    return _store_for(url).answers(round_label)


@st.cache_data(show_spinner="Scoring the round…")
def _scores(url: str, revision: str, round_label: str) -> pd.DataFrame:
    return score_round(_answers(url, revision, round_label), get_framework())


@st.cache_data(show_spinner="Working out rank intervals…")
def _ranks(url: str, revision: str, round_label: str) -> pd.DataFrame:
    return RankUncertainty.from_settings(get_framework(), get_settings()).fit(_answers(url, revision, round_label)).ranks_


@st.cache_data(show_spinner=False)
def _sensitivity(url: str, revision: str, round_label: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    return sensitivity(_answers(url, revision, round_label), get_framework())


@st.cache_resource(show_spinner="Finding clusters…", max_entries=16)
def _clusters(url: str, revision: str, round_label: str) -> MaturityClusters:
    framework = get_framework()
    return MaturityClusters.from_settings(framework, get_settings()).fit(_scores(url, revision, round_label)[list(framework.dimension_ids)])


@st.cache_data(show_spinner=False)
def _partners(url: str, revision: str, round_label: str) -> dict[str, list[str]]:
    return partner_candidates(_scores(url, revision, round_label)[list(get_framework().dimension_ids)])


def _scored_rounds(url: str, revision: str) -> dict[str, ScoredRound]:
    return {
        row.round: ScoredRound(row.round, _scores(url, revision, row.round), _ranks(url, revision, row.round),
                               synthetic=bool(row.synthetic), provisional=row.status == PROVISIONAL,
                               framework_version=row.framework_version)
        for row in _rounds(url, revision).itertuples(index=False)
    }


@st.cache_resource(show_spinner="Gathering the borough's benchmark…", max_entries=64)
def _benchmark(url: str, revision: str, round_label: str, ons_code: str) -> BoroughBenchmark:
    return borough_benchmark(get_framework(), _scored_rounds(url, revision), round_label, ons_code, get_pilots())


@st.cache_resource(show_spinner="Gathering London's picture…", max_entries=32)
def _briefing(url: str, revision: str, round_label: str, pilot_id: str | None) -> LondonBriefing:
    library = get_pilots()
    pilot = library.get(pilot_id) if pilot_id else None
    return london_briefing(get_framework(), _scored_rounds(url, revision), round_label, library, pilot,
                           target_level=str(get_settings()["gaps.target_level"]), clusters=_clusters(url, revision, round_label))


def load_rounds() -> pd.DataFrame:
    return _rounds(*_version())


def load_answers(round_label: str) -> pd.DataFrame:
    """Long-format answers of a round: ons_code, respondent, question_id, value."""
    return _answers(*_version(), round_label)


def load_scores(round_label: str) -> pd.DataFrame:
    """The scores table of a stored round (index ons_code)."""
    return _scores(*_version(), round_label)


def load_ranks(round_label: str) -> pd.DataFrame:
    """Nominal ranks with their Monte Carlo intervals (index ons_code)."""
    return _ranks(*_version(), round_label)


def load_clusters(round_label: str) -> MaturityClusters:
    """The fitted clusters of a round (shared, read-only)."""
    return _clusters(*_version(), round_label)


def load_partner_candidates(round_label: str) -> dict[str, list[str]]:
    """Each borough's context then maturity neighbours: where partners for a pilot are sought."""
    return _partners(*_version(), round_label)


def load_scored_rounds() -> dict[str, ScoredRound]:
    """Every stored round, scored and ranked, in label order."""
    return _scored_rounds(*_version())


def load_benchmark(round_label: str, ons_code: str) -> BoroughBenchmark:
    return _benchmark(*_version(), round_label, ons_code)


def load_briefing(round_label: str, pilot_id: str | None) -> LondonBriefing:
    return _briefing(*_version(), round_label, pilot_id)


def load_sensitivity(round_label: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    return _sensitivity(*_version(), round_label)


@st.cache_data
def load_geojson() -> dict:
    return json.loads(BOUNDARIES_GEOJSON.read_text(encoding="utf-8"))


