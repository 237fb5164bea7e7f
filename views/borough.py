"""My borough: one borough's benchmark report, shareable as a link (?borough=ONS code)."""

import pandas as pd
import streamlit as st

from figures.charts import profile_against_group, trend_lines
from figures.maps import format_score
from reports.borough_report import borough_report_pdf
from survey.areas import borough_names
from ui.components import csv_download, round_notice
from ui.data import get_framework, load_benchmark
from ui.sidebar import require_selection

framework = get_framework()
selection = require_selection()
names = borough_names()
dimension_names = {d.id: d.name for d in framework.dimensions}


code, borough = selection.borough, names[selection.borough]
st.title(borough)
st.caption(f"Digital maturity benchmark · round {selection.round} · ONS code {code} · share this page's link to "
           "open it on this borough")
round_notice(selection)
try:
    benchmark = load_benchmark(selection.round, code)
except KeyError:
    st.warning(f"{borough} did not respond to round {selection.round}. Choose another round in the sidebar.")
    st.stop()

level, score, rank = st.columns(3)
level.metric("Level", benchmark.level)
score.metric("Overall index", format_score(benchmark.overall))
rank.metric("Rank", benchmark.rank_text.split(" (")[0], help="Levels and rank ranges are the message, not the league table.")
rank.caption(benchmark.rank_text)
notes = [f"{benchmark.respondents} respondent(s)."]
if benchmark.missing_dimensions:
    notes.append("Not assessed (too few answers): " + ", ".join(benchmark.missing_dimensions) + ".")
st.caption(" ".join(notes))

st.subheader("Profile against London and similar boroughs")
peer_names = ", ".join(names[c] for c in benchmark.peer_group)
figure = profile_against_group(benchmark.comparison, borough, "Peer group", london=benchmark.comparison["london_median"])
st.plotly_chart(figure, width="stretch", config={"displayModeBar": False}, key="borough_profile")
above = benchmark.comparison[benchmark.comparison["score"] > benchmark.comparison["london_median"]]["name"].tolist()
st.caption(f"Dot plot of {borough}'s score (circle) on each dimension against London's median (triangle) and the "
           f"median (diamond) and range (bar) of its peer group ({peer_names}). Above London's median on "
           f"{len(above)} of {len(benchmark.comparison)} dimensions" + (f": {', '.join(above)}." if above else "."))
profile = benchmark.comparison[["name", "score", "level", "london_median", "group_median"]].rename(columns={
    "name": "Dimension", "score": borough, "level": "Level", "london_median": "London median", "group_median": "Peer median"})
number = st.column_config.NumberColumn(format="%.2f")
st.dataframe(profile, hide_index=True, width="stretch", column_config={c: number for c in (borough, "London median", "Peer median")})
csv_download(profile, f"profile_{code}_{selection.round}.csv", key="borough_profile_download")

st.subheader("Strengths and gaps")
marked = benchmark.profile[benchmark.profile["kind"] != ""].sort_values("vs_london", ascending=False)
if marked.empty:
    st.markdown("Every dimension is close to London's median.")
for row in marked.itertuples():
    peers = "" if pd.isna(row.vs_peers) else f", {row.vs_peers:+.2f} against the peer group"
    st.markdown(f"**{row.kind.capitalize()}: {row.name}** — {row.score:.2f} ({row.level}), "
                f"{row.vs_london:+.2f} against London's median{peers}." + (f"  \n{row.next_step}" if row.next_step else ""))

st.subheader("Trend across rounds")
trend = benchmark.trend.dropna(how="all")
st.plotly_chart(trend_lines(trend, dimension_names | {"overall": "Overall index"}), width="stretch",
                config={"displayModeBar": False}, key="borough_trend")
st.caption(f"Line chart of {borough}'s scores in each round it responded to; the thick black line is the overall index.")
shown_trend = trend.rename(columns=dimension_names | {"overall": "Overall index"}).reset_index().rename(columns={"round": "Round"})
st.dataframe(shown_trend, hide_index=True, width="stretch",
             column_config={c: number for c in shown_trend.columns if c != "Round"})

st.subheader("Readiness for the pilots in the library")
pilots = benchmark.pilots.drop(columns=["pilot"]).rename(columns={
    "name": "Pilot", "status": "Status", "margin": "Margin", "bottleneck": "Bottleneck"})
st.dataframe(pilots, hide_index=True, width="stretch", column_config={"Margin": st.column_config.NumberColumn(format="%+.2f")})

st.subheader("Peers")
context, maturity = st.columns(2)
context.markdown("**Most like us (ONS statistical neighbours)**\n\n"
                 + "\n".join(f"1. {names[c]}" for c in benchmark.context_peers["neighbour_code"]))
maturity.markdown("**At a similar stage (closest profiles)**\n\n"
                  + "\n".join(f"1. {names[c]}" for c in benchmark.maturity_peers["neighbour_code"]))

st.subheader("Report to forward")
report_key = f"borough_pdf_{selection.round}_{code}"
if st.button("Prepare the PDF report", key="prepare_report"):
    bar = st.progress(0.0, text="Starting")
    st.session_state[report_key] = borough_report_pdf(benchmark, framework, lambda f, m: bar.progress(f, text=m))
    bar.empty()
if report_key in st.session_state:
    st.download_button("Download report (PDF)", st.session_state[report_key], f"benchmark_{code}_{selection.round}.pdf",
                       "application/pdf", key="report_download")
