"""Shared fixtures: the real framework, a throw-away store, hand-written survey files."""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Respondents' pseudonyms under a key of the test run's own (not the developer's var/pseudonym.key);
# the dashboards and commands the tests start inherit it.
os.environ.setdefault("SURVEY_PSEUDONYM_KEY_FILE", str(Path(tempfile.mkdtemp(prefix="survey-tests-")) / "pseudonym.key"))

from hypothesis import HealthCheck, settings  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from models.results import StoredResults  # noqa: E402
from survey.demo import load_demo_rounds  # noqa: E402
from survey.framework import Framework, load_framework  # noqa: E402
from survey.settings import load_settings  # noqa: E402
from survey.store import SurveyStore  # noqa: E402
from tests.helpers import use_area_set  # noqa: E402

# A test run makes and drops many short-lived objects (figures, frames, page trees) while keeping the imported
# modules' millions: the cycle collector's full passes over them cost about a tenth of a page-test run. Test processes
# collect less often, and never walk what was imported (the dashboard and commands keep Python's defaults).
gc.collect()
gc.freeze()
gc.set_threshold(20_000, 50, 1_000)

# Each AppTest scans every installed package's metadata for Streamlit components (a quarter of a second, a third of a
# short page test); the packages installed do not change during a test run, so one scan a process serves them all.
# Streamlit's own module (streamlit 1.67): where a later release moves it, the tests run as they are, only slower.
with contextlib.suppress(ImportError, AttributeError):
    from streamlit.components.v2 import manifest_scanner

    manifest_scanner.scan_component_manifests = functools.cache(manifest_scanner.scan_component_manifests)

# Property-based tests (CONTRIBUTING.md): in CI (CI=true) a bounded number of examples, derived from a fixed
# seed, so a run is repeatable and its cost known; locally more, from fresh seeds, remembered in
# .hypothesis/ so a failure found once is tried first next time. HYPOTHESIS_PROFILE=thorough runs many more.
_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile("ci", max_examples=40, derandomize=True, database=None, deadline=None,
                          suppress_health_check=_QUIET, print_blob=True)
settings.register_profile("dev", max_examples=40, deadline=None, suppress_health_check=_QUIET)
settings.register_profile("thorough", max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", 400)), deadline=None,
                          suppress_health_check=_QUIET)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI", "").lower() == "true" else "dev"))


# The longest tests (half a minute to two each: a Hypothesis search, a whole online collection, the benchmark's smoke
# runs, every page through nginx) start first, longest first: run in parallel (`make test`), a worker left to run one of
# them alone at the end would make the whole run wait for it.
LONGEST_FIRST = (
    "tests/browser/test_self_assessment.py::test_a_round_collected_online",
    "tests/test_round_properties.py::",
    "tests/browser/test_benchmark_browser.py::test_the_browser_benchmark",
    "tests/browser/test_reverse_proxy.py::",  # whole modules where their tests share a module-wide server
    "tests/test_benchmark.py::",
    "tests/browser/test_benchmark_browser.py::",
    "tests/browser/test_large_maps.py::",
)


def _start_order(item: pytest.Item) -> int:
    return next((n for n, start in enumerate(LONGEST_FIRST) if item.nodeid.startswith(start)), len(LONGEST_FIRST))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=_start_order)  # stable: the rest keep their order


@pytest.fixture(scope="session")
def framework() -> Framework:
    return load_framework()


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.sqlite'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_url(request, tmp_path: Path):
    """A fresh empty store on each supported database.

    PostgreSQL needs TEST_POSTGRES_URL (a server URL whose user may create databases); the
    PostgreSQL cases skip without it, unless REQUIRE_POSTGRES=1 (as in CI) makes them fail.
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite'}"
        return
    with postgres_database() as url:
        yield url


@contextlib.contextmanager
def postgres_database():
    """A fresh PostgreSQL database on TEST_POSTGRES_URL's server, dropped afterwards; skips (or fails,
    with REQUIRE_POSTGRES=1) where no server is configured."""
    server = os.environ.get("TEST_POSTGRES_URL")
    if not server:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail("TEST_POSTGRES_URL is not set but REQUIRE_POSTGRES=1")
        pytest.skip("PostgreSQL not configured (set TEST_POSTGRES_URL to run these cases)")
    name = f"survey_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield sa.engine.make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture
def england_boundaries():
    """For this test the England area set (296 district and unitary councils) is active; yields its areas as the
    boundaries give them."""
    with use_area_set("england"):
        from survey.boundaries import load_boundaries

        yield load_boundaries()


@pytest.fixture
def store(database_url: str) -> SurveyStore:
    return SurveyStore(database_url)


@pytest.fixture(scope="session")
def demo_store_file(tmp_path_factory) -> Path:
    """A SQLite store holding the demo rounds as the dashboard loads them into an empty store, made once a test
    session (once for each xdist worker). Its engine is disposed before it is used: the last connection closing
    folds SQLite's write-ahead log into the file, so the file alone is the whole store, to be copied."""
    path = tmp_path_factory.mktemp("demo-store") / "store.sqlite"
    _make_demo_store(path)
    assert not path.with_name(path.name + "-wal").exists(), "the demo store's write-ahead log was not folded into it"
    return path


def _make_demo_store(path: Path) -> None:
    """The demo rounds in a new SQLite store at ``path``, with each round's scores and rank intervals kept in it
    (``models.stored``) as the dashboard's first visit keeps them, so that a test's copy is read, not scored again."""
    store, framework = SurveyStore(f"sqlite:///{path}"), load_framework()
    load_demo_rounds(store, framework)
    results = StoredResults(store, framework, load_settings()).at()
    for label in results.rounds()["round"]:
        results.scores(label)
        results.rank_intervals(label)
    store.engine.dispose()


@pytest.fixture(scope="session")
def area_set_demo_store(tmp_path_factory):
    """A function giving a SQLite store of a bundled area set's demo rounds (``area_set_demo_store("england")``), made
    once a session for each set as the dashboard loads them into an empty store of that set: copy it
    (``copy_demo_store``) and open it under ``use_area_set`` of the same set."""
    made: dict[str, Path] = {}

    def demo_store(name: str) -> Path:
        if name not in made:
            path = tmp_path_factory.mktemp(f"demo-store-{name}") / "store.sqlite"
            with use_area_set(name):
                _make_demo_store(path)
            made[name] = path
        return made[name]

    return demo_store


def copy_demo_store(demo_store_file: Path, database_url: str) -> str:
    """``database_url`` (a SQLite file not yet made) holding a copy of the session's demo store."""
    shutil.copyfile(demo_store_file, sa.engine.make_url(database_url).database)
    return database_url


@pytest.fixture
def demo_database_url(demo_store_file: Path, database_url: str) -> str:
    """This test's store (``database_url``) holding the demo rounds: a copy of the session's demo store."""
    return copy_demo_store(demo_store_file, database_url)


# An [auth] section as .streamlit/secrets.toml would hold it: AppTest never contacts the provider.
TEST_AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test-only-cookie-secret",
             "client_id": "dashboard", "client_secret": "test-only",
             "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}


@pytest.fixture
def open_dashboard(database_url, demo_store_file, monkeypatch):
    """Open the dashboard in AppTest on this test's store (``database_url``). Where the test has not made that store
    before the first opening, it starts as a copy of the session's demo store, as the dashboard's first run would have
    loaded it; a test that makes the store first (``SurveyStore(database_url)``) has the dashboard load the demo rounds
    into it, or find what the test stored."""
    monkeypatch.setenv("DATABASE_URL", database_url)

    def open_(page: str | None = None, query: dict[str, str] | None = None, signed_in: str | None = None,
              sign_in: bool = False, access_file: Path | None = None, claims: dict[str, object] | None = None) -> AppTest:
        """``sign_in``: sign-in is configured (with ``access_file``, by default the example access
        file), and nobody is signed in unless ``signed_in`` gives the email the provider returned
        (signed in now, unless ``claims`` says otherwise)."""
        if not Path(sa.engine.make_url(database_url).database).exists():
            copy_demo_store(demo_store_file, database_url)
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for key, value in (query or {}).items():
            at.query_params[key] = value
        if sign_in or signed_in:
            at.secrets["auth"] = TEST_AUTH
            monkeypatch.setenv("SURVEY_ACCESS_FILE", str(access_file or ROOT / "config" / "access.example.yaml"))
            at.user = ({"is_logged_in": True, "email": signed_in, "iat": int(time.time()), **(claims or {})} if signed_in
                       else {"is_logged_in": False})
        at.run()
        if page is not None:
            at.switch_page(page).run()
        assert not at.exception, at.exception
        return at

    return open_
