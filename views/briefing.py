"""Committee briefing: London's picture in large type, and the slide pack to present it."""

import streamlit as st

from figures.charts import level_stack
from figures.london_maps import cluster_map, cluster_order, describe_categories, level_map, readiness_map, readiness_order
from figures.maps import format_score
from models.readiness import STATUSES, status_counts
from models.summary import OVERALL, level_order
from reports.committee_pack import committee_pack_pptx
from survey.areas import borough_names
from ui.components import round_notice
from ui.data import get_framework, get_pilots, load_briefing, load_geojson
from ui.sidebar import require_selection

framework = get_framework()
library = get_pilots()
selection = require_selection()
names = borough_names()
dimension_names = {d.id: d.name for d in framework.dimensions}
MAP_CONFIG = {"displayModeBar": False, "scrollZoom": False, "staticPlot": True}

st.markdown("""<style>
section.main h1, [data-testid="stMainBlockContainer"] h1 {font-size: 3rem;}
[data-testid="stMainBlockContainer"] [data-testid="stMarkdownContainer"] li {font-size: 1.45rem; line-height: 1.5;}
[data-testid="stMainBlockContainer"] [data-testid="stMetricValue"] {font-size: 3rem;}
</style>""", unsafe_allow_html=True)


st.title(f"London's digital maturity, round {selection.round}")
round_notice(selection)
pilot_id = st.selectbox("Pilot to feature", [p.id for p in library.pilots],
                        format_func=lambda p: library.get(p).name, key="briefing_pilot")
briefing = load_briefing(selection.round, pilot_id)

st.header("Key messages")
st.markdown("\n".join(f"- {message}" for message in briefing.messages))

headline = briefing.headline
median, scored, weakest = st.columns(3)
median.metric("London median", format_score(headline.london_median))
median.caption(f"Overall index · {headline.london_median_level}")
scored.metric("Boroughs scored", f"{headline.boroughs_scored} of 33")
weakest.metric("Weakest dimension", dimension_names[headline.weakest_dimension])

geojson = load_geojson()
st.header("Maturity across London")
figure, table = level_map(briefing.round.scores, framework, OVERALL, geojson)
st.plotly_chart(figure, width="stretch", config=MAP_CONFIG, key="briefing_map")
st.caption(describe_categories(table, "Level", level_order(framework), "overall level")
           + " The Overview page lists every borough.")

st.header(f"Capability gaps: boroughs below {briefing.target_level}")
st.plotly_chart(level_stack(briefing.shares, framework.level_names), width="stretch", config={"displayModeBar": False},
                key="briefing_gaps")
st.caption("Stacked bars: boroughs at each level on each dimension, counts written in each segment. "
           + "; ".join(f"{r.name}: {r.below_target} of {r.assessed} below {briefing.target_level}" for r in briefing.shares.itertuples())
           + ".")

st.header("Groups of similar boroughs")
figure, table = cluster_map(briefing.round.scores, briefing.clusters, framework, geojson)
st.plotly_chart(figure, width="stretch", config=MAP_CONFIG, key="briefing_clusters")
st.caption(describe_categories(table, "Cluster", cluster_order(briefing.clusters), "cluster")
           + " The Clusters page lists the members.")
st.markdown("\n".join(f"- **Cluster {c}:** {d}" for c, d in briefing.clusters.descriptions_.items()))
st.caption("Groupings describe similar profiles; they are not a performance judgement.")

st.header(f"Who could adopt {briefing.pilot.name} now")
counts = status_counts(briefing.readiness)
figure, table = readiness_map(briefing.round.scores, briefing.readiness, framework, geojson, briefing.pilot.running_in)
st.plotly_chart(figure, width="stretch", config=MAP_CONFIG, key="briefing_readiness")
st.caption(describe_categories(table, "Status", readiness_order(), "readiness") + " The Pilot readiness page lists every borough.")
st.markdown(" · ".join(f"**{status}** {counts[status]}" for status in STATUSES))

st.header("Change since the last round")
if briefing.previous is None:
    st.markdown(f"Round {selection.round} is the first on record: there is no earlier round to compare with.")
else:
    moved = briefing.movers
    st.markdown("\n".join(
        f"- **{names[c]}** {r.before:.2f} → {r.after:.2f} ({r.change:+.2f}): "
        + ("a clear change" if r.clear else "within its likely rank range, so possibly noise") for c, r in moved.iterrows()))
for note in briefing.notes:
    st.warning(note)

st.header("Slides")
pack_key = f"pack_{selection.round}_{pilot_id}"
if st.button("Prepare the slide pack", key="prepare_pack"):
    bar = st.progress(0.0, text="Starting")
    st.session_state[pack_key] = committee_pack_pptx(briefing, framework, geojson, lambda f, m: bar.progress(f, text=m))
    bar.empty()
if pack_key in st.session_state:
    st.download_button("Download slides (PPTX)", st.session_state[pack_key], f"london_digital_maturity_{selection.round}.pptx",
                       "application/vnd.openxmlformats-officedocument.presentationml.presentation", key="pack_download")
