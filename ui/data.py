"""Cached loaders. Data is read and scored once per store revision; filters run outside."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st
import yaml

from models.scoring import score_round
from survey.areas import BOUNDARIES_GEOJSON, DATA_DIR
from survey.demo import load_demo_rounds
from survey.framework import Framework, load_framework
from survey.store import SurveyStore, default_database_url


@st.cache_resource
def get_framework() -> Framework:
    return load_framework()


@st.cache_resource
def _store_for(url: str) -> SurveyStore:
    store = SurveyStore(url)
    load_demo_rounds(store, get_framework())
    return store


def get_store() -> SurveyStore:
    """The store named by ``DATABASE_URL`` (demo rounds loaded if it was empty)."""
    return _store_for(default_database_url())


@st.cache_data(show_spinner=False)
def _rounds(url: str, revision: str) -> pd.DataFrame:
    return _store_for(url).rounds()


@st.cache_data(show_spinner="Scoring the round…")
def _scores(url: str, revision: str, round_label: str) -> pd.DataFrame:
    return score_round(_store_for(url).answers(round_label), get_framework())


def load_rounds() -> pd.DataFrame:
    store = get_store()
    return _rounds(store.url, store.revision())


def load_scores(round_label: str) -> pd.DataFrame:
    """The scores table of a stored round (index ons_code), cached until the store changes."""
    store = get_store()
    return _scores(store.url, store.revision(), round_label)


@st.cache_data
def load_geojson() -> dict:
    return json.loads(BOUNDARIES_GEOJSON.read_text(encoding="utf-8"))


@st.cache_data
def load_sources() -> dict:
    return yaml.safe_load((DATA_DIR / "sources.yaml").read_text(encoding="utf-8"))
