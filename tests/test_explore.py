"""The Explore page's numbers: the least-squares line and correlations on a small example worked by hand (and
checked against scipy), the measures a round offers, question means under the small-number rule, and links."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from figures.explore import label_positions
from models.disclosure import disclosed_item_means
from models.explore import MIN_FIT_BOROUGHS, Measure, Points, fit_line, measure_values, pearson, round_measures, spearman
from viewmodels.explore import fit_sentence, selected_codes
from viewmodels.links import boroughs_from_link

# x = 1..5, y = 2, 4, 5, 4, 5: deviations from the means (3 and 4) are -2, -1, 0, 1, 2 and -2, 0, 1, 0, 1, so
# Sxy = 4 + 2 = 6, Sxx = 10, Syy = 6: slope 6/10 = 0.6, intercept 4 - 0.6 * 3 = 2.2, Pearson 6 / sqrt(60).
# Ranks of y (ties share their mean rank): 1, 2.5, 4.5, 2.5, 4.5, deviations -2, -0.5, 1.5, -0.5, 1.5:
# Sxy = 4 + 0.5 + 0 - 0.5 + 3 = 7, Syy = 4 + 0.25 + 2.25 + 0.25 + 2.25 = 9, Spearman 7 / sqrt(90).
X = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0], index=list("ABCDE"))
Y = pd.Series([2.0, 4.0, 5.0, 4.0, 5.0], index=list("ABCDE"))


def test_the_fit_and_correlations_equal_the_values_worked_by_hand():
    fit = fit_line(X, Y)
    assert fit.n == 5
    assert fit.slope == pytest.approx(0.6) and fit.intercept == pytest.approx(2.2)
    assert fit.pearson == pytest.approx(6 / math.sqrt(60)) and fit.pearson == pytest.approx(0.7745966692)
    assert fit.spearman == pytest.approx(7 / math.sqrt(90)) and fit.spearman == pytest.approx(0.7378647873)


def test_the_correlations_agree_with_scipy():
    assert pearson(X.to_numpy(), Y.to_numpy()) == pytest.approx(stats.pearsonr(X, Y).statistic)
    assert spearman(X.to_numpy(), Y.to_numpy()) == pytest.approx(stats.spearmanr(X, Y).statistic)
    rng = np.random.default_rng(36)
    x, y = rng.normal(size=33), rng.integers(1, 6, size=33).astype(float)  # many ties in y
    assert pearson(x, y) == pytest.approx(stats.pearsonr(x, y).statistic)
    assert spearman(x, y) == pytest.approx(stats.spearmanr(x, y).statistic)
    assert fit_line(pd.Series(x), pd.Series(y)).slope == pytest.approx(stats.linregress(x, y).slope)


def test_no_fit_for_fewer_than_five_boroughs_with_both_values_or_an_x_that_does_not_vary():
    assert MIN_FIT_BOROUGHS == 5
    assert fit_line(X.iloc[:4], Y.iloc[:4]) is None
    assert fit_line(X, Y.where(Y.index != "A")) is None  # A lacks y: four pairs
    assert fit_line(pd.Series(3.0, index=X.index), Y) is None
    assert fit_line(X.iloc[:5], Y.iloc[:5]) is not None


def test_a_round_offers_the_index_each_dimension_each_question_the_change_and_the_context(framework):
    measures = round_measures(framework, "2024")
    kinds = pd.Series([m.kind for m in measures]).value_counts().to_dict()
    assert kinds == {"index": 1, "dimension": 7, "question": 28, "change": 1, "context": 6}
    assert "Change in overall index since round 2024" in [m.label for m in measures]
    assert "change" not in [m.id for m in round_measures(framework, None)]


def test_measure_values_take_the_change_over_the_boroughs_in_both_rounds_and_the_context_file(framework):
    dims = list(framework.dimension_ids)
    scores = pd.DataFrame({**{d: [2.0, 3.0] for d in dims}, "overall": [2.0, 3.0]}, index=["E09000007", "E09000012"])
    previous = pd.DataFrame({"overall": [1.5]}, index=["E09000007"])
    means = pd.DataFrame({"data_1": [4.0, np.nan]}, index=scores.index)
    values = measure_values(framework, scores, means, previous)
    assert values.loc["E09000007", "change"] == 0.5 and np.isnan(values.loc["E09000012", "change"])
    assert values.loc["E09000007", "q:data_1"] == 4.0 and np.isnan(values.loc["E09000007", "q:data_2"])
    # Camden: 216,943 people in mid-2024 (data/london_borough_context.csv); Inner London.
    assert values.loc["E09000007", "ctx:population_mid2024"] == 216_943
    assert values.loc["E09000007", "ctx:inner_london"] == 1.0 and values.loc["E09000012", "ctx:inner_london"] == 1.0


def test_question_means_of_boroughs_with_few_respondents_are_withheld_from_readers_who_do_not_see_respondents():
    means = pd.DataFrame({"data_1": [4.0, 2.5], "data_2": [3.0, 2.0]}, index=["one", "three"])
    scores = pd.DataFrame({"respondents": [1, 3]}, index=["one", "three"])
    member = disclosed_item_means(means, scores, 2, respondent_detail=False)
    assert member.loc["one"].isna().all() and member.loc["three"].tolist() == [2.5, 2.0]
    assert disclosed_item_means(means, scores, 2, respondent_detail=True).loc["one"].tolist() == [4.0, 3.0]


def test_a_chart_selection_keeps_only_boroughs_on_the_chart_in_its_order():
    chosen = [{"customdata": ["E09000012", "Hackney"]}, {"customdata": ["E09000007", "Camden"]}, {"customdata": ["x"]},
              {"point_index": 3}]
    assert selected_codes(chosen, pd.Index(["E09000007", "E09000009", "E09000012"])) == ["E09000007", "E09000012"]


def test_a_linked_group_reads_codes_names_and_aliases_and_names_what_it_cannot_read():
    codes, problems = boroughs_from_link("e09000007, Hackney,LB Camden,,Nowhere")
    assert codes == ["E09000007", "E09000012"]
    assert len(problems) == 1 and "'Nowhere'" in problems[0]


def test_the_fit_is_written_in_plain_figures_and_a_missing_fit_says_why():
    across, up = Measure("a", "Across", "context"), Measure("b", "Up", "index")
    data = pd.DataFrame({"x": X, "y": Y})
    sentence = fit_sentence(Points(data, across, up, 3.0, 4.0, fit_line(X, Y), ""))
    assert sentence == ("Pearson correlation +0.77, Spearman rank correlation +0.74, over 5 boroughs; "
                        "least-squares line: Up = 2.2 + 0.6 × Across.")
    tiny = fit_sentence(Points(data, across, up, 3.0, 4.0, fit_line(X * 1e-6, Y), ""))
    assert "0.000001" not in tiny and "e-0" not in tiny  # the fit of X scaled down: slope 600000, no scientific notation
    assert fit_sentence(Points(data.iloc[:4], across, up, 2.5, 4.0, None, "")) == (
        "No straight-line fit: only 4 boroughs have both measures (a fit needs at least 5 boroughs and a varying x).")


def test_a_label_goes_above_its_point_unless_that_covers_a_label_placed_before_or_a_point():
    # Data spanning 240 x 380 px; three-capital labels about 25 px wide (as matplotlib measures 11 px text, 1 px each
    # side) and 13 px high, 8 px from the centre of a 12 px point. A at (0, 380) px: above it, y 359-372, clears B's
    # point (y 374-386). B at (2.4, 380): above would cover most of A's label, below (y 388-401) nothing. C, alone at
    # the top corner, goes above.
    placed = label_positions(pd.Series([0.0, 0.1, 10.0]), pd.Series([0.0, 0.0, 10.0]), pd.Series(["AAA", "BBB", "CCC"]),
                             [12.0] * 3)
    assert placed == ["top center", "bottom center", "top center"]


def test_a_label_blocked_above_and_below_goes_right():
    # Three points 9.5 px apart in a column at x = 0 (y 380, 370.5, 361 px), a fourth far off. The lowest: above
    # covers the two points over it (12 x 7.5 and 12 x 8 px), below nothing. The middle: above covers the top point
    # (12 x 7.5), below the lowest point (12 x 7.5) and the lowest label's top 3.5 px, right (from x 8) nothing. The
    # top one: above is clear.
    placed = label_positions(pd.Series([5.0, 5.0, 5.0, 10.0]), pd.Series([0.0, 0.25, 0.5, 10.0]),
                             pd.Series(["AAA", "BBB", "CCC", "DDD"]), [12.0] * 4)
    assert placed == ["bottom center", "middle right", "top center", "top center"]


def test_a_label_keeps_off_the_ring_drawn_round_the_readers_own_point():
    # Two corner points make 10 px a unit up the page: A at y 180 px, ringed (24 px across, y 168-192), B 30 px below
    # it at 210. B's label above would be at y 189-202: clear of A's 12 px point (174-186) but over the ring's last
    # 3 px, so it goes below.
    x, y = pd.Series([0.0, 0.0, 38.0, 38.0]), pd.Series([20.0, 17.0, 0.0, 38.0])
    labels = pd.Series(["AAA", "BBB", "CCC", "DDD"])
    assert label_positions(x, y, labels, [12.0] * 4) == ["top center"] * 4
    assert label_positions(x, y, labels, [12.0] * 4, [24.0, 0.0, 0.0, 0.0]) == [
        "top center", "bottom center", "top center", "top center"]
