"""Pilot readiness: which boroughs could adopt a pilot now, what blocks the rest, who could help."""

import pandas as pd
import streamlit as st

from figures.london_maps import readiness_map
from models.readiness import WAVE_NAMES, ranked, readiness, status_counts
from models.summary import NO_RESPONSE
from survey.areas import borough_names
from ui.components import attribution, csv_download, round_notice
from ui.data import get_framework, get_pilots, load_geojson, load_partner_candidates, load_scores
from ui.sidebar import require_selection

CUSTOM = "custom"

framework = get_framework()
library = get_pilots()
names = borough_names()
dimension_names = {d.id: d.name for d in framework.dimensions}

st.title("Pilot readiness")
selection = require_selection()
round_notice(selection)

pilot_ids = [p.id for p in library.pilots] + [CUSTOM]
titles = {p.id: p.name for p in library.pilots} | {CUSTOM: "Custom pilot (set the requirements)"}
chosen = st.selectbox("Pilot", pilot_ids, format_func=titles.get, key="pilot")
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
st.markdown("**Needs:** " + "; ".join(f"{dimension_names[d]} at least {v:.1f}" for d, v in requirements.items()))
show_running = bool(running_in) and st.checkbox("Mark the boroughs where the pilot already runs", value=True,
                                                key="show_running")

scores = load_scores(selection.round)
table = readiness(scores[list(framework.dimension_ids)], requirements, library.nearly_ready_band,
                  peers=load_partner_candidates(selection.round))
counts = status_counts(table)

counts[NO_RESPONSE] = len(names) - len(table)
for column, (status, count) in zip(st.columns(len(counts)), counts.items()):
    column.metric(status, count)
st.caption(f"Ready: every required dimension at or above its minimum. Nearly ready: the weakest is at most "
           f"{library.nearly_ready_band:g} below. Not yet: further below. Not assessed: a required dimension has no score.")

st.subheader("Readiness map")
figure, _ = readiness_map(scores, table, framework, load_geojson(), running_in if show_running else ())
st.plotly_chart(figure, width="stretch", config={"displayModeBar": False, "scrollZoom": False}, key="readiness_map")
st.caption("Map of the 33 boroughs by readiness for this pilot: "
           + ", ".join(f"{count} {status.lower()}" for status, count in counts.items()) + ". Hover for the margin and "
           "bottleneck; the table below lists every borough." + (" Boroughs where the pilot runs say so in the tooltip "
                                                                  "and the table." if show_running else ""))
attribution("boundaries")

st.subheader("Who could adopt it, and in what order")
order = ranked(table)
listing = pd.DataFrame({
    "Borough": order.index.map(names),
    "Status": order["status"],
    "Wave": order["wave"].map(lambda w: "—" if pd.isna(w) else WAVE_NAMES[int(w)]),
    "Margin": order["margin"],
    "Bottleneck": order["bottleneck"].map(lambda b: ", ".join(dimension_names[d] for d in b.split(";"))),
    **{f"Uplift: {dimension_names[d]}": order[f"uplift_{d}"] for d in requirements},
    "Suggested partners": order["partners"].map(lambda p: ", ".join(names[c] for c in p.split(";") if c)),
})
if show_running:
    listing.insert(1, "Pilot runs here", [c in running_in for c in order.index])
number = st.column_config.NumberColumn(format="%+.2f")
st.dataframe(listing, hide_index=True, width="stretch",
             column_config={"Margin": number, **{c: st.column_config.NumberColumn(format="%.2f") for c in listing.columns
                                                 if c.startswith("Uplift")}})
st.caption("Margin: the weakest required dimension's score minus its minimum. Uplift: how far each required "
           "dimension must rise. Suggested partners: ready boroughs among each borough's ONS neighbours and "
           "maturity neighbours, closest first.")
csv_download(listing, f"readiness_{chosen}_{selection.round}.csv", key="readiness_download")
