"""Small pieces every page uses: notices about the round shown, CSV downloads, attribution."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from functools import partial
from html import escape
from pathlib import Path

import pandas as pd
import streamlit as st

from figures.charts import Chart, chart_svg
from figures.map_spec import MapSpec
from figures.maps import LABEL_PX, SHOWN_WIDTHS_PX, MapFrame, legend_html, map_frame
from figures.palette import BOUNDARY_COLOUR, LABEL_COLOUR, TABLE_HEAD_RULE_COLOUR, TABLE_RULE_COLOUR
from figures.svg_maps import map_svg
from models.disclosure import PROVISIONAL_MARK
from models.summary import what_is_missing
from reports.tables import to_safe_csv
from survey.area_sets import active_area_set
from survey.areas import borough_names
from survey.sources import attribution as source_attribution
from ui.data import load_round_framework, load_scores
from ui.access import current_person
from ui.sidebar import OPENED_KEY, Selection, current_selection
from ui.streamlit_internals import DATE_PART, MAIN_SCROLLER, METRIC, METRIC_LABEL, METRIC_VALUE
from viewmodels.common import Metric, Table
from viewmodels.tables import PROSE_MIN_EMS, ROW_PROSE_MIN_EMS, sort_choices, sorted_by, sorted_column, table_html

BOROUGH_PAGE = "views/borough.py"
OPEN_BOROUGH_KEY = "open_borough"  # a borough clicked on a map, opened on the next run


def _sized_css(widths: tuple[int, ...]) -> str:
    """Which of a figure's drawings the browser shows: one for each of ``widths`` (narrowest first), each the
    ``n``th child of the ``.sized`` frame. A column shows the widest drawing it holds, grown to fill it, or the
    narrowest, shrunk; the widest is never grown. The others are ``display: none``, which also takes them out of
    the accessibility tree and the Tab order, so a reader meets one map."""
    rules = [".sized { container-type: inline-size; }", ".sized > * { display: none; }",
             f".sized > :last-child > svg {{ max-width: {widths[-1]}px; }}"]
    for n, width in enumerate(widths, start=1):
        low = f"{width}px <= " if n > 1 else ""
        high = f" < {widths[n]}px" if n < len(widths) else ""
        rules.append(f"@container ({low}width{high}) {{ .sized > :nth-child({n}) {{ display: block; }} }}")
    return "\n".join(rules)


# Each map and chart is drawn at every one of ``SHOWN_WIDTHS_PX`` and sent as a list of SVGs (narrowest first);
# the component writes them into a ``.sized`` frame and this CSS shows the one for the column's width.
_SIZED_CSS = _sized_css(SHOWN_WIDTHS_PX)

# A page's map: the clickable SVG, its tooltip and its click sent back (``ui/map_component.js``), styled
# apart from the page (the component's shadow root).
_MAP_CSS = _SIZED_CSS + f"""
.map-holder {{ position: relative; }}
.map-tip {{ position: absolute; z-index: 1; pointer-events: none; max-width: 18em; padding: 0.3em 0.6em;
  font-size: 15px; line-height: 1.4; color: {LABEL_COLOUR}; background: white; border: 1px solid {BOUNDARY_COLOUR}; }}
path[data-code], circle[data-target] {{ cursor: pointer; }}
path[data-code]:focus {{ outline: none; }}
svg.borough-map {{ touch-action: pan-x pan-y; }}
svg.borough-map path, svg.borough-map circle {{ vector-effect: non-scaling-stroke; }}
.map-zoom, .map-find form {{ display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; margin-top: 0.4rem; }}
.map-zoom button, .map-find button {{ min-width: 44px; min-height: 44px; padding: 0 0.8rem; font: inherit; font-size: 18px;
  color: {LABEL_COLOUR}; background: white; border: 1px solid {BOUNDARY_COLOUR}; border-radius: 4px; cursor: pointer; }}
.map-find label {{ font-size: 16px; }}
.map-find input {{ min-height: 44px; box-sizing: border-box; width: 16em; max-width: 100%; padding: 0 0.5rem; font: inherit;
  font-size: 16px; color: {LABEL_COLOUR}; border: 1px solid {BOUNDARY_COLOUR}; border-radius: 4px; }}
.map-find [role=status] {{ flex-basis: 100%; margin: 0; font-size: 15px; }}
.map-zoom button:focus-visible, .map-find button:focus-visible, .map-find input:focus-visible {{
  outline: 3px solid {LABEL_COLOUR}; box-shadow: 0 0 0 6px #ffdd00; }}
"""
_SIZED_JS = (Path(__file__).parent / "sized.js").read_text(encoding="utf-8")
# The map's script, a file for each job: its zoom, its search, then the component that uses them.
_MAP_JS = "\n".join((Path(__file__).parent / name).read_text(encoding="utf-8")
                     for name in ("map_zoom.js", "map_find.js", "map_component.js"))
BOROUGH_MAP = st.components.v2.component("borough_map", js=_SIZED_JS + _MAP_JS, css=_MAP_CSS)

# A chart or a still map: SVG the server drew, shown as it is. Not Markdown, whose HTML goes through a
# parser in the browser (rehype-raw, 190 KB of script fetched for it) on every draw; not ``st.html``,
# whose sanitiser drops SVG. Redrawn only when the SVGs change, inside a frame of its own (the component's
# element also holds its style).
SVG_FIGURE = st.components.v2.component("svg_figure", css=_SIZED_CSS, js=_SIZED_JS + """
export default function ({ data, parentElement }) {
  drawSized(parentElement, data.svgs);
}
""")


# A headline figure that is a word or two ("Skills & culture", "11th= of 32") is never cut short with an
# ellipsis, as Streamlit's metrics otherwise are in a narrow column: its size follows the column's width
# (17% of it fits a ten-letter word) up to Streamlit's own, and it wraps between words. A table
# (``viewmodels.tables``) fits its region: numbers on the right, short cells on one line, long text wrapped
# at least 14 letters wide, a rule under its headings and a light one under each row; where the region is too
# narrow for every column, the less important fold into a details row under each row (its own CSS says where).
_PAGE_STYLE = f"""<style>
{METRIC} {{ container-type: inline-size; }}
{METRIC_VALUE} {{ font-size: clamp(1.1rem, 17cqi, 2.25rem); }}
{METRIC_VALUE}, {METRIC_VALUE} *, {METRIC_LABEL} * {{
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}}
.data-table {{ overflow-x: auto; margin-bottom: 1rem; }}
.data-table.fit {{ width: fit-content; max-width: 100%; }}
.data-table table {{ margin: 0; border-collapse: separate; border-spacing: 0; }}
.data-table th, .data-table td {{ padding: 0.4rem 0.75rem; text-align: left; vertical-align: top;
  border-bottom: 1px solid {TABLE_RULE_COLOUR}; }}
.data-table thead th {{ vertical-align: bottom; border-bottom: 2px solid {TABLE_HEAD_RULE_COLOUR}; }}
.data-table .num {{ text-align: right; font-variant-numeric: tabular-nums; }}
.data-table td:not(.prose, .wraps) {{ white-space: nowrap; }}
.data-table .prose {{ min-width: {PROSE_MIN_EMS}em; }}
.data-table th.prose {{ min-width: {ROW_PROSE_MIN_EMS}em; }}
.data-table-frame {{ container-type: inline-size; }}
.data-table .more-row {{ display: none; }}
.data-table .more-row td {{ padding-top: 0; white-space: normal; }}
.data-table .more summary {{ min-height: 24px; cursor: pointer; font-size: 0.875rem; }}
.data-table .more dl {{ margin: 0.2rem 0 0.4rem 0; }}
.data-table .more dl > div {{ display: none; margin-bottom: 0.3rem; }}
.data-table .more dt {{ font-weight: 600; }}
.data-table .more dd {{ margin: 0; }}
.data-table-notes {{ font-size: 0.875rem; }}
/* Streamlit's date field is typed a part at a time (day, month, year), each part a target of its own:
   at least 24 px square, as WCAG 2.2's target size asks. */
{DATE_PART} {{ display: inline-block; min-width: 24px; min-height: 24px;
  text-align: center; }}
</style>"""


def page_style() -> None:
    """Styles every page shares (called once per run by the entrypoint)."""
    st.html(_PAGE_STYLE)


def round_notice(selection: Selection) -> None:
    """Say plainly when the figures come from invented demo data, or from a provisional round, and
    what the round cannot show (``models.summary.what_is_missing``)."""
    for note in what_is_missing(load_scores(selection.round), load_round_framework(selection.round), selection.round):
        st.info(note, icon=":material/info:")
    if selection.synthetic:
        st.warning(
            f"**Synthetic demo data.** Round {selection.round} was generated by a seeded script to show how the "
            "dashboard works. It is not any council's real self-assessment.",
            icon=":material/science:",
        )
    if selection.provisional:
        st.warning(
            f"**{PROVISIONAL_MARK}.** Round {selection.round} has been loaded but not yet published: only office staff "
            "see it, and its figures may change.",
            icon=":material/pending:",
        )


def csv_download(table: pd.DataFrame, file_name: str, *, label: str = "Download table (CSV)", key: str) -> None:
    """A button that downloads ``table`` as CSV, written with the page (about 1 ms for a 33-row table).
    Not written when clicked (Streamlit's callable ``data``): such a button, clicked soon after a rerun
    (a width measurer's, since removed) on a 1280 px screen, was left spinning in three browser-test runs of seven."""
    st.download_button(label, to_safe_csv(table), file_name=file_name, mime="text/csv", key=key)


def prepared_document(prepare_label: str, build: Callable[[Callable[[float, str], None]], bytes], *, kept_as: str,
                      download_label: str, file_name: str, mime: str, key: str) -> None:
    """A button that builds a document under a progress bar, then the document's download button.

    ``build`` is given the bar's ``progress(fraction, message)``; the document is kept for the session
    under ``kept_as`` (name it by what the document shows), so later runs offer it without building again.
    The buttons' keys are ``prepare_{key}`` and ``{key}_download``."""
    if st.button(prepare_label, key=f"prepare_{key}"):
        bar = st.progress(0.0, text="Starting")
        st.session_state[kept_as] = build(lambda fraction, message: bar.progress(fraction, text=message))
        bar.empty()
    if kept_as in st.session_state:
        st.download_button(download_label, st.session_state[kept_as], file_name, mime, key=f"{key}_download")


def attribution(*source_ids: str) -> None:
    """The licence attribution line of each named source (see data/sources.yaml)."""
    st.caption("  \n".join(source_attribution(s) for s in source_ids))


def show_table(table: Table, *, key: str, width: str = "stretch", hide_index: bool = True,
               download_label: str = "Download table (CSV)", sortable: bool = False, folded: str = "") -> None:
    """A view model's table as plain HTML with its number formats (``viewmodels.tables``), and its CSV
    download when it names a file. ``width="content"`` keeps a narrow table at its own width; a sortable
    table has a choice of the column to sort by above it; a ``folded`` one is closed behind that summary
    (HTML's own disclosure: no widget code for the browser to load, unlike ``st.expander``)."""
    column, descending = None, True
    if sortable:
        choice = st.selectbox("Sort the table by", list(sort_choices(table)), key=f"{key}_sort")
        column, descending = sorted_column(table, choice)
        table = sorted_by(table, choice)
    shown = table.data.reset_index() if not hide_index else table.data
    html = table_html(table, label="Table: " + ", ".join(map(str, shown.columns)), hide_index=hide_index,
                      fit=width == "content", name=key, sorted_column=column, descending=descending)
    html = f'<div class="data-table-frame">{html}</div>'  # the frame's width decides the narrow-column rule
    st.html(f"<details><summary>{escape(folded)}</summary>{html}</details>" if folded else html)
    if table.file_name:
        csv_download(shown, table.file_name, label=download_label, key=f"{key}_download")


def show_metrics(metrics: list[Metric]) -> None:
    """Headline figures side by side, each with its caption."""
    for column, metric in zip(st.columns(len(metrics)), metrics):
        column.metric(metric.label, metric.value, help=metric.help or None)
        if metric.caption:
            column.caption(metric.caption)


def show_chart(chart: Chart, *, key: str, description: str) -> None:
    """A chart drawn as SVG at each of ``SHOWN_WIDTHS_PX`` (shown by ``SVG_FIGURE``, the one for the column's
    width), named for screen readers by its description, which is also written under it."""
    svgs = [_drawn_svg(chart.builder, chart.builder.__qualname__, chart.args, chart.kwargs, chart.text_px, width,
                       description, key) for width in SHOWN_WIDTHS_PX]
    SVG_FIGURE(key=key, data={"svgs": svgs})
    st.caption(description)


@st.cache_data(max_entries=500, show_spinner=False)
def _drawn_svg(_builder, builder_name: str, args: tuple, kwargs: dict, text_px: int, width: int, description: str,
               key: str) -> str:
    """A chart's SVG, drawn once for its data and width (matplotlib takes 0.1-0.3 s a chart) and then
    served to every visitor who asks for the same; ``builder_name`` stands for ``_builder`` in the key."""
    return chart_svg(Chart(_builder, args, kwargs, text_px).draw(width), description, f"{key}-{width}")


def show_map(heading: str | None, spec: MapSpec, *, key: str, label_px: int = LABEL_PX, legend_px: int = 16,
             description: str | None = None, still: bool = False) -> None:
    """A London map (under its heading, if any): its legend above it, the map drawn at each of
    ``SHOWN_WIDTHS_PX`` (SVG, ``figures.svg_maps``; the browser shows the one for the column), its text
    description (``spec.description`` unless given) and the boundary attribution. Pointing at or focusing
    a borough shows its tooltip; clicking it (or Enter) opens its My borough page. A ``still`` map is a
    picture, read rather than clicked: the briefing's second and third maps, so that it is not a page of
    99 links."""
    if heading:
        st.header(heading)
    own = _own_borough(spec)
    st.html(legend_html(spec, legend_px, _own_label(own) if own else ""))
    svgs = [_drawn(spec, map_frame(width, label_px), clickable=not still, own=own) for width in SHOWN_WIDTHS_PX]
    if still:
        SVG_FIGURE(key=key, data={"svgs": svgs})
    else:
        BOROUGH_MAP(key=key, data={"svgs": svgs, "scroller": str(MAIN_SCROLLER)},
                    on_clicked_change=partial(_open_clicked, key, frozenset(spec.table["ons_code"])))
    if OPEN_BOROUGH_KEY in st.session_state:  # the sidebar's borough stays the reader's own
        code = st.session_state.pop(OPEN_BOROUGH_KEY)
        st.switch_page(BOROUGH_PAGE, query_params=st.query_params.to_dict() | {OPENED_KEY: code})
    st.caption(description or spec.description)
    attribution("boundaries")


def _own_borough(spec: MapSpec) -> str | None:
    """The borough outlined on every map as the reader's own: the sidebar's (a member's own unless they chose
    another), where the map shows it."""
    selection = current_selection()
    return selection.borough if selection and selection.borough in set(spec.table["ons_code"]) else None


def _own_label(code: str) -> str:
    """The legend's words for the dashed outline."""
    name = borough_names()[code]
    return f"{name}, your {active_area_set().noun}" if current_person().borough == code else f"{name}, chosen in the sidebar"


_DRAWN: dict[tuple[int, int, int, bool, str | None], str] = {}


def _drawn(spec: MapSpec, frame: MapFrame, *, clickable: bool, own: str | None) -> str:
    """``spec``'s SVG in ``frame``, drawn once for as long as the spec lives: a shared page view
    (``ui.data.shared_view``) holds the same spec for every visitor, and drawing a map takes about
    0.02 s (74 KiB of SVG). Keyed by the spec's identity, its entries dropped when the spec is."""
    key = (id(spec), frame.width, frame.label_px, clickable, own)
    drawn = _DRAWN.get(key)
    if drawn is None:
        drawn = _DRAWN[key] = map_svg(spec, frame, clickable=clickable, own=own)
        weakref.finalize(spec, _DRAWN.pop, key, None)
    return drawn


def _open_clicked(key: str, on_map: frozenset[str]) -> None:
    """On a click on a map: the clicked borough, to be opened (not chosen in the sidebar) when the page
    reruns. The code comes from the browser, so only a borough the map shows is taken."""
    code = st.session_state[key].get("clicked")
    if code in on_map:
        st.session_state[OPEN_BOROUGH_KEY] = code
