"""What pages may read, each loader checking the current person's access at the moment of reading.

Every number comes from ``models.results`` (the path the command line takes too), kept in Streamlit's
resource cache one per store and settings: a round is read, scored and ranked once per store
revision; the loaders take no widget choices, so a choice never re-reads or re-scores. What a page
shows for its choices is kept by ``shared_view``, per store revision and choices, and shared between
sessions."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

import pandas as pd
import streamlit as st

from models.benchmark import BoroughBenchmark, LondonBriefing, ScoredRound
from models.clustering import MaturityClusters
from models.results import RoundResults, StoredResults
from survey.assessment import Assessments, Collection
from survey.demo import load_demo_rounds
from survey.framework import Framework, load_framework
from survey.pilots import PilotLibrary, load_pilots
from survey.settings import SETTINGS_VARIABLES, Settings, load_settings
from survey.store import SurveyStore
from ui.access import current_person
from ui.builders import builder_key


T = TypeVar("T")


@lru_cache(maxsize=8)  # not st.cache_resource: read some twenty times a run, and its key hashing costs ~1 ms a call
def _settings(environment: tuple[tuple[str, str], ...]) -> Settings:
    return load_settings(environ=dict(environment))


def _environment() -> tuple[tuple[str, str], ...]:
    return tuple((name, os.environ.get(name, "")) for name in SETTINGS_VARIABLES)


def get_settings() -> Settings:
    """The settings, read and checked once per environment (raises ``SettingsError`` naming a bad one)."""
    return _settings(_environment())


@st.cache_resource
def _framework(path: str, environment: tuple[tuple[str, str], ...]) -> Framework:
    """Kept per settings too: the framework's texts are shown in the area set's words."""
    return load_framework(path)


def get_framework() -> Framework:
    return _framework(str(get_settings().path("framework.file")), _environment())


@st.cache_resource
def _pilots(framework_path: str, pilots_path: str, band: float, environment: tuple[tuple[str, str], ...]) -> PilotLibrary:
    return load_pilots(_framework(framework_path, environment), get_settings())


def get_pilots() -> PilotLibrary:
    settings = get_settings()
    return _pilots(str(settings.path("framework.file")), str(settings.path("pilots.file")),
                   float(settings["readiness.nearly_ready_band"]), _environment())


@st.cache_resource
def _store_for(url: str) -> SurveyStore:
    store = SurveyStore(url)
    load_demo_rounds(store, get_framework())
    return store


def get_store() -> SurveyStore:
    """The store named by ``DATABASE_URL`` (demo rounds loaded if it was empty)."""
    return _store_for(get_settings().database_url)


@st.cache_resource(show_spinner=False)
def _results_for(url: str, environment: tuple[tuple[str, str], ...]) -> StoredResults:
    """The one path to every number (``models.results``), one per store and settings, shared by every session."""
    return StoredResults(_store_for(url), get_framework(), get_settings(), get_pilots())


# The store's revision is read once per run, not once per loader (a page reads data a dozen times): the
# entrypoint starts each run with ``start_run``, and a write through this process makes it read again.
_run = threading.local()


def start_run() -> None:
    """Read the store's revision afresh on this run (called by the entrypoint as each run begins)."""
    _run.version = None


def _version() -> tuple[str, str]:
    """(store URL, revision): the cache key under which stored data is unchanged. Kept for the rest of
    the run once read, until this process writes; read afresh every time outside a run."""
    remembered = getattr(_run, "version", None)
    if remembered is not None:
        store, commits, version = remembered
        if store.commits == commits:
            return version
    store = get_store()
    commits = store.commits
    version = store.url, store.revision()
    if hasattr(_run, "version"):
        _run.version = (store, commits, version)
    return version


def _results() -> RoundResults:
    """The results at the store's revision for this run."""
    url, revision = _version()
    return _results_for(url, _environment()).at(revision)


# --- what pages may read: every loader checks the current person's access at the moment of reading ---

class NotAllowed(PermissionError):
    """The current person may not read this (a provisional round, or respondent-level data)."""
# What may be seen of respondents (``models.disclosure``) is applied here as data is read: a page's scores
# carry the spread between a few respondents only for people who see respondents, and the rounds behind
# trends, benchmarks and briefings (and so behind every document) never carry it.


def load_rounds() -> pd.DataFrame:
    """The rounds the current person may see, in round order (published only, unless office staff)."""
    results = _results()
    return results.rounds() if current_person().sees_provisional else results.published_rounds()


def _checked(round_label: str) -> RoundResults:
    """The results of this run once the current person may see ``round_label``; else ``NotAllowed``."""
    results = _results()
    visible = results.rounds() if current_person().sees_provisional else results.published_rounds()
    if round_label not in set(visible["round"]):
        raise NotAllowed(f"Round {round_label} is not available to you.")
    return results


def shared_view(build: Callable[..., T], *choices: object) -> T:
    """``build(*choices)``: what a page shows, worked out once per store revision, choices (values
    Streamlit's cache can hash: text, numbers, tuples, dicts) and what the current person may see,
    then shared by every session that asks for the same (a fresh visit then spends its time drawing,
    not recomputing). ``build`` reads through the loaders here, which refuse what the
    person may not see; whoever is served a kept result may see what its first reader saw, as the key
    holds all that decides it: a builder that could read anything else is refused (``builder_key``).
    What it returns is shared, so a page never changes it."""
    person = current_person()
    return _shared_view(*_version(), _environment(), choices, person.sees_provisional, person.sees_respondents,
                        builder_key(build), build)


@st.cache_resource(show_spinner=False, max_entries=256)
def _shared_view(url: str, revision: str, environment: tuple[tuple[str, str], ...], choices: tuple,
                 sees_provisional: bool, sees_respondents: bool, build_key: str, _build: Callable[..., T]) -> T:
    """``build_key`` stands for ``_build`` in the key (a page's function is defined anew on each run)."""
    return _build(*choices)


def load_answers(round_label: str) -> pd.DataFrame:
    """Long-format answers of a round (ons_code, respondent, question_id, value): office staff only."""
    if not current_person().sees_respondents:
        raise NotAllowed("Respondent-level answers are shown to office staff only.")
    return _checked(round_label).answers(round_label)


def load_scores(round_label: str) -> pd.DataFrame:
    """The scores table of a stored round (index ons_code), as the current person may see it (``models.disclosure``)."""
    return _checked(round_label).shown_scores(round_label, respondent_detail=current_person().sees_respondents)


def load_question_means(round_label: str) -> pd.DataFrame:
    """Each borough's mean answer to each question (borough x question): blank for boroughs with few
    respondents unless the current person sees respondents (``models.disclosure.disclosed_item_means``)."""
    return _checked(round_label).shown_item_means(round_label, respondent_detail=current_person().sees_respondents)


def load_round_framework(round_label: str) -> Framework:
    """The framework the round was saved under: its questions, weights, levels and dimension names."""
    return _checked(round_label).framework(round_label)


def load_ranks(round_label: str) -> pd.DataFrame:
    """Nominal ranks with their Monte Carlo intervals (index ons_code)."""
    return _checked(round_label).ranks(round_label)


def load_clusters(round_label: str) -> MaturityClusters | None:
    """The fitted clusters of a round (shared, read-only); None where it has too few boroughs to cluster."""
    return _checked(round_label).clusters(round_label)


def load_partner_candidates(round_label: str) -> dict[str, list[str]]:
    """Each borough's context then maturity neighbours: where partners for a pilot are sought."""
    return _checked(round_label).partners(round_label)


def load_scored_rounds() -> dict[str, ScoredRound]:
    """Every round the current person may see, scored and ranked, in round order."""
    return _results().scored_rounds(with_provisional=current_person().sees_provisional)


def load_benchmark(round_label: str, ons_code: str) -> BoroughBenchmark:
    return _checked(round_label).benchmark(round_label, ons_code, with_provisional=current_person().sees_provisional)


def load_briefing(round_label: str, pilot_id: str | None) -> LondonBriefing:
    return _checked(round_label).briefing(round_label, pilot_id, with_provisional=current_person().sees_provisional)


def load_sensitivity(round_label: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    return _checked(round_label).sensitivity(round_label)


def require_writer() -> SurveyStore:
    """The store, for a person who may change it; anyone else is refused (``NotAllowed``)."""
    if not current_person().may_write:
        raise NotAllowed("Only office staff may change stored rounds.")
    return get_store()


def load_all_rounds() -> pd.DataFrame:
    """Every stored round, provisional ones included: for the office's Upload page."""
    require_writer()
    return _results().rounds()


def get_assessments() -> Assessments:
    """Rounds collected in the dashboard, in the same store (never cached: answers change on every click)."""
    return Assessments(get_store())


def load_collection_framework(collection: Collection) -> Framework:
    """The framework a collection asks (kept in the store when it was opened)."""
    url, _ = _version()
    return _results_for(url, _environment()).saved_framework(collection.framework_sha256)
