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
