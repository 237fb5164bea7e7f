"""Sign-in state: who is using the dashboard now, decided once per run by the entrypoint.

With an ``[auth]`` section in ``.streamlit/secrets.toml`` the dashboard signs people in with
OpenID Connect (``st.login``) and gives them the role the access file says. Without one it runs
in local mode: one person on their own computer, who may do everything, served on 127.0.0.1 only
unless ``access.allow_open`` says otherwise.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from survey.access import LOCAL, VISITOR, AccessPolicy, Person, identify, load_access, operating_system_user
from survey.settings import Settings

PERSON_KEY = "person"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def auth_configured() -> bool:
    """True when ``.streamlit/secrets.toml`` has an ``[auth]`` section (sign-in is on)."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets file at all
        return False


@st.cache_resource(show_spinner=False)
def _policy(path: str, modified: float) -> AccessPolicy:
    return load_access(Path(path))


def get_policy(settings: Settings) -> AccessPolicy:
    """The access file, read again whenever it changes (raises ``AccessFileError`` naming the entry)."""
    path = settings.path("access.file")
    return _policy(str(path), path.stat().st_mtime if path.exists() else 0.0)


def identify_person(settings: Settings) -> Person:
    """Who is using this session, from the identity provider's email claim and the access file."""
    if not auth_configured():
        return Person(LOCAL, operating_system_user())
    if not st.user.get("is_logged_in"):
        return Person(VISITOR)
    return identify(get_policy(settings), st.user.get("email") or "")


def served_on_loopback() -> bool:
    """True when the server listens on this computer only (``server.address``)."""
    return (st.get_option("server.address") or "") in LOOPBACK


def current_person() -> Person:
    """The person the entrypoint identified on this run (a visitor if it has not run)."""
    return st.session_state.get(PERSON_KEY) or Person(VISITOR)
