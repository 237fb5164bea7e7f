"""Capability gaps: where London falls short of a target level, by dimension and by borough."""

import streamlit as st

from figures.london_maps import describe_categories, gap_map, gap_order
from figures.maps import format_score
from models.gaps import gap_table, level_shares, shares_by_half, target_score, weakest_dimensions
from models.summary import OVERALL
from survey.areas import borough_names
from ui.components import attribution, csv_download, round_notice
from ui.data import get_framework, load_geojson, load_scores
from ui.sidebar import require_selection

framework = get_framework()
names = borough_names()
dimension_names = {d.id: d.name for d in framework.dimensions}

st.title("Capability gaps across London")
selection = require_selection()
round_notice(selection)

levels = list(framework.level_names)
target = st.selectbox("Target level", levels[1:], index=levels.index("Developing") - 1, key="gap_target",
                      help="The level every borough should reach; a gap is the distance below its lower edge.")
target_value = target_score(framework, target)
st.caption(f"Round {selection.round}. Target: {target} (a score of {target_value:g} or more).")

scores = load_scores(selection.round)
profiles = scores[list(framework.dimension_ids)]
shares = level_shares(profiles, framework, target)
by_median, by_share = weakest_dimensions(shares)
worst = shares.set_index("dimension").loc[by_share[0]]

first, second = st.columns(2)
first.metric("Weakest dimension (lowest median)", dimension_names[by_median[0]])
first.caption(f"Median {format_score(shares.set_index('dimension').loc[by_median[0], 'median'])}; then "
              + ", ".join(dimension_names[d] for d in by_median[1:]))
second.metric("Most boroughs below target", dimension_names[by_share[0]])
second.caption(f"{int(worst['below_target'])} of {int(worst['assessed'])} boroughs below {target}; then "
               + ", ".join(dimension_names[d] for d in by_share[1:]))

st.subheader("Boroughs at each level, by dimension")
shown = shares.drop(columns=["dimension"]).rename(columns={
    "name": "Dimension", "median": "Median", "assessed": "Boroughs assessed", "below_target": f"Below {target}",
    "share_below_target": f"Share below {target}"})
st.dataframe(shown, hide_index=True, width="stretch", column_config={
    "Median": st.column_config.NumberColumn(format="%.2f"),
    f"Share below {target}": st.column_config.ProgressColumn(format="percent", min_value=0, max_value=1)})
csv_download(shown, f"gaps_levels_{selection.round}_{target}.csv", key="gap_levels_download")

st.subheader("Inner and Outer London")
halves = shares_by_half(profiles, framework, target).drop(columns=["dimension"]).rename(columns={"name": "Dimension"})
percent = st.column_config.ProgressColumn(format="percent", min_value=0, max_value=1)
st.dataframe(halves, hide_index=True, width="stretch", column_config={"Inner London": percent, "Outer London": percent})
st.caption(f"Share of each half's boroughs below {target} on each dimension.")

st.subheader("Map: gap to target on one dimension")
default_dimension = selection.measure if selection.measure != OVERALL else by_share[0]
dimension = st.selectbox("Dimension", list(framework.dimension_ids), index=list(framework.dimension_ids).index(default_dimension),
                         format_func=dimension_names.get, key="gap_dimension")
gaps = gap_table(profiles, framework, target)
figure, table = gap_map(scores, framework, dimension, target, load_geojson())
st.plotly_chart(figure, width="stretch", config={"displayModeBar": False, "scrollZoom": False}, key="gap_map")
st.caption(describe_categories(table, "Gap to target", gap_order(), f"gap to {target} in {dimension_names[dimension]}")
           + " The table below lists every borough's gaps.")
attribution("boundaries")

st.subheader("Every borough's gaps")
matrix = gaps.rename(columns={**dimension_names, "dimensions_below": f"Dimensions below {target}"})
matrix.insert(0, "Borough", matrix.index.map(names))
st.dataframe(matrix.sort_values(f"Dimensions below {target}", ascending=False), hide_index=True, width="stretch",
             column_config={name: st.column_config.NumberColumn(format="%+.2f") for name in dimension_names.values()})
st.caption("Score minus the target on each dimension: negative means below. Click a column header to sort.")
csv_download(matrix.reset_index(), f"gaps_{selection.round}_{target}.csv", key="gap_table_download")
