"""Every page under another area set speaks of that set: its title and its nouns, never London's words (issue 37).

Each page is opened in AppTest (local mode: every figure and every tool shown) on the set's demo store, and all it
sends to the browser is read: texts, labels, options, tables' headings and cells, and what the map and chart
components are given. Area names and codes are taken out first ("City of London" and "Peterborough" are England's areas'
own names, not the page's words)."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from survey.area_sets import active_area_set
from tests.conftest import ROOT, copy_demo_store
from tests.helpers import use_area_set

PAGES = ["views/overview.py", "views/borough.py", "views/peers.py", "views/clusters.py", "views/gaps.py",
         "views/readiness.py", "views/trends.py", "views/explore.py", "views/briefing.py", "views/method.py",
         "views/upload.py", "views/collection.py"]
# London's words as a reader meets them: not inside a name of code or style ("borough-map", "#p33a4c", "0.33").
LONDONS_WORDS = re.compile(r"(?<![-.\w#])(?:London|[Bb]oroughs?|33|E09\d*|Inner|Outer)(?![-\w%]|\.\d)")


def page_text(at: AppTest) -> str:
    """Everything the page's elements carry, as their messages print it (strings inside tables' and components'
    data too)."""
    texts = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            texts.append(str(proto).encode().decode("unicode_escape", errors="ignore"))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(texts)


def londons_words(text: str) -> list[str]:
    """Where ``text`` says London's words once the active set's area names are taken out: each with what is
    around it."""
    for name in sorted(active_area_set().names.values(), key=len, reverse=True):
        text = text.replace(name, "<area>")
    for code in active_area_set().codes:  # England's own E09 codes are its areas', not London's words
        text = text.replace(code, "<code>")
    return sorted({text[max(m.start() - 60, 0):m.end() + 40].replace("\n", " ") for m in LONDONS_WORDS.finditer(text)})


@pytest.fixture(params=["greater-manchester", "england"], scope="module")
def area_set_name(request):
    return request.param


@pytest.fixture(scope="module")
def area_set_store_url(area_set_name, area_set_demo_store, tmp_path_factory) -> str:
    """One copy of the set's demo store for all its pages, as one dashboard serves them: what one page works out
    (England's clusters, ranks) the next reads from the dashboard's cache."""
    path = tmp_path_factory.mktemp(f"pages-{area_set_name}") / "store.sqlite"
    return copy_demo_store(area_set_demo_store(area_set_name), f"sqlite:///{path}")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_speaks_of_the_sets_areas_not_londons(area_set_name, area_set_store_url, monkeypatch, page):
    monkeypatch.setenv("DATABASE_URL", area_set_store_url)
    with use_area_set(area_set_name):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params["borough"] = active_area_set().example.ons_code
        at.run()
        at.switch_page(page).run()
        assert not at.exception, at.exception
        assert londons_words(page_text(at)) == []
