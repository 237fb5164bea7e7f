"""Overview: London's 33 boroughs on a map, coloured by maturity level, with headline figures."""

import streamlit as st

from figures.london_maps import describe_categories, level_map
from figures.maps import format_score
from models.summary import OVERALL, headline_figures, level_order, measure_label
from ui.components import attribution, csv_download, round_notice
from ui.data import get_framework, load_geojson, load_ranks, load_scores
from ui.sidebar import require_selection

framework = get_framework()
st.title("London digital maturity")
selection = require_selection()

label = measure_label(selection.measure, framework)
st.caption(f"Round {selection.round} · {label} · levels from the framework v{framework.version} scoring method")
round_notice(selection)

scores = load_scores(selection.round)
headline = headline_figures(scores, framework, selection.measure)

median, boroughs, weakest = st.columns(3)
median.metric(
    f"London median, {label}",
    format_score(headline.london_median),
    help="Median over the boroughs with a score on this measure.",
)
median.caption(f"Level: **{headline.london_median_level}**")
boroughs.metric("Boroughs scored", f"{headline.boroughs_scored} of {sum(headline.level_counts.values())}")
boroughs.caption(f"{headline.boroughs_responding} responded to this round")
if headline.weakest_dimension:
    weakest.metric("London's weakest dimension", framework.dimension(headline.weakest_dimension).name)
    weakest.caption(f"Median score {format_score(headline.weakest_dimension_median)}")

st.subheader(f"Boroughs per level: {label}")
level_columns = st.columns(len(headline.level_counts))
for column, (level, count) in zip(level_columns, headline.level_counts.items()):
    column.metric(level, count)

st.subheader(f"Map: {label} level by borough")
figure, table = level_map(scores, framework, selection.measure, load_geojson())
st.plotly_chart(figure, width="stretch", config={"displayModeBar": False, "scrollZoom": False}, key="overview_map")
st.caption(describe_categories(table, "Level", level_order(framework), f"{label} level in round {selection.round}")
           + " The table below lists every borough's score and level.")
attribution("boundaries")

st.subheader("The map's data")
if selection.measure == OVERALL:
    # A rank never appears without its likely range (see Method & data).
    table["rank"] = table["ons_code"].map(load_ranks(selection.round)["rank_text"]).fillna("no response")
# The flags that qualify each score: dimensions left out by the coverage rule, and how far respondents disagree.
dimension_names = {d.id: d.name for d in framework.dimensions}
table["missing"] = table["ons_code"].map(scores["missing_dimensions"]).map(
    lambda ids: ", ".join(dimension_names[d] for d in ids.split(";")) if isinstance(ids, str) and ids else "")
table["spread"] = table["ons_code"].map(scores["spread_max"])
shown = table.drop(columns=["Score", "Level"]).rename(
    columns={"ons_code": "ONS code", "name": "Borough", "inner_outer": "Inner/Outer", "score": label,
             "level": "Level", "respondents": "Respondents", "rank": "Rank (likely range)",
             "missing": "Not assessed (coverage rule)", "spread": "Largest disagreement"}
)
st.dataframe(
    shown,
    hide_index=True,
    width="stretch",
    column_config={
        label: st.column_config.NumberColumn(format="%.2f"),
        "Largest disagreement": st.column_config.NumberColumn(
            format="%.0f", help="Highest minus lowest answer to one question between the borough's respondents."),
    },
    key="overview_table",
)
csv_download(shown, f"maturity_{selection.round}_{selection.measure}.csv", key="overview_download")
