"""What a person sees when a page fails or the dashboard cannot start: a short message with an
error id, never a traceback, SQL, a file path or the store's address, unless they run the
dashboard (office staff and local mode), who also get the details. The details always go to the
server's log under the same id."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from typing import NoReturn

import streamlit as st

from survey.access import Person
from ui.data import NotAllowed

LOG = logging.getLogger("benchmark.errors")


def run_page(page: Callable[[], None], person: Person) -> None:
    """Run ``page``; turn a refusal into its message and any other failure into an error id."""
    try:
        page()
    except NotAllowed as refusal:
        st.warning(str(refusal), icon=":material/lock:")
    except Exception as exc:  # st.stop and st.rerun are not Exceptions: they pass through
        error_id = secrets.token_hex(4)
        LOG.exception("error %s (signed-in role: %s)", error_id, person.role)
        st.error(f"Something went wrong on this page (error id **{error_id}**). Please try again; if it happens again, "
                 "send the error id to the office that runs this dashboard.", icon=":material/error:")
        if person.sees_respondents:  # the people who run the dashboard see what failed
            st.exception(exc)


def cannot_start(problem: Exception, show_details: bool) -> NoReturn:
    """Stop this run: a setting, data file, the access file or the store is at fault. Its message names files
    and addresses, so only the people who run the dashboard (``show_details``) read it on the page."""
    error_id = secrets.token_hex(4)
    LOG.error("error %s: the dashboard cannot start: %s", error_id, problem)
    if show_details:
        st.error(f"The dashboard cannot start: {problem}", icon=":material/error:")
    else:
        st.error(f"The dashboard cannot start (error id **{error_id}**). Please try again later; if it happens again, "
                 "send the error id to the office that runs this dashboard.", icon=":material/error:")
    st.stop()
