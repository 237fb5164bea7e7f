"""Trends: London over rounds, the biggest movers (with their rank ranges), level transitions."""

import streamlit as st

from figures.charts import trend_lines
from models.trends import framework_changes, level_moves, level_transitions, london_medians, movers
from survey.areas import borough_names
from ui.components import csv_download, round_notice
from ui.data import get_framework, load_rounds, load_scored_rounds
from ui.sidebar import require_selection

framework = get_framework()
names = borough_names()
dimension_names = {d.id: d.name for d in framework.dimensions} | {"overall": "Overall index"}

st.title("Trends")
selection = require_selection()
rounds = load_scored_rounds()
if len(rounds) < 2:
    st.info("Trends need at least two stored rounds.")
    st.stop()
round_notice(selection)
for note in framework_changes(load_rounds()):
    st.warning(note)

st.subheader("London's median over rounds")
medians = london_medians({label: r.scores for label, r in rounds.items()}, framework)
st.plotly_chart(trend_lines(medians, dimension_names), width="stretch", config={"displayModeBar": False}, key="london_trend")
first, last = medians.index[0], medians.index[-1]
change = medians.loc[last, "overall"] - medians.loc[first, "overall"]
st.caption(f"Line chart of London's median score per dimension in each round. The median overall index went from "
           f"{medians.loc[first, 'overall']:.2f} in {first} to {medians.loc[last, 'overall']:.2f} in {last} ({change:+.2f}).")
shown = medians.rename(columns=dimension_names).reset_index().rename(columns={"round": "Round"})
number = st.column_config.NumberColumn(format="%.2f")
st.dataframe(shown, hide_index=True, width="stretch", column_config={c: number for c in shown.columns if c != "Round"})
csv_download(shown, "london_medians.csv", key="medians_download")

st.subheader("Compare two rounds")
labels = list(rounds)
left, right = st.columns(2)
after_label = left.selectbox("Later round", labels[1:], index=len(labels) - 2, key="trend_after")
before_label = right.selectbox("Earlier round", [r for r in labels if r < after_label], key="trend_before",
                               index=len([r for r in labels if r < after_label]) - 1)
before, after = rounds[before_label], rounds[after_label]

st.markdown(f"**Biggest movers, {before_label} → {after_label}** (overall index). A change is *clear* only when "
            "the borough's likely rank ranges in the two rounds do not overlap; otherwise it may be noise.")
moved = movers(before.scores, after.scores, before.ranks, after.ranks)
table = moved.reset_index()
table.insert(0, "Borough", table.pop("ons_code").map(names))
table = table.rename(columns={"before": before_label, "after": after_label, "change": "Change", "direction": "Direction",
                              "rank_before": f"Rank {before_label}", "rank_after": f"Rank {after_label}",
                              "clear": "Clear change"})
st.dataframe(table, hide_index=True, width="stretch",
             column_config={before_label: number, after_label: number, "Change": st.column_config.NumberColumn(format="%+.2f")})
csv_download(table, f"movers_{before_label}_{after_label}.csv", key="movers_download")

st.markdown(f"**Level transitions, {before_label} → {after_label}** (boroughs in both rounds; rows: level before, "
            "columns: level after)")
transitions = level_transitions(before.scores, after.scores, framework)
st.dataframe(transitions, width="stretch")
up, down = level_moves(before.scores, after.scores, framework)
st.caption(f"{int(transitions.to_numpy().sum())} boroughs in both rounds; {up} moved up at least one level and "
           f"{down} moved down.")
