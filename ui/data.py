"""Cached loaders. A round is read, scored and ranked once per store revision; the loaders take
no widget choices, so a choice never re-reads or re-scores. What a page shows for its choices is
kept by ``shared_view``, per store revision and choices, and shared between sessions."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from functools import lru_cache, partial
from typing import TypeVar

import pandas as pd
import streamlit as st

from models.benchmark import BoroughBenchmark, LondonBriefing, ScoredRound, borough_benchmark, london_briefing
from models.clustering import MaturityClusters, why_not_clustered
from models.disclosure import disclosed
from models.peers import partner_candidates
from models.sensitivity import sensitivity
from models.stored import round_rank_intervals, round_scores
from models.uncertainty import RankUncertainty
from survey.assessment import Assessments, Collection
from survey.demo import load_demo_rounds
from survey.framework import Framework, load_framework
from survey.pilots import PilotLibrary, load_pilots
from survey.settings import SETTINGS_VARIABLES, Settings, load_settings
from survey.store import PROVISIONAL, SurveyStore
from ui.access import current_person


T = TypeVar("T")


@lru_cache(maxsize=8)  # not st.cache_resource: read some twenty times a run, and its key hashing costs ~1 ms a call
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


@st.cache_data(show_spinner=False)
def _rounds(url: str, revision: str) -> pd.DataFrame:
    return _store_for(url).rounds()


@st.cache_data(show_spinner=False)
def _answers(url: str, revision: str, round_label: str) -> pd.DataFrame:
    return _store_for(url).answers(round_label)


@st.cache_resource(show_spinner=False, max_entries=16)
def _stored_framework(url: str, sha256: str) -> Framework:
    return _store_for(url).framework(sha256)


def _round_framework(url: str, revision: str, round_label: str) -> Framework:
    """The framework a round was saved under; today's file for rounds saved before frameworks were kept."""
    rounds = _rounds(url, revision).set_index("round")
    sha = rounds["framework_sha256"].get(round_label)
    current = get_framework()
    if not isinstance(sha, str) or sha == current.sha256:
        return current
    return _stored_framework(url, sha)


def _shown_version(url: str, revision: str, round_label: str) -> int:
    return int(_rounds(url, revision).set_index("round").loc[round_label, "version"])


@st.cache_data(show_spinner="Scoring the round…")
def _scores(url: str, revision: str, round_label: str) -> pd.DataFrame:
    return round_scores(_store_for(url), round_label, _shown_version(url, revision, round_label),
                        _round_framework(url, revision, round_label), partial(_answers, url, revision, round_label))


@st.cache_data(show_spinner="Working out rank intervals…")
def _ranks(url: str, revision: str, round_label: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The round's rank intervals and its re-scored overall index per draw (for the uncertainty of changes)."""
    ranker = RankUncertainty.from_settings(_round_framework(url, revision, round_label), get_settings())
    return round_rank_intervals(_store_for(url), round_label, _shown_version(url, revision, round_label), ranker,
                                partial(_answers, url, revision, round_label))


@st.cache_data(show_spinner=False)
def _sensitivity(url: str, revision: str, round_label: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    return sensitivity(_answers(url, revision, round_label), _round_framework(url, revision, round_label))


@st.cache_resource(show_spinner="Finding clusters…", max_entries=16)
def _clusters(url: str, revision: str, round_label: str) -> MaturityClusters | None:
    """The round's fitted clusters, or None where too few boroughs can be clustered (``why_not_clustered``)."""
    framework = _round_framework(url, revision, round_label)
    scores = _scores(url, revision, round_label)[list(framework.dimension_ids)]
    if why_not_clustered(scores, framework, round_label):
        return None
    return MaturityClusters.from_settings(framework, get_settings()).fit(scores)


@st.cache_data(show_spinner=False)
def _partners(url: str, revision: str, round_label: str) -> dict[str, list[str]]:
    dimensions = list(_round_framework(url, revision, round_label).dimension_ids)
    return partner_candidates(_scores(url, revision, round_label)[dimensions])


def _min_respondents() -> int:
    return int(get_settings()["privacy.min_respondents"])


def _scored_rounds(url: str, revision: str, with_provisional: bool, min_respondents: int) -> dict[str, ScoredRound]:
    """Rounds for trends, benchmarks and briefings: their scores as documents show them, to anyone
    (``models.disclosure``: respondent detail left out)."""
    return {
        row.round: ScoredRound(row.round,
                               disclosed(_scores(url, revision, row.round), min_respondents, respondent_detail=False),
                               partial(_ranks, url, revision, row.round),
                               synthetic=bool(row.synthetic), provisional=row.status == PROVISIONAL,
                               framework_version=row.framework_version)
        for row in _rounds(url, revision).itertuples(index=False)
        if with_provisional or row.status != PROVISIONAL
    }


@st.cache_resource(show_spinner="Gathering the borough's benchmark…", max_entries=64)
def _benchmark(url: str, revision: str, round_label: str, ons_code: str, with_provisional: bool,
               min_respondents: int) -> BoroughBenchmark:
    return borough_benchmark(_round_framework(url, revision, round_label),
                             _scored_rounds(url, revision, with_provisional, min_respondents), round_label, ons_code,
                             get_pilots())


@st.cache_resource(show_spinner="Gathering London's picture…", max_entries=32)
def _briefing(url: str, revision: str, round_label: str, pilot_id: str | None, with_provisional: bool,
              min_respondents: int) -> LondonBriefing:
    library = get_pilots()
    pilot = library.get(pilot_id) if pilot_id else None
    return london_briefing(_round_framework(url, revision, round_label),
                           _scored_rounds(url, revision, with_provisional, min_respondents), round_label, library, pilot,
                           target_level=str(get_settings()["gaps.target_level"]), clusters=_clusters(url, revision, round_label))


# --- what pages may read: every loader checks the current person's access at the moment of reading ---

class NotAllowed(PermissionError):
    """The current person may not read this (a provisional round, or respondent-level data)."""
# What may be seen of respondents (``models.disclosure``) is applied here as data is read: a page's scores
# carry the spread between a few respondents only for people who see respondents, and the rounds behind
# trends, benchmarks and briefings (and so behind every document) never carry it.


def load_rounds() -> pd.DataFrame:
    """The rounds the current person may see, in round order (published only, unless office staff)."""
    return _visible_rounds(*_version())


def _visible_rounds(url: str, revision: str) -> pd.DataFrame:
    rounds = _rounds(url, revision)
    return rounds if current_person().sees_provisional else rounds[rounds["status"] != PROVISIONAL].reset_index(drop=True)


def _checked(round_label: str) -> tuple[str, str, str]:
    """(store URL, revision, round) once the current person may see the round; else ``NotAllowed``."""
    url, revision = _version()
    if round_label not in set(_visible_rounds(url, revision)["round"]):
        raise NotAllowed(f"Round {round_label} is not available to you.")
    return url, revision, round_label


def shared_view(build: Callable[..., T], *choices: object) -> T:
    """``build(*choices)``: what a page shows, worked out once per store revision, choices (values
    Streamlit's cache can hash: text, numbers, tuples, dicts) and what the current person may see,
    then shared by every session that asks for the same (a fresh visit then spends its time drawing,
    not recomputing). ``build`` reads through the loaders here, which refuse what the
    person may not see; whoever is served a kept result may see what its first reader saw, as the key
    holds all that decides it. What it returns is shared, so a page never changes it."""
    person = current_person()
    return _shared_view(*_version(), choices, person.sees_provisional, person.sees_respondents, _min_respondents(),
                        f"{build.__code__.co_filename}:{build.__qualname__}", build)


@st.cache_resource(show_spinner=False, max_entries=256)
def _shared_view(url: str, revision: str, choices: tuple, sees_provisional: bool, sees_respondents: bool,
                 min_respondents: int, build_name: str, _build: Callable[..., T]) -> T:
    """``build_name`` stands for ``_build`` in the key (a page's function is defined anew on each run)."""
    return _build(*choices)


def load_answers(round_label: str) -> pd.DataFrame:
    """Long-format answers of a round (ons_code, respondent, question_id, value): office staff only."""
    if not current_person().sees_respondents:
        raise NotAllowed("Respondent-level answers are shown to office staff only.")
    return _answers(*_checked(round_label))


def load_scores(round_label: str) -> pd.DataFrame:
    """The scores table of a stored round (index ons_code), as the current person may see it (``models.disclosure``)."""
    return disclosed(_scores(*_checked(round_label)), _min_respondents(),
                     respondent_detail=current_person().sees_respondents)


def load_round_framework(round_label: str) -> Framework:
    """The framework the round was saved under: its questions, weights, levels and dimension names."""
    return _round_framework(*_checked(round_label))


def load_ranks(round_label: str) -> pd.DataFrame:
    """Nominal ranks with their Monte Carlo intervals (index ons_code)."""
    return _ranks(*_checked(round_label))[0]


def load_clusters(round_label: str) -> MaturityClusters | None:
    """The fitted clusters of a round (shared, read-only); None where it has too few boroughs to cluster."""
    return _clusters(*_checked(round_label))


def load_partner_candidates(round_label: str) -> dict[str, list[str]]:
    """Each borough's context then maturity neighbours: where partners for a pilot are sought."""
    return _partners(*_checked(round_label))


def load_scored_rounds() -> dict[str, ScoredRound]:
    """Every round the current person may see, scored and ranked, in round order."""
    return _scored_rounds(*_version(), current_person().sees_provisional, _min_respondents())


def load_benchmark(round_label: str, ons_code: str) -> BoroughBenchmark:
    return _benchmark(*_checked(round_label), ons_code, current_person().sees_provisional, _min_respondents())


def load_briefing(round_label: str, pilot_id: str | None) -> LondonBriefing:
    return _briefing(*_checked(round_label), pilot_id, current_person().sees_provisional, _min_respondents())


def load_sensitivity(round_label: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    return _sensitivity(*_checked(round_label))


def require_writer() -> SurveyStore:
    """The store, for a person who may change it; anyone else is refused (``NotAllowed``)."""
    if not current_person().may_write:
        raise NotAllowed("Only office staff may change stored rounds.")
    return get_store()


def load_all_rounds() -> pd.DataFrame:
    """Every stored round, provisional ones included: for the office's Upload page."""
    require_writer()
    return _rounds(*_version())






def get_assessments() -> Assessments:
    """Rounds collected in the dashboard, in the same store (never cached: answers change on every click)."""
    return Assessments(get_store())


def load_collection_framework(collection: Collection) -> Framework:
    """The framework a collection asks (kept in the store when it was opened)."""
    return _stored_framework(get_store().url, collection.framework_sha256)
