"""Browser tests: the real dashboard served on localhost, driven in Debian's Chromium.

They skip with a reason where Chromium is missing, unless REQUIRE_BROWSER=1 (as in CI),
where a missing browser is a failure.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_demo_store
from tests.helpers import require_chromium

OUTPUT_DIR = ROOT / "test-output"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    return require_chromium("browser tests drive it")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def dashboard_database_url(tmp_path_factory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('store') / 'browser.sqlite'}"


def wait_for(ready, seconds: float, failure: str) -> None:
    """Ask ``ready()`` until it is true (an OSError counts as not yet); fail the test with ``failure``
    after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if ready():
                return
        time.sleep(0.3)
    pytest.fail(failure)


@contextlib.contextmanager
def running_dashboard(env: dict[str, str], log_path: Path, *extra_args: str, before_start=None, script: str = "app.py"):
    """Serve the dashboard (or another Streamlit ``script`` of the repository) on a free loopback port with ``env``
    added; yield its URL.

    ``before_start(url)`` runs once the URL is known, before the server starts (to write files
    that name it, such as the sign-in redirect address)."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    if before_start is not None:
        before_start(url)
    log = open(log_path, "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port), "--server.headless", "true",
         "--server.address", "127.0.0.1", *extra_args],
        cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        wait_for(lambda: urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok", 60,
                 f"the dashboard did not start within 60 s (log: {log_path})")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@pytest.fixture(scope="session")
def dashboard_url(tmp_path_factory, chromium_path, dashboard_database_url, demo_store_file) -> str:
    """Serve the dashboard on a copy of the session's demo store and return its URL. The store holds the demo rounds
    before the server starts, as the dashboard's first visit would have loaded them: a test reading the store
    (``dashboard_database_url``) before its first visit reads what the pages show, whichever test runs first."""
    copy_demo_store(demo_store_file, dashboard_database_url)
    with running_dashboard({"DATABASE_URL": dashboard_database_url},
                           tmp_path_factory.mktemp("logs") / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def output_dir() -> Path:
    OUTPUT_DIR.mkdir(exist_ok=True)
    return OUTPUT_DIR


SETTLED_FOR_MS = 500  # after a click or a key: the run it starts is unknown to the page until the server begins it
LOADED_FOR_MS = 150  # a page opened and not touched since: no run to come but its first, which the page's state awaits
QUIET_WITHOUT_MAPS_MS = 100  # a page of widgets only (the self-assessment's questions): nothing draws after the run


def wait_until_settled(page, timeout: float = 60_000, quiet_ms: int = SETTLED_FOR_MS) -> None:
    """Wait until the script run has finished and everything it sent is drawn, and the page has stayed so for a quiet
    spell.

    Settled: the app connected and its script not running (``stApp``'s own state, ``initial`` from a page's opening
    until its first run starts), no running-status widget, skeleton or spinner, every component's drawing written
    into its shadow root (the drop zone's repair draws nothing) and every plotly chart drawn. The quiet spell: a
    click or a key sends a widget's change to the server, and the page cannot tell a run is coming until the server
    starts it, so once the page has been touched (its sticky user activation) it must stay settled for
    ``quiet_ms``; a page opened or reloaded and not touched since waits only ``LOADED_FOR_MS``."""
    page.evaluate("window.__settledSince = undefined")
    page.wait_for_function(
        """([touchedMs, untouchedMs]) => {
            const app = document.querySelector('[data-testid="stApp"]');
            const drawn = (selector, inside) => [...document.querySelectorAll(selector)].every(inside);
            const settled = app !== null
                && app.getAttribute('data-test-connection-state') === 'CONNECTED'
                && app.getAttribute('data-test-script-state') === 'notRunning'
                && !document.querySelector('[data-testid="stStatusWidget"]')
                && !document.querySelector('[data-testid="stSkeleton"]')
                && !document.querySelector('[data-testid="stSpinner"]')
                && drawn('[data-testid="stBidiComponentIsolated"]',
                         c => c.closest('.st-key-drop_zone_role') || c.shadowRoot?.querySelector('svg'))
                && drawn('[data-testid="stPlotlyChart"]', c => c.querySelector('.js-plotly-plot .main-svg'));
            if (!settled) { window.__settledSince = undefined; return false; }
            window.__settledSince = window.__settledSince ?? performance.now();
            const quietMs = navigator.userActivation.hasBeenActive ? touchedMs : Math.min(touchedMs, untouchedMs);
            return performance.now() - window.__settledSince >= quietMs;
        }""",
        arg=[quiet_ms, LOADED_FOR_MS],
        timeout=timeout,
        polling=50,
    )


def opened(browser, url: str, selector: str, width: int, height: int, **options):
    """A new browser context of ``width`` × ``height`` px (``options`` added) with ``url`` open, ``selector`` drawn and
    the page settled; return (context, page): close the context when done."""
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(selector, state="attached", timeout=60_000)
    wait_until_settled(page)
    return context, page


def opened_on_a_phone(browser, url: str, selector: str, **options):
    """``opened`` the size of a phone (390 × 844 px)."""
    return opened(browser, url, selector, 390, 844, **options)


@pytest.fixture(scope="session")
def identity_provider():
    """A real OpenID Connect provider on a loopback port (``oidc-provider-mock``): its authorize page
    takes any subject, and an email-shaped subject becomes the ``email`` claim."""
    from oidc_provider_mock import run_server_in_thread

    with run_server_in_thread() as server:
        yield f"http://127.0.0.1:{server.server_port}"


@contextlib.contextmanager
def signed_in_dashboard_running(env: dict[str, str], folder: Path, identity_provider: str):
    """The dashboard with sign-in on (Streamlit's [auth] secrets pointing at ``identity_provider``); yield its URL."""
    secrets_file = folder / "secrets.toml"

    def write_secrets(dashboard_url: str) -> None:
        """Streamlit's [auth] section; the redirect address names the port chosen for the dashboard."""
        secrets_file.write_text(
            "[auth]\n"
            f'redirect_uri = "{dashboard_url}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_hex(16)}"\n'
            'client_id = "london-dashboard"\n'
            'client_secret = "test-only-secret"\n'
            f'server_metadata_url = "{identity_provider}/.well-known/openid-configuration"\n',
            encoding="utf-8",
        )

    with running_dashboard(env, folder / "streamlit.log", "--secrets.files", str(secrets_file),
                           before_start=write_secrets) as dashboard:
        yield dashboard


def sign_in(page, dashboard: str, email: str) -> None:
    """Sign in through the provider's authorize page as ``email``; wait for the dashboard to settle."""
    from playwright.sync_api import expect

    page.goto(dashboard)
    page.get_by_role("button", name="Sign in").first.click()
    page.wait_for_selector("input[name=sub]", timeout=30_000)  # the provider's authorize page
    page.fill("input[name=sub]", email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(re.escape(dashboard) + r"/?(\?.*)?$"), timeout=30_000)
    expect(page.get_by_text("Signed in as")).to_be_visible(timeout=60_000)
    wait_until_settled(page)


def save_hand_worked_round(page, dashboard: str, folder: Path, label: str) -> None:
    """On the Upload page: the hand-worked file as round ``label``, its proposed mapping confirmed, saved."""
    from playwright.sync_api import expect

    from survey.framework import load_framework
    from tests.helpers import survey_csv
    from tests.fixtures.hand_worked import hand_worked_rows

    page.goto(dashboard + "/upload")
    expect(page.locator("[data-testid='stFileUploader']")).to_be_visible(timeout=60_000)
    wait_until_settled(page)  # the page's run over, as a person sees it, before anything is typed or chosen
    asked = page.get_by_role("textbox", name="Your name (kept in the audit history)")  # local mode: nobody signed in
    if asked.count():
        asked.fill("Ada Lovelace")
        asked.press("Enter")
        wait_until_settled(page)
    file = folder / f"round_{label}.csv"
    file.write_bytes(survey_csv(load_framework(), hand_worked_rows(load_framework())))
    page.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(str(file))
    round_field = page.get_by_label("Round", exact=True)
    expect(round_field).to_be_visible(timeout=60_000)  # shown by the run the file starts
    round_field.fill(label)
    round_field.press("Enter")
    page.get_by_role("button", name="Read the answers with these columns").click()  # the proposed mapping, checked
    save = page.get_by_role("button", name="Save round")
    expect(save).to_be_enabled(timeout=60_000)
    save.click()
    expect(page.get_by_text(f"Saved round {label} as version 1")).to_be_visible(timeout=60_000)
