"""Entrypoint: page config, who is signed in, the pages they may open, and the global sidebar."""

from pathlib import Path

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from survey.access import LOCAL, MEMBER, STRANGER, AccessFileError, AccessPolicy
from survey.area_sets import AreaSet, AreaSetError, active_area_set
from survey.framework import FrameworkError, check_settings_against
from survey.pilots import PilotFileError
from survey.privacy import PseudonymKeyError
from survey.settings import SettingsError
from survey.store import StoreSchemaError
from ui.components import page_style
from ui.access import PERSON_KEY, auth_configured, get_policy, identify_person, served_on_loopback
from ui.data import get_assessments, get_framework, get_pilots, get_settings, load_rounds, start_run
from ui.errors import cannot_start, run_page
from ui.sidebar import render_account, render_sidebar

FAVICON = Path(__file__).with_name("assets") / "favicon.png"
start_run()
st.set_page_config(page_icon=str(FAVICON), layout="wide")  # titled once the area set is read, below
page_style()


def data_pages(area_set: AreaSet) -> list[StreamlitPage]:
    """The pages about the survey's results, in the order the navigation lists them."""
    return [
        st.Page("views/overview.py", title="Overview", icon=":material/map:", default=True),
        st.Page("views/borough.py", title="My borough".replace("borough", area_set.noun), icon=":material/location_city:",
                url_path="borough"),  # the README's table names the page as London's navigation does
        st.Page("views/peers.py", title="Peer comparison", icon=":material/compare_arrows:", url_path="peers"),
        st.Page("views/clusters.py", title="Clusters", icon=":material/bubble_chart:", url_path="clusters"),
        st.Page("views/gaps.py", title="Capability gaps", icon=":material/stacked_bar_chart:", url_path="gaps"),
        st.Page("views/readiness.py", title="Pilot readiness", icon=":material/rocket_launch:", url_path="readiness"),
        st.Page("views/trends.py", title="Trends", icon=":material/trending_up:", url_path="trends"),
        st.Page("views/explore.py", title="Explore", icon=":material/scatter_plot:", url_path="explore"),
        st.Page("views/briefing.py", title="Committee briefing", icon=":material/co_present:", url_path="briefing"),
    ]


UPLOAD_PAGE = st.Page("views/upload.py", title="Upload data", icon=":material/upload_file:", url_path="upload")
METHOD_PAGE = st.Page("views/method.py", title="Method & data", icon=":material/menu_book:", url_path="method")
ASSESS_PAGE = st.Page("views/assess.py", title="Self-assessment", icon=":material/edit_note:", url_path="assess")
COLLECTION_PAGE = st.Page("views/collection.py", title="Collect answers", icon=":material/fact_check:",
                          url_path="collection")
WELCOME_PAGE = st.Page("views/welcome.py", title="Welcome", icon=":material/login:", default=True)
NO_ACCESS_PAGE = st.Page("views/no_access.py", title="No access", icon=":material/block:", default=True)

try:  # every setting and data file is checked before any page runs; who is signed in, on every run
    settings = get_settings()
    area_set = active_area_set()
    st.set_page_config(page_title=f"{area_set.title} digital maturity benchmark")
    check_settings_against(get_framework(), settings)
    get_pilots()
    person = identify_person(settings)
    policy = get_policy(settings) if person.role != LOCAL else None
except (SettingsError, AreaSetError, FrameworkError, PilotFileError, AccessFileError) as exc:
    cannot_start(exc, show_details=not auth_configured())  # nobody is known yet: details only in local mode
st.session_state[PERSON_KEY] = person

if person.role == LOCAL and not served_on_loopback() and not settings["access.allow_open"]:
    st.error(f"This dashboard has no sign-in configured and is served on address "
             f"'{st.get_option('server.address') or 'every network interface'}', so anyone who reaches it could read "
             "and change the survey data. Configure sign-in (see \"Deploying for several councils\" in the README), "
             "serve it on 127.0.0.1, or set SURVEY_ALLOW_OPEN=1 if this open access is intended.")
    st.stop()

# Pages a person may not open are not in the navigation, so typing their address opens the default page.
sees_data = person.sees_data(policy or AccessPolicy())
if person.role == STRANGER:
    pages = [NO_ACCESS_PAGE]
elif not sees_data:
    pages = [WELCOME_PAGE]
else:
    try:  # the store is opened (and, if the settings allow, upgraded) before any page reads it
        answering = person.role == MEMBER and bool(get_assessments().open_collections())
        rounds = load_rounds()
    except (StoreSchemaError, PseudonymKeyError) as exc:
        cannot_start(exc, show_details=person.may_write)
    pages = [*([ASSESS_PAGE] if answering else []), *data_pages(area_set),
             *([UPLOAD_PAGE, COLLECTION_PAGE] if person.may_write else []), METHOD_PAGE]
navigation = st.navigation(pages)
if sees_data:  # the welcome and no-access pages carry their own sign-in or sign-out button
    render_account(person)
    render_sidebar(rounds, get_framework(), person)
run_page(navigation.run, person)
