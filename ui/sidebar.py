"""The global choices (round, borough, measure), shown in the entrypoint's sidebar on every page.

They live in session state under fixed keys so every page sees the same choice, and they
are mirrored in the URL (``?round=2025&borough=E09000007&measure=data``) so a view can be
shared as a link.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from models.summary import OVERALL, measure_label
from survey.access import LOCAL, MEMBER, VISITOR, Person
from survey.area_sets import active_area_set
from survey.areas import borough_names
from survey.framework import Framework
from survey.store import PROVISIONAL
from viewmodels.common import plain
from viewmodels.links import LinkChoice, borough_from_link, option_from_link

ROUND_KEY, BOROUGH_KEY, MEASURE_KEY = "round", "borough", "measure"
OPENED_KEY = "open"  # another borough opened on My borough (from a map or a link), the sidebar's choice kept
LINK_PROBLEMS_KEY = "link_problems"


@dataclass(frozen=True)
class Selection:
    round: str
    borough: str  # ONS code
    measure: str
    synthetic: bool
    provisional: bool


def _seed_from_url(key: str, options: list[str], default: str, resolve: Callable[[str], LinkChoice]) -> None:
    """Take the widget's value from the URL on a session's first run (read forgivingly by ``resolve``;
    a value that names nothing is reported on every page until another choice is made, and the default
    shown); fall back to the
    default whenever the remembered value is no longer an option (a round deleted, say)."""
    if key not in st.session_state:
        wanted = st.query_params.get(key)
        choice = resolve(wanted) if wanted is not None else LinkChoice(default)
        if choice.value in options:
            st.session_state[key] = choice.value
        else:
            st.session_state[key] = default
            st.session_state.setdefault(LINK_PROBLEMS_KEY, {})[key] = (
                choice.problem or f"The link's {key} '{wanted}' is not available to you.", default)
    elif st.session_state[key] not in options:
        st.session_state[key] = default


def default_round(rounds: pd.DataFrame) -> str:
    """The latest published round in round order; a provisional round is never the default
    (the latest round of all only when nothing is published yet)."""
    published = rounds[rounds["status"] != PROVISIONAL]
    return str((published if not published.empty else rounds)["round"].iloc[-1])


def render_account(person: Person) -> None:
    """Who is signed in, and the button to sign in or out; in local mode, a warning that anyone at
    this computer can change data."""
    with st.sidebar:
        if person.role == LOCAL:
            st.caption(":material/computer: **Local mode: no sign-in**; anyone using this computer can change data.")
        elif person.role == VISITOR:
            if person.reason:  # a sign-in too old to use
                st.caption(plain(person.reason))
            if st.button("Sign in", key="sidebar_sign_in", icon=":material/login:"):
                st.login()
        else:
            role = {MEMBER: f"{active_area_set().noun} member"}.get(person.role, person.role)
            st.caption(f"Signed in as **{plain(person.email)}** ({role})")
            if st.button("Sign out", key="sidebar_sign_out", icon=":material/logout:"):
                st.logout()


def render_sidebar(rounds: pd.DataFrame, framework: Framework, person: Person) -> Selection | None:
    """Draw the global widgets and return the choice (None when no round is stored).

    ``rounds`` are those the person may see; a member's own borough is preselected and marked.
    """
    st.session_state["selection"] = None
    with st.sidebar:
        st.header("Choose")
        if rounds.empty:
            st.warning("No survey rounds are published yet." if not person.sees_provisional
                       else "No survey rounds are stored yet.")
            return None
        labels = list(rounds["round"])
        provisional = dict(zip(rounds["round"], rounds["status"] == PROVISIONAL))
        _seed_from_url(ROUND_KEY, labels, default_round(rounds),
                       lambda text: option_from_link(text, {r: r for r in labels}, "round"))
        round_label = st.selectbox("Survey round", labels, key=ROUND_KEY,
                                   format_func=lambda r: f"{r} (provisional)" if provisional[r] else r)
        area_set, names = active_area_set(), borough_names()
        codes = sorted(names, key=names.get)
        own = person.borough
        _open_linked_borough(own)
        _seed_from_url(BOROUGH_KEY, codes, own or codes[0], borough_from_link)
        borough = st.selectbox(area_set.heading_noun, codes, key=BOROUGH_KEY,
                               format_func=lambda c: f"{names[c]} (your {area_set.noun})" if c == own else names[c],
                               help=f"The pages about one {area_set.noun} show this one.", on_change=_close_opened)
        measures = [OVERALL, *framework.dimension_ids]
        _seed_from_url(MEASURE_KEY, measures, OVERALL, lambda text: option_from_link(
            text, {m: measure_label(m, framework) for m in measures}, "measure"))
        measure = st.selectbox("Measure", measures, key=MEASURE_KEY, format_func=lambda m: measure_label(m, framework))
    shown = {ROUND_KEY: f"round {round_label}", BOROUGH_KEY: names[borough], MEASURE_KEY: measure_label(measure, framework)}
    problems = st.session_state.get(LINK_PROBLEMS_KEY, {})
    for key, (problem, fallback) in list(problems.items()):
        if st.session_state[key] != fallback:  # the person has chosen since: the link no longer matters
            del problems[key]
            continue
        st.warning(f"{plain(problem)} Showing {plain(shown[key])} instead.", icon=":material/link_off:")
    st.query_params.update({ROUND_KEY: round_label, BOROUGH_KEY: borough, MEASURE_KEY: measure})
    synthetic = bool(rounds.set_index("round").loc[round_label, "synthetic"])
    selection = Selection(round_label, borough, measure, synthetic, bool(provisional[round_label]))
    st.session_state["selection"] = selection
    return selection


def _open_linked_borough(own: str | None) -> None:
    """A member's first run from a link to another borough: that borough is opened on My borough, and the
    sidebar keeps the member's own (the link's ``borough`` becomes ``open``)."""
    wanted = st.query_params.get(BOROUGH_KEY)
    if own is None or BOROUGH_KEY in st.session_state or wanted is None:
        return
    linked = borough_from_link(wanted).value
    if linked is not None and linked != own:
        st.query_params[OPENED_KEY] = linked
        st.query_params[BOROUGH_KEY] = own


def _close_opened() -> None:
    """A borough chosen in the sidebar is the one shown: any borough opened from a map or a link is closed."""
    st.query_params.pop(OPENED_KEY, None)


def opened_borough(selection: Selection) -> str:
    """The borough My borough shows: one opened from a map or a link (``?open=``), else the sidebar's."""
    wanted = st.query_params.get(OPENED_KEY)
    opened = borough_from_link(wanted).value if wanted is not None else None
    return opened or selection.borough


def current_selection() -> Selection | None:
    """The choice made in the sidebar on this run (None when no round is stored)."""
    return st.session_state.get("selection")


def require_selection() -> Selection:
    """The sidebar's choice; with no stored round, the page says how to add one and stops."""
    selection = current_selection()
    if selection is None:
        st.info("No survey round is stored yet: load one on the Upload data page, or with "
                "`python -m survey ingest FILE --round LABEL`.")
        st.stop()
    return selection
