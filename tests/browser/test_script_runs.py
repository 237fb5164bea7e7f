"""No page reruns itself after it has loaded: each page load is one script run.

How runs are counted: at the start of every script run the server sends the browser a ``new_session``
message over the page's websocket, whatever started the run (the page load, a widget, a component's value,
``st.rerun``). The test listens to the websocket's frames (Playwright's ``page.on("websocket")``), reads
each with Streamlit's own message class (``ForwardMsg``) and counts those messages, from opening the page
until it has settled and then stayed quiet for ``QUIET_MS`` more, long enough for a rerun asked for by the
page itself (a width measurer's took about 0.3 s; 1 s is three times that) to have started. Nothing in the
app is added for the test, and a change in Streamlit's messages fails the test (no run counted) rather than passing it.

At 1024 px, where the main column (564 px) is not the 940 px a server could assume, so a page that measured
its width would have to run again.
"""

from __future__ import annotations

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.browser.conftest import wait_until_settled

QUIET_MS = 1_000
PAGES = ["/", "/borough?borough=E09000007", "/peers?borough=E09000007", "/clusters", "/gaps", "/readiness", "/trends",
         "/explore", "/briefing", "/upload", "/collection", "/method"]


def _count_runs(page) -> list[int]:
    """A list that grows by one each time a script run starts on any of the page's websockets."""
    runs: list[int] = []

    def on_frame(payload) -> None:
        if isinstance(payload, bytes):
            message = ForwardMsg()
            message.ParseFromString(payload)
            if message.WhichOneof("type") == "new_session":
                runs.append(1)

    page.on("websocket", lambda socket: socket.on("framereceived", on_frame))
    return runs


@pytest.mark.parametrize("path", PAGES)
def test_a_page_load_is_one_script_run(browser, dashboard_url, path):
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    runs = _count_runs(page)
    page.goto(dashboard_url + path)
    wait_until_settled(page)
    page.wait_for_timeout(QUIET_MS)
    context.close()
    assert len(runs) == 1, f"{path} ran its script {len(runs)} times on one load"
