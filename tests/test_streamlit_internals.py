"""Streamlit's internal names are used only through ``ui.streamlit_internals`` (the browser test
``tests/browser/test_streamlit_internals.py`` checks each still matches)."""

from __future__ import annotations

from tests.conftest import ROOT
from ui.streamlit_internals import INTERNALS

FRONT_END = ["app.py", "ui", "views", "figures", "assets"]


def test_no_front_end_file_names_a_streamlit_test_id_but_the_list_of_them():
    files = [path for place in FRONT_END for path in ([ROOT / place] if place.endswith(".py") else (ROOT / place).rglob("*"))
             if path.suffix in {".py", ".js", ".css"} and path.name != "streamlit_internals.py"]
    assert files and [str(path.relative_to(ROOT)) for path in files if "data-testid" in path.read_text(encoding="utf-8")] == []


def test_each_internal_name_says_where_it_is_drawn_and_what_for():
    assert len({i.selector for i in INTERNALS}) == len(INTERNALS)
    assert all(i.drawn_on.startswith("/") and i.used_for and "data-testid" in i.selector for i in INTERNALS)
