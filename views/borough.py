"""My borough: one borough's benchmark report, shareable as a link (?borough=ONS code)."""

from collections.abc import Callable

import streamlit as st

from survey.area_sets import active_area_set
from survey.areas import borough_names
from ui.components import prepared_document, round_notice, show_chart, show_metrics, show_table
from ui.data import load_benchmark, load_round_framework, shared_view
from ui.sidebar import BOROUGH_KEY, MEASURE_KEY, ROUND_KEY, opened_borough, require_selection
from viewmodels.borough import BoroughView, borough_view
from viewmodels.common import strengths_and_gaps_text

selection = require_selection()
framework = load_round_framework(selection.round)
code = opened_borough(selection)
if code != selection.borough:  # opened from a map or a link: the sidebar still holds the reader's own
    st.page_link("views/borough.py", label=f"Back to my {active_area_set().noun}: {borough_names()[selection.borough]}",
                 icon=":material/arrow_back:", query_params={ROUND_KEY: selection.round, BOROUGH_KEY: selection.borough,
                                                             MEASURE_KEY: selection.measure})
try:
    benchmark = load_benchmark(selection.round, code)
except KeyError:
    st.title(borough_names()[code])
    round_notice(selection)
    st.warning(f"{borough_names()[code]} did not respond to round {selection.round}. "
               "Choose another round in the sidebar.")
    st.stop()


def shown(round_label: str, ons_code: str) -> BoroughView:
    return borough_view(load_round_framework(round_label), load_benchmark(round_label, ons_code))


view = shared_view(shown, selection.round, code)

st.title(view.title)
st.caption(view.caption)
round_notice(selection)
show_metrics(view.metrics)
st.markdown(view.change)
st.caption(view.notes)

st.header(view.profile_heading)
show_chart(view.profile_chart, key="borough_profile", description=view.profile_description)
show_table(view.profile, key="borough_profile_table")

st.header("Strengths and gaps")
st.markdown(strengths_and_gaps_text(view.strengths_and_gaps))

st.header("Trend across rounds")
show_chart(view.trend_chart, key="borough_trend", description=view.trend_description)
show_table(view.trend, key="borough_trend_table")

st.header("Readiness for the pilots in the library")
show_table(view.pilots, key="borough_pilots_table")

st.header("Peers")
context, maturity = st.columns(2)
context.markdown("**Most like us (ONS statistical neighbours)**\n\n" + "\n".join(f"1. {n}" for n in view.context_peers))
maturity.markdown("**At a similar stage (closest profiles)**\n\n" + "\n".join(f"1. {n}" for n in view.maturity_peers))

st.header("Report to forward")


def build_report(progress: Callable[[float, str], None]) -> bytes:
    # Imported when first asked for: the PDF and slide libraries are slow to load and most visits need neither.
    from reports.borough_report import borough_report_pdf

    return borough_report_pdf(benchmark, framework, progress)


prepared_document("Prepare the PDF report", build_report, kept_as=f"borough_pdf_{selection.round}_{code}",
                  download_label="Download report (PDF)", file_name=view.report_file_name, mime="application/pdf",
                  key="report")
