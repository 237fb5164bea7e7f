"""Pilot readiness: which areas could adopt a pilot now, what blocks the rest, who could help."""

import streamlit as st

from ui.components import round_notice, show_map, show_table
from ui.data import get_pilots, load_partner_candidates, load_round_framework, load_scores, shared_view
from ui.sidebar import require_selection
from viewmodels.readiness import CUSTOM, ReadinessView, pilot_choices, readiness_page, readiness_view

library = get_pilots()
page = readiness_page()

st.title("Pilot readiness")
selection = require_selection()
framework = load_round_framework(selection.round)
dimension_names = framework.dimension_names
round_notice(selection)

titles = pilot_choices(library)
chosen = st.selectbox("Pilot", list(titles), format_func=titles.get, key="pilot")
if chosen == CUSTOM:
    required = st.multiselect("Dimensions the pilot depends on", list(framework.dimension_ids),
                              default=["data", "technology"], format_func=dimension_names.get, key="custom_dimensions")
    requirements = {d: st.slider(f"Minimum {dimension_names[d]} score", 1.0, 5.0, 3.0, 0.1, key=f"custom_min_{d}")
                    for d in required}
    running_in: tuple[str, ...] = ()
    if not requirements:
        st.info("Choose at least one dimension the pilot depends on.")
        st.stop()
else:
    pilot = library.get(chosen)
    requirements, running_in = pilot.requirements, pilot.running_in
    st.markdown(pilot.description)
show_running = bool(running_in) and st.checkbox(page.running_label, value=True, key="show_running")


def shown(round_label: str, pilot_id: str, minimums: dict[str, float], band: float, marked: tuple[str, ...]) -> ReadinessView:
    return readiness_view(load_round_framework(round_label), load_scores(round_label), load_partner_candidates(round_label),
                          round_label, pilot_id, minimums, band, marked)


view = shared_view(shown, selection.round, chosen, requirements, library.nearly_ready_band,
                   tuple(running_in) if show_running else ())
st.markdown(view.needs)

for column, (status, count) in zip(st.columns(len(view.counts)), view.counts.items()):
    column.metric(status, count)
st.caption(view.rule)

show_map("Readiness map", view.map, key="readiness_map", description=view.map_description)

st.header("Who could adopt it, and in what order")
show_table(view.boroughs, key="readiness_table", sortable=True)
st.caption(page.table_caption)
