"""One way to write a number: rounding half away from zero at the shortest decimal form."""

import math

import pandas as pd
import pytest

from models.numbers import change_between, counted, format_score, format_share, format_signed, join_names, round_half_up
from viewmodels.common import SCORE, SIGNED, WHOLE, Table


@pytest.mark.parametrize("value, expected", [(2.625, 2.63), (2.675, 2.68), (2.635, 2.64), (1.005, 1.01),
                                             (-0.125, -0.13), (-0.001, 0.0), (3.0, 3.0)])
def test_rounding_is_half_away_from_zero_on_the_decimal_form(value, expected):
    assert round_half_up(value) == expected


@pytest.mark.parametrize("missing", [None, math.nan, pd.NA])
def test_a_missing_value_rounds_to_none_and_writes_as_a_dash(missing):
    assert round_half_up(missing) is None
    assert format_score(missing) == "—"
    assert format_score(missing, "no score") == "no score"


def test_a_score_always_has_two_decimals():
    assert [format_score(v) for v in (2.625, 2.675, 3, 4.999)] == ["2.63", "2.68", "3.00", "5.00"]


def test_a_signed_figure_always_carries_its_sign_as_tables_show_it():
    assert [format_signed(v) for v in (0.125, -0.5, 0.0, -0.004)] == ["+0.13", "-0.50", "+0.00", "+0.00"]


def test_a_change_is_the_difference_of_the_displayed_figures():
    # 2.625 shows as 2.63 and 2.744 as 2.74: the reader sees +0.11, not the unrounded +0.119 -> +0.12.
    assert change_between(2.625, 2.744) == 0.11
    assert change_between(None, 2.0) is None


def test_shares_are_whole_percentages_rounded_half_up():
    assert [format_share(v) for v in (0.125, 0.005, 1.0, 0.0)] == ["13%", "1%", "100%", "0%"]


def test_names_join_with_commas_and_a_final_and():
    assert [join_names(x) for x in ([], ["A"], ["A", "B"], ["A", "B", "C"])] == ["", "A", "A and B", "A, B and C"]


def test_a_table_holds_its_scores_and_signed_figures_rounded_and_leaves_other_columns():
    data = pd.DataFrame({"Score": [2.625, None], "Change": [-0.125, 0.004], "Count": [2.5, 3.0]})
    table = Table(data, {"Score": SCORE, "Change": SIGNED, "Count": WHOLE})
    assert table.data["Score"].tolist()[0] == 2.63 and math.isnan(table.data["Score"].tolist()[1])
    assert table.data["Change"].tolist() == [-0.13, 0.0]
    assert table.data["Count"].tolist() == [2.5, 3.0]
    assert data["Score"].tolist()[0] == 2.625  # the caller's frame is left alone


def test_a_count_and_its_noun_agree():
    assert [counted(1, "respondent"), counted(2, "respondent"), counted(0, "dimension"), counted(1_250, "answer")] == [
        "1 respondent", "2 respondents", "0 dimensions", "1,250 answers"]
    assert counted(3, "extra header row") == "3 extra header rows" and counted(2, "body", "bodies") == "2 bodies"
