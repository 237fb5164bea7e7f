"""Collection: the office opens a round for answers in the dashboard, follows who has answered, and closes it."""

from datetime import date, timedelta

import streamlit as st

from survey.store import StoreConflict
from ui.access import acting_name
from ui.components import csv_download, show_map, show_metrics, show_table
from ui.data import (
    get_assessments, get_framework, load_all_rounds, load_collection_framework, require_writer,
)
from viewmodels.assessment import closed_message, collection_page, completion_view

require_writer()
online = get_assessments()
st.title("Collect answers online")
page = collection_page()
st.caption(page.caption)
actor = acting_name("collection_actor")

if "collection_message" in st.session_state:
    st.success(st.session_state.pop("collection_message"))

collections = {c.label: c for c in online.collections()}  # read once per run
with st.expander("Open a round", expanded=not collections):
    with st.form("open_round"):
        label = st.text_input("Round label", placeholder="e.g. 2026", max_chars=32)
        opens = st.date_input("Opens", value=date.today(), format="DD/MM/YYYY")
        closes = st.date_input("Closes (the last day for answers)", value=date.today() + timedelta(days=28),
                               format="DD/MM/YYYY")
        if not actor:
            st.caption("Give your name above first: every change is recorded with who made it.")
        if st.form_submit_button("Open the round", disabled=not actor):
            try:
                online.open_round(label, opens=opens, closes=closes, framework=get_framework(), actor=actor)
            except StoreConflict as exc:
                st.error(str(exc))
            else:
                st.session_state["collection_message"] = f"Round {label.strip()} is open for answers."
                st.rerun()

if not collections:
    st.info("No round has been opened for answers yet.")
    st.stop()
chosen = st.selectbox("Round", list(collections), key="collection_round",
                      format_func=lambda c: f"{c} ({'open' if collections[c].is_open else 'closed'})")
collection = collections[chosen]
view = completion_view(collection, online.completion(chosen),
                       load_collection_framework(collection).version)
st.header(view.heading)
show_metrics(view.metrics)
show_map(page.map_heading, view.map, key="completion_map", description=view.map_description)
show_table(view.boroughs, key="completion_table")
csv_download(view.not_submitted.data, view.not_submitted.file_name, label=page.download_label,
             key="not_submitted_download")

if collection.is_open:
    st.header("Close the round")
    stored = chosen in set(load_all_rounds()["round"])
    combine = False
    if stored:
        st.warning(f"Round {chosen} is already stored from an uploaded file. Closing adds the answers collected online "
                   "to it as a new version only if you say so.")
        combine = st.checkbox("Combine the online answers with the stored round", key="combine")
    sure = st.checkbox("I understand closing stops all answers to this round", key="close_sure")
    if st.button("Close the round and store the answers", disabled=not (sure and actor) or (stored and not combine),
                 key="close"):
        try:
            saved = online.close_round(chosen, actor=actor, combine=combine)
        except StoreConflict as exc:
            st.error(str(exc))
        else:
            st.session_state["collection_message"] = closed_message(saved)
            st.rerun()

    with st.expander("Cancel this collection (opened by mistake)"):
        st.markdown(f"Withdraws round {chosen}: every draft, answer and comment given to it is discarded and nothing "
                    "is stored. The record of changes keeps that it was cancelled, by whom and how many responses were "
                    "discarded.")
        sure_cancel = st.checkbox(f"Yes, discard every answer given to round {chosen}", key="cancel_sure")
        if st.button("Cancel this collection", disabled=not (sure_cancel and actor), key="cancel"):
            try:
                discarded = online.cancel_round(chosen, actor=actor)
            except StoreConflict as exc:
                st.error(str(exc))
            else:
                st.session_state["collection_message"] = (f"Round {chosen} was cancelled: {discarded} response(s) "
                                                          "discarded, nothing stored.")
                st.rerun()
