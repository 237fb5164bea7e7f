"""Building long string columns quickly, for the reader and the store.

pandas keeps text in Arrow arrays; turning a million Python strings into one costs about 0.15 s,
while Arrow picks a million positions out of a few distinct texts in about 0.02 s.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa


def strings_at(texts: list[str], positions: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """``texts[positions]`` as pandas' own strings.

    Parameters
    ----------
    texts : list of str, length n_texts
    positions : array of int, shape (n,)
        Each value's index into ``texts``.

    Returns
    -------
    array of str, shape (n,)
    """
    return pd.array(pa.array(texts, pa.large_string()).take(positions), dtype="str")
