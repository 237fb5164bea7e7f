"""How wide the page's main column is, as the browser measured it.

A map is fitted to the width it is drawn at, its labels as large as that width leaves room for
(``figures.maps.map_frame``), and charts are drawn at it, so a small component in the sidebar
measures the main column whenever it is resized and sends its width in pixels. Until the browser
has said (the first run of a session, and in AppTest), ``DEFAULT_WIDTH_PX`` is assumed.
"""

from __future__ import annotations

import streamlit as st

from figures.maps import DEFAULT_WIDTH_PX

WIDTH_KEY = "main_column_width"
# Streamlit calls the component's function again with each run's data, and its cleanup only when the
# component is removed: the observer is made once, on the component's element, and reads the width the
# server last knew from there. (An observer made on every call stayed alive with its first run's width,
# sent the same width again whenever the column's height changed, and its rerun cut short the run a
# click had started: a button's action was lost.)
_MEASURE = """
export default function ({ setStateValue, data, parentElement }) {
  parentElement.known = data.known;
  parentElement.setWidth = setStateValue;
  if (!parentElement.stopMeasuring) {
    const main = document.querySelector('[data-testid="stMainBlockContainer"]');
    if (!main) return;
    let timer;
    const send = () => {
      const style = getComputedStyle(main);
      const width = Math.round(main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight));
      if (width > 0 && width !== parentElement.known) {
        parentElement.known = width;
        parentElement.setWidth("width", width);
      }
    };
    const observer = new ResizeObserver(() => { clearTimeout(timer); timer = setTimeout(send, 150); });
    observer.observe(main);
    parentElement.stopMeasuring = () => { clearTimeout(timer); observer.disconnect(); parentElement.stopMeasuring = null; };
    send();
  }
  return parentElement.stopMeasuring;
}
"""
_measurer = st.components.v2.component("main_column_width", js=_MEASURE)


def measure_main_width() -> None:
    """Mount the measurer (once per run, on a page that draws maps): a change of width reruns the page."""
    with st.sidebar:
        _measurer(key=WIDTH_KEY, data={"known": main_width()}, default={"width": None}, on_width_change=lambda: None)


def main_width() -> int:
    """The main column's width in CSS pixels, as last measured (``DEFAULT_WIDTH_PX`` until then)."""
    state = st.session_state.get(WIDTH_KEY)
    width = state.get("width") if state is not None else None
    return int(width) if width else DEFAULT_WIDTH_PX
