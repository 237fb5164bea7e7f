"""The one ordering rule for weakest and strongest: by value, ties in framework order, missing last."""

import math

import pandas as pd

from models.stats import in_order, tied_first

VALUES = pd.Series({"leadership": 2.0, "services": 1.5, "data": 1.5, "cyber": math.nan, "people": 3.0})


def test_lowest_first_keeps_tied_values_in_the_given_order_and_missing_last():
    assert in_order(VALUES) == ["services", "data", "leadership", "people", "cyber"]


def test_highest_first_keeps_tied_values_in_the_given_order_and_missing_last():
    assert in_order(VALUES, lowest_first=False) == ["people", "leadership", "services", "data", "cyber"]


def test_values_equal_to_nine_decimals_are_tied():
    assert tied_first(pd.Series({"a": 1.0000000000004, "b": 1.0, "c": 2.0})) == ["a", "b"]


def test_tied_first_is_empty_when_every_value_is_missing():
    assert tied_first(pd.Series({"a": math.nan})) == []
