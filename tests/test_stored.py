"""A round's scores and rank intervals are worked out once and kept with its version, under the
framework's and the method's fingerprints and the method's parameters."""

from __future__ import annotations

import pandas as pd
import pytest

from models.scoring import score_round
from models.stored import (RANK_INTERVALS, SCORES, rank_intervals_key, round_rank_intervals, round_scores, scores_key,
                           tables_from_json, tables_to_json)
from models.uncertainty import RankUncertainty
from survey.reading import read_survey
from survey.store import StoreConflict, SurveyStore
from tests.helpers import survey_csv, uniform_answers

CAMDEN, HACKNEY = "E09000007", "E09000012"


def _never() -> pd.DataFrame:
    raise AssertionError("the answers were read although the scores were kept")


@pytest.fixture
def store(framework, backend_url) -> SurveyStore:
    """Round 2026: Camden answers 4 everywhere (two respondents), Hackney 2 (one)."""
    rows = [{"borough": CAMDEN, "respondent": f"r{i}", **{q: 4 for q in framework.question_ids}} for i in (1, 2)]
    rows.append({"borough": HACKNEY, "respondent": "r1", **{q: 2 for q in framework.question_ids}})
    store = SurveyStore(backend_url)
    store.save_round(read_survey(survey_csv(framework, rows), framework, round_label="2026"), framework=framework,
                     uploader="office@example", publish=True)
    yield store
    store.engine.dispose()


def test_a_scores_table_comes_back_from_json_identical_to_the_bit(framework):
    # Cyber left blank by Hackney's only respondent: a missing dimension, no overall, a list of gaps.
    answers = uniform_answers(framework, {CAMDEN: [1, 2, 2], HACKNEY: [{"*": 3, **{q: None for q in framework.question_ids
                                                                                 if q.startswith("cyber_")}}]})
    table = score_round(answers, framework)
    assert table.loc[CAMDEN, "overall"] == pytest.approx(5 / 3)  # a third: no short decimal form
    assert table.loc[HACKNEY, "missing_dimensions"] == ["cyber"]
    kept = tables_from_json(tables_to_json({SCORES: table}))[SCORES]
    pd.testing.assert_frame_equal(kept, table, check_exact=True)


def test_a_rank_table_with_an_unranked_borough_comes_back_identical(framework):
    # Hackney's only respondent left cyber blank: no overall index, so no rank (a missing Int64).
    answers = uniform_answers(framework, {CAMDEN: [1, 2, 2], HACKNEY: [{"*": 3, **{q: None for q in framework.question_ids
                                                                                 if q.startswith("cyber_")}}]})
    ranker = RankUncertainty(framework, n_draws=5).fit(answers)
    assert ranker.ranks_.loc[HACKNEY, "rank"] is pd.NA
    kept = tables_from_json(tables_to_json({"ranks": ranker.ranks_, "overall_draws": ranker.overall_draws_}))
    pd.testing.assert_frame_equal(kept["ranks"], ranker.ranks_, check_exact=True)
    pd.testing.assert_frame_equal(kept["overall_draws"], ranker.overall_draws_, check_exact=True)


def test_the_first_reader_works_the_scores_out_and_keeps_them(store, framework):
    scores = round_scores(store, "2026", 1, framework, lambda: store.answers("2026"))
    assert scores.loc[CAMDEN, "overall"] == 4.0 and scores.loc[HACKNEY, "overall"] == 2.0
    assert store.derived("2026", 1, SCORES, scores_key(framework)) is not None


def test_a_later_reader_reads_the_kept_scores_without_the_answers(store, framework):
    first = round_scores(store, "2026", 1, framework, lambda: store.answers("2026"))
    again = round_scores(SurveyStore(store.url), "2026", 1, framework, _never)
    pd.testing.assert_frame_equal(again, first, check_exact=True)


def test_scores_kept_under_another_framework_are_not_served(store, framework):
    store.keep_derived("2026", 1, SCORES, "another framework:another method", "not a scores table")
    scores = round_scores(store, "2026", 1, framework, lambda: store.answers("2026"))
    assert scores.loc[CAMDEN, "overall"] == 4.0


def test_keeping_the_same_result_twice_keeps_the_first(store):
    store.keep_derived("2026", 1, "note", "k", "first")
    store.keep_derived("2026", 1, "note", "k", "second")
    assert store.derived("2026", 1, "note", "k") == "first"


def test_a_new_version_does_not_see_the_last_versions_results(store, framework):
    store.keep_derived("2026", 1, "note", "k", "first")
    assert store.derived("2026", 2, "note", "k") is None


def test_keeping_a_result_for_a_version_that_does_not_exist_is_refused(store):
    with pytest.raises(StoreConflict, match="Round '2026' has no version 5"):
        store.keep_derived("2026", 5, "note", "k", "text")


def test_the_first_reader_fits_the_rank_intervals_and_keeps_them(store, framework):
    ranks, draws = round_rank_intervals(store, "2026", 1, RankUncertainty(framework, n_draws=20), lambda: store.answers("2026"))
    assert ranks.loc[CAMDEN, "rank_text"] == "1st of 2 (likely 1st)"
    assert ranks.loc[HACKNEY, "rank_text"] == "2nd of 2 (likely 2nd)"
    assert draws.shape == (20, 2)
    assert store.derived("2026", 1, RANK_INTERVALS, rank_intervals_key(RankUncertainty(framework, n_draws=20))) is not None


def test_a_later_reader_reads_the_kept_rank_intervals_without_the_answers(store, framework):
    first = round_rank_intervals(store, "2026", 1, RankUncertainty(framework, n_draws=20), lambda: store.answers("2026"))
    again = round_rank_intervals(SurveyStore(store.url), "2026", 1, RankUncertainty(framework, n_draws=20), _never)
    pd.testing.assert_frame_equal(again[0], first[0], check_exact=True)
    pd.testing.assert_frame_equal(again[1], first[1], check_exact=True)


def test_rank_intervals_kept_with_other_draws_are_not_served(store, framework):
    round_rank_intervals(store, "2026", 1, RankUncertainty(framework, n_draws=20), lambda: store.answers("2026"))
    _, draws = round_rank_intervals(store, "2026", 1, RankUncertainty(framework, n_draws=7), lambda: store.answers("2026"))
    assert draws.shape == (7, 2)


def test_the_rank_intervals_key_names_every_parameter(framework):
    key = rank_intervals_key(RankUncertainty(framework, n_draws=300, weight_noise=0.25, resample_respondents=False, seed=7))
    assert key.startswith(framework.sha256 + ":")
    assert key.endswith(":draws=300:noise=0.25:resample=0:seed=7")
