"""Sign-in state: who is using the dashboard now, decided on every run by the entrypoint.

With an ``[auth]`` section in ``.streamlit/secrets.toml`` the dashboard signs people in with
OpenID Connect (``st.login``) and gives them the role the access file says. Without one it runs
in local mode: one person on their own computer, who may do everything, served on 127.0.0.1 only
unless ``access.allow_open`` says otherwise.

Streamlit keeps the identity token's claims in a signed cookie for 30 days and does not check
their age; the dashboard does, on every run: a sign-in older than ``access.session_hours`` (from
the token's ``iat``) counts as signed out, and the access file is read again on every run, so a
person removed from it loses their role on their next click.
"""

from __future__ import annotations

import time

import streamlit as st

from survey.access import (LOCAL, VISITOR, AccessPolicy, Person, identify_claims, operating_system_user, parse_access,
                           read_access_file, sign_in_expired)
from survey.settings import Settings

PERSON_KEY = "person"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def auth_configured() -> bool:
    """True when ``.streamlit/secrets.toml`` has an ``[auth]`` section (sign-in is on)."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets file at all
        return False


@st.cache_resource(show_spinner=False, max_entries=8)
def _policy(text: str, name: str) -> AccessPolicy:
    return parse_access(text, name)


def get_policy(settings: Settings) -> AccessPolicy:
    """The access file as it is now: read on every call, checked once per content (raises
    ``AccessFileError`` naming the entry)."""
    path = settings.path("access.file")
    return _policy(read_access_file(path), path.name)


def identify_person(settings: Settings) -> Person:
    """Who is using this session: the identity provider's claims (``st.user``), their age and the access file."""
    if not auth_configured():
        return Person(LOCAL, operating_system_user())
    claims = st.user.to_dict()
    if not claims.get("is_logged_in"):
        return Person(VISITOR)
    expired = sign_in_expired(claims, time.time(), float(settings["access.session_hours"]))
    if expired:
        return Person(VISITOR, reason=expired)
    return identify_claims(get_policy(settings), claims, str(settings["access.identity_claim"]),
                           bool(settings["access.require_verified"]))


def served_on_loopback() -> bool:
    """True when the server listens on this computer only (``server.address``)."""
    return (st.get_option("server.address") or "") in LOOPBACK


def current_person() -> Person:
    """The person the entrypoint identified on this run (a visitor if it has not run)."""
    return st.session_state.get(PERSON_KEY) or Person(VISITOR)


def acting_name(key: str) -> str:
    """Who is changing data, for the audit: the signed-in identity; in local mode (nobody signs in) the name a
    person types here, asked for and never filled in for them (the computer's user name says nothing of who acts).
    Empty until given: a page keeps its changes disabled until then."""
    person = current_person()
    if person.role != LOCAL:
        return person.email
    return st.text_input("Your name (kept in the audit history)", key=key, placeholder="e.g. Ada Lovelace",
                         help="Nobody signs in to this dashboard, so every change asks who made it.").strip()
