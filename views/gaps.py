"""Capability gaps: where the set falls short of a target level, by dimension and by borough."""

import streamlit as st

from ui.components import round_notice, show_map, show_metrics, show_table
from ui.data import get_settings, load_round_framework, load_scores, shared_view
from ui.sidebar import require_selection
from viewmodels.gaps import GapMapView, GapsView, gap_map_view, gaps_page, gaps_view, target_choices

page = gaps_page()
st.title(page.title)
selection = require_selection()
framework = load_round_framework(selection.round)
round_notice(selection)

options, default = target_choices(framework, str(get_settings()["gaps.target_level"]))
target = st.selectbox("Target level", options, index=default, key="gap_target",
                      help=page.target_help)


def shown(round_label: str, target_level: str, measure: str) -> GapsView:
    return gaps_view(load_round_framework(round_label), load_scores(round_label), round_label, target_level, measure)


def shown_map(round_label: str, target_level: str, dimension_id: str) -> GapMapView:
    return gap_map_view(load_round_framework(round_label), load_scores(round_label), round_label, target_level, dimension_id)


view = shared_view(shown, selection.round, target, selection.measure)
st.caption(view.caption)
show_metrics(view.metrics)

st.header(page.levels_heading)
show_table(view.levels, key="gap_levels")

if view.halves is not None:
    st.header(view.halves_heading)
    show_table(view.halves, key="gap_halves")
    st.caption(view.halves_caption)

st.header("Map: gap to target on one dimension")
dimension = st.selectbox("Dimension", view.map_dimensions, index=view.map_dimensions.index(view.map_dimension),
                         format_func=framework.dimension_names.get, key="gap_dimension")
map_view = shared_view(shown_map, selection.round, target, dimension)
show_map(None, map_view.map, key="gap_map", description=map_view.map_description)

st.header(map_view.heading)
show_table(map_view.boroughs, key="gap_table", sortable=True)
st.caption("Score minus the target on each dimension: negative means below.")
