"""Committee briefing: the set's picture in large type, and the slide pack to present it."""

from collections.abc import Callable

import streamlit as st

from ui.components import prepared_document, round_notice, show_chart, show_map, show_metrics, show_table
from ui.data import get_pilots, load_briefing, load_round_framework, shared_view
from ui.sidebar import require_selection
from ui.streamlit_internals import MAIN_COLUMN, MARKDOWN, METRIC_VALUE
from viewmodels.briefing import CHART_TEXT_PX, BriefingView, HeadedChart, MapChart, briefing_page, briefing_title, briefing_view

library = get_pilots()
selection = require_selection()
framework = load_round_framework(selection.round)

st.html(f"""<style>
{MAIN_COLUMN} h1 {{font-size: 3rem;}}
{MAIN_COLUMN} {MARKDOWN} li {{font-size: 1.45rem; line-height: 1.5;}}
{MAIN_COLUMN} {METRIC_VALUE} {{font-size: clamp(1.4rem, 17cqi, 3rem);}}
</style>""")


def chart(item: HeadedChart, key: str) -> None:
    st.header(item.heading)
    show_chart(item.chart, key=key, description=item.description)
    show_table(item.table, key=f"{key}_table", folded=item.table_summary)


def map_chart(item: MapChart, key: str, still: bool = False) -> None:
    show_map(item.heading, item.spec, key=key, label_px=CHART_TEXT_PX, legend_px=CHART_TEXT_PX, description=item.description,
             still=still)


page = briefing_page()
st.title(briefing_title(selection.round))
round_notice(selection)
pilot_id = st.selectbox("Pilot to feature", [p.id for p in library.pilots],
                        format_func=lambda p: library.get(p).name, key="briefing_pilot")
briefing = load_briefing(selection.round, pilot_id)


def shown(round_label: str, featured: str) -> BriefingView:
    return briefing_view(load_round_framework(round_label), load_briefing(round_label, featured))


view = shared_view(shown, selection.round, pilot_id)

st.header("Key messages")
st.markdown("\n".join(f"- {message}" for message in view.messages))
show_metrics(view.metrics)

# The first map opens a borough's page when clicked; the other two are pictures to be read (as on the
# slides), so that a keyboard does not pass 99 areas to get through the page.
map_chart(view.level_map, "briefing_map")
chart(view.gaps, "briefing_gaps")
if view.cluster_map is not None:
    map_chart(view.cluster_map, "briefing_clusters", still=True)
    st.markdown("\n".join(f"- {line}" for line in view.cluster_lines))
    st.caption("Groupings describe similar profiles; they are not a performance judgement.")
else:
    st.header(page.clusters_heading)
    st.info(" ".join(view.cluster_lines))
map_chart(view.readiness_map, "briefing_readiness", still=True)
st.markdown(view.readiness_line)
st.header("Scale-up plan: nearly ready, and who could help")
if not view.plan:
    st.markdown(page.no_plan)
for row in range(0, len(view.plan), 3):  # three cards a row on a wide screen; stacked on a phone
    for column, card in zip(st.columns(3), view.plan[row:row + 3]):
        with column.container(border=True):
            st.markdown(f"**{card.borough}**  \n" + "  \n".join(card.lines))
if view.plan_more:
    st.markdown(view.plan_more)

st.header("Change since the last round")
st.markdown(view.change)
for note in view.notes:
    st.warning(note)

st.header("Slides")


def build_pack(progress: Callable[[float, str], None]) -> bytes:
    # Imported when first asked for: the PDF and slide libraries are slow to load and most visits need neither.
    from reports.committee_pack import committee_pack_pptx

    return committee_pack_pptx(briefing, framework, progress)


prepared_document("Prepare the slide pack", build_pack, kept_as=f"pack_{selection.round}_{pilot_id}",
                  download_label="Download slides (PPTX)", file_name=view.pack_file_name,
                  mime="application/vnd.openxmlformats-officedocument.presentationml.presentation", key="pack")
