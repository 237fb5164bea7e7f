"""Colour constants. Level colours are ColorBrewer YlGnBu (5 classes), which stays ordered
for the common colour-vision deficiencies; every use also names the level in text."""

from __future__ import annotations

from models.scoring import NOT_ASSESSED
from models.summary import NO_RESPONSE

LEVEL_COLOURS: tuple[str, ...] = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
NOT_ASSESSED_COLOUR = "#bdbdbd"
NO_RESPONSE_COLOUR = "#f0f0f0"
BOUNDARY_COLOUR = "#3b3b3b"


def level_colour_map(level_names: tuple[str, ...]) -> dict[str, str]:
    """Level name -> colour, lowest level lightest; the two kinds of missing in greys."""
    colours = dict(zip(level_names, LEVEL_COLOURS, strict=True))
    colours[NOT_ASSESSED] = NOT_ASSESSED_COLOUR
    colours[NO_RESPONSE] = NO_RESPONSE_COLOUR
    return colours

# Okabe-Ito qualitative palette (safe for the common colour-vision deficiencies). Clusters
# are also told apart by marker symbol and named in legends and tables.
CATEGORY_COLOURS: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
CATEGORY_SYMBOLS: tuple[str, ...] = ("circle", "square", "diamond", "triangle-up", "cross", "x", "star")
HIGHLIGHT_COLOUR = "#d4351c"
GROUP_COLOUR = "#505a5f"
