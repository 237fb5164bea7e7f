"""Entrypoint: page config, navigation and the global sidebar shared by every page."""

from pathlib import Path

import streamlit as st

from survey.framework import FrameworkError, check_settings_against
from survey.pilots import PilotFileError
from survey.settings import SettingsError
from survey.store import StoreSchemaError
from ui.data import get_framework, get_pilots, get_settings, load_rounds
from ui.sidebar import render_sidebar

FAVICON = Path(__file__).with_name("assets") / "favicon.png"
st.set_page_config(page_title="London digital maturity benchmark", page_icon=str(FAVICON), layout="wide")

navigation = st.navigation(
    [
        st.Page("views/overview.py", title="Overview", icon=":material/map:", default=True),
        st.Page("views/borough.py", title="My borough", icon=":material/location_city:", url_path="borough"),
        st.Page("views/peers.py", title="Peer comparison", icon=":material/compare_arrows:", url_path="peers"),
        st.Page("views/clusters.py", title="Clusters", icon=":material/bubble_chart:", url_path="clusters"),
        st.Page("views/gaps.py", title="Capability gaps", icon=":material/stacked_bar_chart:", url_path="gaps"),
        st.Page("views/readiness.py", title="Pilot readiness", icon=":material/rocket_launch:", url_path="readiness"),
        st.Page("views/trends.py", title="Trends", icon=":material/trending_up:", url_path="trends"),
        st.Page("views/briefing.py", title="Committee briefing", icon=":material/co_present:", url_path="briefing"),
        st.Page("views/upload.py", title="Upload data", icon=":material/upload_file:", url_path="upload"),
        st.Page("views/method.py", title="Method & data", icon=":material/menu_book:", url_path="method"),
    ],
)
try:  # every setting and data file is checked before any page runs
    check_settings_against(get_framework(), get_settings())
    get_pilots()
    rounds = load_rounds()
except (SettingsError, FrameworkError, PilotFileError, StoreSchemaError) as exc:
    st.error(f"The dashboard cannot start: {exc}")
    st.stop()
render_sidebar(rounds, get_framework())
navigation.run()
