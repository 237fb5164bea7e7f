"""Overview: London's 33 boroughs (the active set's areas) on a map, coloured by maturity level, with headline figures."""

import streamlit as st

from survey.area_sets import active_area_set
from ui.components import round_notice, show_map, show_metrics, show_table
from ui.data import load_ranks, load_round_framework, load_scores, shared_view
from ui.sidebar import require_selection
from viewmodels.overview import OverviewView, overview_view

st.title(f"{active_area_set().title} digital maturity")
selection = require_selection()


def shown(round_label: str, measure: str) -> OverviewView:
    return overview_view(load_round_framework(round_label), load_scores(round_label), load_ranks(round_label), round_label,
                         measure)


view = shared_view(shown, selection.round, selection.measure)
st.caption(view.caption)
round_notice(selection)
show_metrics(view.metrics)

st.header(view.levels_heading)
for column, (level, count) in zip(st.columns(len(view.level_counts)), view.level_counts.items()):
    column.metric(level, count)

show_map(view.map_heading, view.map, key="overview_map", description=view.map_description)

st.header("The map's data")
show_table(view.table, key="overview_table", sortable=True)
