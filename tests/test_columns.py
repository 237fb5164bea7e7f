"""Long string columns built by position (survey.columns)."""

import numpy as np
import pandas as pd

from survey.columns import strings_at


def test_strings_at_picks_each_position_as_pandas_strings():
    taken = strings_at(["leadership_1", "data_2"], np.array([1, 0, 1]))
    assert list(taken) == ["data_2", "leadership_1", "data_2"]
    assert taken.dtype == pd.Series(["text"]).dtype


def test_strings_at_no_positions_is_an_empty_column():
    assert len(strings_at(["a"], np.array([], dtype=int))) == 0
