"""Small statistical helpers shared by models."""

from __future__ import annotations

import pandas as pd


def standardise(profiles: pd.DataFrame) -> pd.DataFrame:
    """Each column to mean 0 and (population) standard deviation 1; constant columns to 0.

    Puts every dimension on the same scale, so that distances and clusters weigh them alike.
    """
    spread = profiles.std(ddof=0).replace(0, 1.0)
    return (profiles - profiles.mean()) / spread
