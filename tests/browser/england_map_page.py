"""A Streamlit page holding a clickable map of England's 296 district and unitary councils (the England area
set, chosen here as SURVEY_AREA_SET=england chooses it), its legend above it, drawn at the pages' three widths and
shown by the dashboard's map component, for the browser tests of a map of many areas (``test_large_maps.py``).
Each area's level is made up (seeded), as the demo data is; an area clicked, or opened by Enter, is named under
the map."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ["SURVEY_AREA_SET"] = "england"

import numpy as np  # noqa: E402
import streamlit as st  # noqa: E402

import survey.boundaries  # noqa: E402
from figures.map_spec import MapSpec, describe_categories  # noqa: E402
from figures.maps import SHOWN_WIDTHS_PX, legend_html, map_frame  # noqa: E402
from figures.palette import level_colour_map  # noqa: E402
from figures.svg_maps import map_svg  # noqa: E402
from survey.framework import load_framework  # noqa: E402
from ui.components import BOROUGH_MAP  # noqa: E402

OPENED_KEY = "opened"


def england_levels() -> MapSpec:
    """Every area at a made-up level (seeded), with its score in its tooltip."""
    levels = load_framework().level_names
    table = survey.boundaries.load_boundaries().reset_index()[["ons_code", "name"]]
    scores = np.random.default_rng(37).uniform(1, 5, len(table)).round(2)
    table["Level"] = [levels[min(int((score - 1) / 0.8), len(levels) - 1)] for score in scores]
    table["Score"] = [f"{score:.2f}" for score in scores]
    return MapSpec("Made-up level", table, "Level", tuple(levels), level_colour_map(levels),
                   {name: str(i) for i, name in enumerate(levels, start=1)}, ("Score", "Level"),
                   describe_categories(table, "Level", levels, "made-up level"))


def main() -> None:
    st.set_page_config(page_title="England's map", layout="wide")
    st.title("England's district and unitary councils")
    spec = england_levels()
    st.html(legend_html(spec))
    svgs = [map_svg(spec, map_frame(width), clickable=True) for width in SHOWN_WIDTHS_PX]
    BOROUGH_MAP(key="england_map", data={"svgs": svgs, "scroller": "body"},
                on_clicked_change=lambda: st.session_state.update({OPENED_KEY: st.session_state["england_map"]["clicked"]}))
    st.caption(spec.description)
    if OPENED_KEY in st.session_state:
        st.markdown(f"Opened: {st.session_state[OPENED_KEY]}")


main()
