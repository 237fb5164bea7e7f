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

# Readiness and gap statuses: blue for good, orange to vermilion for short (Okabe-Ito hues,
# distinguishable with colour-vision deficiencies); the status is always named too.
STATUS_COLOURS: dict[str, str] = {
    "Ready": "#0072B2", "Nearly ready": "#56B4E9", "Not yet": "#E69F00",
    "0.5 or more above": "#0072B2", "At or up to 0.5 above": "#56B4E9",
    "Up to 0.5 below": "#F0E442", "More than 0.5 below": "#D55E00",
}

# A round collected online: submitted in blue, in progress in sky blue, not started in pale grey.
COMPLETION_COLOURS: dict[str, str] = {"Submitted": "#0072B2", "In progress": "#56B4E9", "Not started": "#dddddd"}

# Hatch patterns (matplotlib notation) given to a map's categories in legend order, so a greyscale
# print still tells them apart; the first category is left plain.
HATCHES: tuple[str, ...] = ("", "////", "....", "xxxx", "\\\\\\\\", "----", "++++", "oo", "||||")
PILOT_OUTLINE = "#0b0c0c"  # the heavy outline of boroughs where a pilot already runs
LABEL_COLOUR = "#0b0c0c"  # the labels and marks written on the boroughs (with a white halo)
FOCUS_COLOUR = "#ffdd00"  # GOV.UK's focus yellow, over black: the borough pointed at or focused on a page's map
TABLE_RULE_COLOUR = "#b1b4b6"  # GOV.UK's border grey: the line under each row of a page's table
TABLE_HEAD_RULE_COLOUR = GROUP_COLOUR  # GOV.UK's dark grey: the heavier line under a table's headings
PAGE_BACKGROUND = "#ffffff"  # the light theme .streamlit/config.toml sets: behind a table's fixed first column
LINK_COLOUR = HIGHLIGHT_COLOUR  # the line from a nearly-ready borough to its suggested partner: stands out on blues and oranges
