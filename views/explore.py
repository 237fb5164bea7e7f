"""Explore: any measure against any other, boroughs selected on the chart and compared on Peer comparison."""

import pandas as pd
import streamlit as st

from figures.explore import scatter_figure, small_multiples_figure
from models.explore import CONTEXT, Measure, kind_names
from survey.area_sets import active_area_set
from survey.areas import borough_names
from ui.components import round_notice, show_table
from ui.data import (get_pilots, load_clusters, load_question_means, load_round_framework, load_scored_rounds, load_scores,
                     shared_view)
from ui.sidebar import BOROUGH_KEY, ROUND_KEY, require_selection
from viewmodels.explore import (SIZES, ExploreView, SmallMultiplesView, colour_choices, explore_view, round_values,
                                selected_codes, selected_table, small_multiples_view)
from viewmodels.links import PEERS_LINK_KEY
from viewmodels.readiness import CUSTOM, pilot_choices

PEERS_PAGE = "views/peers.py"
CHART_KEY, PICK_KEY = "explore_chart", "explore_pick"

st.title("Explore")
selection = require_selection()
area_set = active_area_set()
round_notice(selection)
st.caption(f"Round {selection.round}. Plot any measure against any other; select {area_set.plural} on the chart (box or lasso) "
           "or in the list under it, then compare them on Peer comparison.")


def offered(round_label: str) -> dict[str, Measure]:
    return round_values(load_round_framework(round_label), load_scores(round_label), load_question_means(round_label),
                        load_scored_rounds(), round_label)[0]


def shown(round_label: str, x: str, y: str, colour: str, size: str, pilot: tuple[dict[str, float], float] | None,
          ons_code: str, with_fit: bool) -> ExploreView:
    framework, scores = load_round_framework(round_label), load_scores(round_label)
    measures, values = round_values(framework, scores, load_question_means(round_label), load_scored_rounds(), round_label)
    clusters = load_clusters(round_label)
    return explore_view(framework, values, scores, clusters.labels_ if clusters else None, measures, x, y, colour, size,
                        pilot, ons_code, round_label, with_fit)


def multiples(round_label: str, context_id: str) -> SmallMultiplesView:
    framework, scores = load_round_framework(round_label), load_scores(round_label)
    measures, values = round_values(framework, scores, load_question_means(round_label), load_scored_rounds(), round_label)
    return small_multiples_view(framework, values, measures, context_id, round_label)


measures = shared_view(offered, selection.round)
ids = list(measures)
kinds = kind_names(area_set)
kind_of = {m.id: f"{kinds[m.kind]}: {m.label}" for m in measures.values()}
layout = st.radio("View", ["pair", "multiples"], horizontal=True, key="explore_layout",
                  format_func={"pair": "Two measures", "multiples": "A context variable against every dimension"}.get)

if layout == "multiples":
    contexts = [m for m in ids if measures[m].kind == CONTEXT]
    context_id = st.selectbox("Context variable (across)", contexts, format_func=lambda m: measures[m].label,
                              key="explore_context")
    panels = shared_view(multiples, selection.round, context_id)
    st.plotly_chart(small_multiples_figure(panels.panels), key="explore_multiples", width="stretch",
                    config={"displaylogo": False})
    st.caption(panels.description)
    show_table(panels.table, key="explore_multiples_table")
    st.stop()

left, right = st.columns(2)
x_id = left.selectbox("Across (x axis)", ids, index=ids.index("ctx:imd2019_average_score"), format_func=kind_of.get,
                      key="explore_x")
y_id = right.selectbox("Up (y axis)", ids, index=0, format_func=kind_of.get, key="explore_y")
colours = colour_choices()
colour = left.selectbox("Colour by", list(colours), format_func=colours.get, key="explore_colour")
size = right.selectbox("Size by", list(SIZES), format_func=SIZES.get, key="explore_size")
pilot = None
if colour == "readiness":
    library = get_pilots()
    titles = {k: v for k, v in pilot_choices(library).items() if k != CUSTOM}
    chosen = left.selectbox("Pilot", list(titles), format_func=titles.get, key="explore_pilot")
    pilot = (library.get(chosen).requirements, library.nearly_ready_band)
with_fit = st.checkbox("Show the least-squares line and correlations", key="explore_fit")

view = shared_view(shown, selection.round, x_id, y_id, colour, size, pilot, selection.borough, with_fit)
on_chart = view.points.data.index
names = borough_names()


def take_chart_selection() -> None:
    """The chart's box or lasso selection becomes the list's (the list is what the page reads)."""
    event = st.session_state.get(CHART_KEY)
    chosen = event.selection.points if event is not None else []
    st.session_state[PICK_KEY] = selected_codes(list(chosen), pd.Index(st.session_state.get("explore_on_chart", [])))


st.session_state["explore_on_chart"] = list(on_chart)  # what the selection callback may pick from
st.session_state[PICK_KEY] = [c for c in st.session_state.get(PICK_KEY, []) if c in on_chart]
chart_column, picked_column = st.columns([3, 2])
with chart_column:
    st.plotly_chart(scatter_figure(view.points), key=CHART_KEY, on_select=take_chart_selection,
                    selection_mode=("box", "lasso"), width="stretch", config={"displaylogo": False})
    st.caption(view.description)
with picked_column:
    picked = st.multiselect(f"Selected {area_set.plural}", list(on_chart), format_func=names.get, key=PICK_KEY,
                            placeholder="Select on the chart, or choose here")
    if picked:
        show_table(selected_table(view, picked), key="explore_selected", width="content")
    others = [c for c in picked if c != selection.borough]
    if st.button(f"Compare these {area_set.plural}", key="explore_compare", disabled=not others,
                 help=f"Open Peer comparison with {names[selection.borough]} against the selected {area_set.plural}."):
        st.switch_page(PEERS_PAGE, query_params={ROUND_KEY: selection.round, BOROUGH_KEY: selection.borough,
                                                 PEERS_LINK_KEY: ",".join(others)})
    if not picked:
        st.caption(f"Drag a box or lasso on the chart (its tools are above it) to select {area_set.plural}.")

if with_fit and view.points.fit is None:
    st.info(view.fit_text)
elif with_fit:
    st.markdown(view.fit_text)
st.header("The data")
show_table(view.table, key="explore_table")
