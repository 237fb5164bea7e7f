"""Trends: London over rounds, the biggest movers (with their rank ranges), level transitions."""

import streamlit as st

from ui.components import round_notice, show_chart, show_table
from ui.data import get_framework, load_scored_rounds, shared_view
from ui.sidebar import require_selection
from viewmodels.trends import ComparisonView, TrendsView, comparison_view, earlier_rounds, trends_view


def shown() -> TrendsView:
    return trends_view(get_framework(), load_scored_rounds())


def shown_comparison(before: str, after: str) -> ComparisonView:
    rounds = load_scored_rounds()
    return comparison_view(get_framework(), rounds[before], rounds[after])


st.title("Trends")
selection = require_selection()
round_notice(selection)
rounds = load_scored_rounds()
if len(rounds) < 2:
    st.info("Trends need at least two stored rounds.")
    st.stop()
view = shared_view(shown)
for note in view.notes:
    st.warning(note)

st.header(view.medians_heading)
show_chart(view.medians_chart, key="london_trend", description=view.medians_description)
show_table(view.medians, key="medians")

st.header("Compare two rounds")
labels = list(rounds)
left, right = st.columns(2)
after_label = left.selectbox("Later round", labels[1:], index=len(labels) - 2, key="trend_after",
                             format_func=lambda label: rounds[label].heading)
choices = earlier_rounds(labels, after_label)
before_label = right.selectbox("Earlier round", choices, index=len(choices) - 1, key="trend_before",
                               format_func=lambda label: rounds[label].heading)
comparison = shared_view(shown_comparison, before_label, after_label)

st.markdown(comparison.movers_heading)
show_table(comparison.movers, key="movers")
st.markdown(comparison.transitions_heading)
show_table(comparison.transitions, key="transitions", hide_index=False)
st.caption(comparison.transitions_caption)
