"""Property-based: no round can break a view, an export or a document.

Hypothesis generates stores of one to three rounds (tests/round_strategies.py) and builds from them
everything a page, a CSV export, the borough PDF and the slide pack build. For every store:

- every view model and every CSV export builds without an exception;
- every figure shown is finite or explicitly missing: no "nan", "inf" or "None" in any text, no
  infinite number in any table, and a missing score sits beside "Not assessed" (or "No response");
- every comparison between two rounds covers only the boroughs in both and says how many;
- a nominal rank lies inside its likely range, and a change inside its own.

How many examples run is set by the Hypothesis profile (tests/conftest.py): few, with a fixed seed,
in CI; more locally (CONTRIBUTING.md says how to run many more).
"""

from __future__ import annotations

import dataclasses
import io
import re

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from pptx import Presentation
from pypdf import PdfReader

from models.benchmark import borough_benchmark, comparable_rounds, london_briefing, previous_round, round_changes
from models.clustering import MaturityClusters, why_not_clustered
from models.peers import PEER_GROUPS, partner_candidates
from models.readiness import NOT_ASSESSED as READINESS_NOT_ASSESSED
from models.scoring import NOT_ASSESSED
from models.sensitivity import sensitivity
from models.summary import NO_RESPONSE, OVERALL
from reports.tables import gaps_export, peers_export, readiness_export, scores_export, to_safe_csv
from survey.areas import borough_names
from survey.framework import load_framework
from survey.pilots import load_pilots
from survey.settings import load_settings
from tests.round_strategies import CODES, GeneratedStore, build_store, stores
from viewmodels.borough import borough_view
from viewmodels.briefing import briefing_view
from viewmodels.clusters import clusters_view
from viewmodels.common import Table
from viewmodels.gaps import gap_map_view, gaps_view, target_choices
from viewmodels.method import example_choices, sensitivity_view, worked_example_view
from viewmodels.overview import overview_view
from viewmodels.peers import peers_view
from viewmodels.readiness import readiness_view
from viewmodels.tables import table_html
from viewmodels.trends import comparison_view, trends_view

FRAMEWORK = load_framework()  # the strategies need it when the module is read, before any fixture
LIBRARY = load_pilots(FRAMEWORK, load_settings())
DIMS = list(FRAMEWORK.dimension_ids)
TARGET = "Developing"  # the configured default target level
BOOTSTRAP = 10  # the stability's refits: how many does not change whether a view builds
# A missing number written as Python or pandas writes it, never as a person should read it.
RAW_MISSING = re.compile(r"\b(nan|NaN|inf|Infinity|None|<NA>|NaT)\b")
RANK_TEXT = re.compile(r"^(\d+)(?:st|nd|rd|th)=? of (\d+)(?: \((?:.*; )?likely (\d+)(?:st|nd|rd|th)(?:–(\d+)(?:st|nd|rd|th))?)?")
DOCUMENT_SHARE = 4  # the PDF and the slides take seconds each: a quarter of the examples


# --- what is shown -------------------------------------------------------------------------------

def shown_parts(value: object, path: str = "view") -> list[tuple[str, object]]:
    """Every text and table a view model holds, with where it sits (dataclasses, lists and dicts opened)."""
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, Table):
        return [(path, value.data)]
    if isinstance(value, pd.DataFrame):
        return [(path, value)]
    if isinstance(value, pd.Series):
        return [(path, value.to_frame())]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [part for f in dataclasses.fields(value) if f.name != "builder"
                for part in shown_parts(getattr(value, f.name), f"{path}.{f.name}")]
    if isinstance(value, (list, tuple)):
        return [part for i, item in enumerate(value) for part in shown_parts(item, f"{path}[{i}]")]
    if isinstance(value, dict):
        return [part for key, item in value.items() for part in shown_parts(item, f"{path}[{key!r}]")]
    return []


def assert_shown_well(view: object) -> None:
    """No raw missing marker in any text or table cell, and no infinite number anywhere; every table is written
    as the page writes it (``viewmodels.tables.table_html``)."""
    for path, table in tables(view):
        assert not RAW_MISSING.search(table_html(table, label=path, hide_index=False)), path
    for path, part in shown_parts(view):
        if isinstance(part, str):
            assert not RAW_MISSING.search(part), (path, part)
            continue
        for column in part.columns:
            values = part[column]
            if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
                assert not np.isinf(values.to_numpy(dtype=float, na_value=np.nan)).any(), (path, column)
            else:
                texts = [v for v in values if isinstance(v, str)]
                assert not any(RAW_MISSING.search(t) for t in texts), (path, column, texts[:3])
        assert not any(RAW_MISSING.search(str(c)) for c in part.columns), (path, list(part.columns))


def assert_csv_well(text: str) -> None:
    assert text.count("\n") >= 1
    assert not RAW_MISSING.search(text), text[:400]


def assert_missing_scores_say_so(table: pd.DataFrame, score: str, level: str) -> None:
    """Where a score is missing its level says why (not assessed, or no response); where it is given, a level."""
    missing = table[score].isna()
    assert table.loc[missing, level].isin([NOT_ASSESSED, NO_RESPONSE]).all(), table.loc[missing, [score, level]]
    assert not table.loc[~missing, level].isin([NOT_ASSESSED, NO_RESPONSE]).any(), table.loc[~missing, [score, level]]


# --- ranks and comparisons -----------------------------------------------------------------------

def assert_ranks_hold(ranks: pd.DataFrame, scores: pd.DataFrame) -> None:
    """A nominal rank lies inside its likely range, as numbers and as written; only scored boroughs are ranked."""
    scored = scores["overall"].notna()
    assert ranks["rank"].notna().reindex(scores.index).eq(scored).all()
    assert (ranks["ranked"] == int(scored.sum())).all()
    for code, row in ranks.iterrows():
        if pd.isna(row["rank"]):
            assert row["rank_text"].startswith("not ranked"), row["rank_text"]
            continue
        assert row["rank_p05"] <= row["rank"] <= row["rank_p95"] <= row["ranked"], (code, row)
        match = RANK_TEXT.match(row["rank_text"])
        assert match, row["rank_text"]
        rank, of, low, high = (None if g is None else int(g) for g in match.groups())
        assert (rank, of) == (row["rank"], row["ranked"])
        assert low is not None and low <= rank <= (high if high is not None else low), row["rank_text"]


def assert_comparison_holds(store: GeneratedStore, before_label: str, after_label: str) -> None:
    """A change is worked out only for boroughs with an overall index in both rounds, and lies in its own range."""
    before, after = store.rounds[before_label], store.rounds[after_label]
    changes = round_changes(before, after, FRAMEWORK)
    both = set(before.scores.index[before.scores["overall"].notna()]) & set(after.scores.index[after.scores["overall"].notna()])
    assert set(changes.index) == both
    exact = changes["after"] - changes["before"]
    assert (changes["change_low"] <= exact + 1e-12).all() and (exact <= changes["change_high"] + 1e-12).all()
    view = comparison_view(FRAMEWORK, before, after)
    assert_shown_well(view)
    responding_in_both = len(before.scores.index.intersection(after.scores.index))
    assert f"{responding_in_both} borough" in view.transitions_caption, view.transitions_caption
    assert f"{len(both)} borough" in view.movers_heading, view.movers_heading
    assert set(view.movers.data["Borough"]) <= {borough_names()[code] for code in both}
    assert_csv_well(to_safe_csv(view.movers.data))


def says_how_many(text: str, boroughs: int) -> bool:
    """Whether a sentence gives the number of boroughs a comparison covers ('9 boroughs', or 'No borough')."""
    return ("No borough" in text) if boroughs == 0 else (f"{boroughs} borough" in text)


def assert_messages_compare_like_with_like(rounds: dict, label: str, messages: list[str]) -> None:
    """The change message counts the boroughs the comparison covers (those with an overall index in both rounds);
    the round compared with is the latest published one before (a provisional round is never compared with)."""
    previous = previous_round(comparable_rounds(rounds, label), label)
    if previous is None:
        return
    changes = round_changes(previous, rounds[label], FRAMEWORK)
    change = next(m for m in messages if f"round {previous.label}" in m)
    assert says_how_many(change, len(changes)), change


# --- building everything ------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Choices:
    """What a person picks on the pages for one round (drawn by Hypothesis, so that over many examples every
    measure, peer group, target, dimension and pilot is built, at the cost of one of each per example)."""

    borough: str
    measure: str
    peer_group: str
    target: str
    dimension: str
    pilot: str


def choices(scores: pd.DataFrame) -> st.SearchStrategy[Choices]:
    return st.builds(Choices, borough=st.sampled_from(sorted(scores.index)), measure=st.sampled_from([OVERALL, *DIMS]),
                     peer_group=st.sampled_from(list(PEER_GROUPS)), target=st.sampled_from(target_choices(FRAMEWORK, TARGET)[0]),
                     dimension=st.sampled_from(DIMS), pilot=st.sampled_from([p.id for p in LIBRARY.pilots]))


def round_views(store: GeneratedStore, rounds: dict, label: str, chosen: Choices) -> list[object]:
    """Everything the pages build for one round and one set of choices, with every CSV export checked as it is made."""
    current = rounds[label]
    scores, ranks = current.scores, current.ranks
    assert_ranks_hold(ranks, scores)
    clusters = None if why_not_clustered(scores, FRAMEWORK, label) else MaturityClusters(
        FRAMEWORK, n_bootstrap=BOOTSTRAP).fit(scores[DIMS])
    pilot = LIBRARY.get(chosen.pilot)
    overview = overview_view(FRAMEWORK, scores, ranks, label, chosen.measure)
    assert_missing_scores_say_so(overview.map.table, "score", "level")
    benchmark = borough_benchmark(FRAMEWORK, rounds, label, chosen.borough, LIBRARY)
    assert_missing_scores_say_so(benchmark.profile, "score", "level")
    readiness = readiness_view(FRAMEWORK, scores, partner_candidates(scores[DIMS]), label, pilot.id, pilot.requirements,
                               LIBRARY.nearly_ready_band, pilot.running_in)
    margins = readiness.boroughs.data
    assert margins.loc[margins["Margin"].isna(), "Status"].eq(READINESS_NOT_ASSESSED).all()
    answers = store.answers[label]
    codes, default = example_choices(scores)
    briefing = london_briefing(FRAMEWORK, rounds, label, LIBRARY, pilot, target_level=chosen.target, clusters=clusters)
    assert_messages_compare_like_with_like(rounds, label, briefing.messages)
    views = [
        overview, borough_view(FRAMEWORK, benchmark), readiness,
        gaps_view(FRAMEWORK, scores, label, chosen.target, chosen.measure),
        gap_map_view(FRAMEWORK, scores, label, chosen.target, chosen.dimension),
        worked_example_view(FRAMEWORK, answers, ranks, label, codes[default], chosen.dimension),
        sensitivity_view(*sensitivity(answers, FRAMEWORK), label), briefing_view(FRAMEWORK, briefing),
    ]
    if chosen.peer_group != "cluster" or clusters is not None:  # the page says why there is no cluster to compare with
        views.append(peers_view(FRAMEWORK, scores, clusters.labels_ if clusters is not None else None, chosen.borough,
                                chosen.peer_group, label, list(CODES[:4])))
    if clusters is not None:
        views.append(clusters_view(FRAMEWORK, scores, clusters, label))

    exports = [scores_export(scores, ranks), peers_export(scores, FRAMEWORK, clusters),
               gaps_export(scores, FRAMEWORK, chosen.target),
               readiness_export(scores, FRAMEWORK, pilot.requirements, LIBRARY.nearly_ready_band)]
    if clusters is not None:
        exports.append(clusters.summary())
    exports += [table.data for _, table in tables(views) if table.file_name]  # what the pages offer as CSV
    for table in exports:
        assert_csv_well(to_safe_csv(table))
    return views


def tables(value: object, path: str = "view") -> list[tuple[str, Table]]:
    """Every table a view model holds, with where it sits."""
    if isinstance(value, Table):
        return [(path, value)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [part for f in dataclasses.fields(value) for part in tables(getattr(value, f.name), f"{path}.{f.name}")]
    if isinstance(value, (list, tuple)):
        return [part for i, item in enumerate(value) for part in tables(item, f"{path}[{i}]")]
    return []


def visible_rounds(store: GeneratedStore, sees_provisional: bool) -> dict:
    """The rounds a person sees: every round for office staff, published ones for members and the public."""
    return store.rounds if sees_provisional else store.published


@settings(deadline=None)
@given(specs=stores(FRAMEWORK), sees_provisional=st.booleans(), data=st.data())
def test_every_view_and_export_builds_for_any_store(specs, sees_provisional, data):
    store = build_store(specs, FRAMEWORK)
    rounds = visible_rounds(store, sees_provisional)
    for label, scored in rounds.items():
        for view in round_views(store, rounds, label, data.draw(choices(scored.scores), label=f"choices in {label}")):
            assert_shown_well(view)
    labels = list(rounds)
    if len(labels) >= 2:
        assert_shown_well(trends_view(FRAMEWORK, rounds))
        for later in range(1, len(labels)):
            for earlier in range(later):
                assert_comparison_holds(store, labels[earlier], labels[later])


@settings(deadline=None, max_examples=max(2, settings.default.max_examples // DOCUMENT_SHARE))
@given(specs=stores(FRAMEWORK), data=st.data())
def test_the_pdf_report_and_the_slide_pack_build_for_any_store(specs, data):
    from reports.borough_report import borough_report_pdf
    from reports.committee_pack import committee_pack_pptx

    store = build_store(specs, FRAMEWORK)
    label = data.draw(st.sampled_from(list(store.rounds)), label="round")
    scores = store.rounds[label].scores
    code = data.draw(st.sampled_from(sorted(scores.index)), label="borough")
    clusters = None if why_not_clustered(scores, FRAMEWORK, label) else MaturityClusters(
        FRAMEWORK, n_bootstrap=BOOTSTRAP).fit(scores[DIMS])
    pdf = borough_report_pdf(borough_benchmark(FRAMEWORK, store.rounds, label, code, LIBRARY), FRAMEWORK)
    pdf_text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert not RAW_MISSING.search(pdf_text), pdf_text
    briefing = london_briefing(FRAMEWORK, store.rounds, label, LIBRARY, LIBRARY.pilots[0], target_level=TARGET,
                               clusters=clusters)
    deck = Presentation(io.BytesIO(committee_pack_pptx(briefing, FRAMEWORK)))
    slide_text = "\n".join([shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame]
                           + [slide.notes_slide.notes_text_frame.text for slide in deck.slides])
    assert not RAW_MISSING.search(slide_text), slide_text
