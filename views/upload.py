"""Upload data: validate a survey file, preview it, save it as a round; manage stored rounds."""

import hashlib
import math
from functools import partial

import streamlit as st

from survey.mapping import ColumnMapping
from survey.reading import ParsedRound, SurveyFile, parse_survey, read_rows
from survey.privacy import original_expiry
from survey.publishing import coverage
from survey.retention import erase_respondent, purge
from survey.store import StoreConflict
from survey.template import example_csv, template_csv
from survey.access import LOCAL
from ui.access import acting_name, current_person, get_policy
from ui.components import show_metrics, show_table
from viewmodels.common import plain
from ui.data import get_framework, get_settings, load_all_rounds, require_writer
from ui.dropzone import repair_drop_zones
from viewmodels.upload import (audit_lines, command_line_note, deleted_rounds_lines, history_view, introduction,
                               mapping_summary, mapping_table, preview_view, problems_view, publish_view, question_text,
                               rounds_table, saved_message, stored_round, target_labels)

framework = get_framework()
person = current_person()
store = require_writer()  # refused for anyone who may not change data, whatever the address typed
settings = get_settings()
limits = settings.upload_limits

st.title("Upload a survey round")
st.markdown(introduction(limits))
left, right = st.columns(2)
left.download_button("Download blank template (CSV)", partial(template_csv, framework), "survey_template.csv", "text/csv",
                     key="template_download")
right.download_button("Download example file (CSV)", partial(example_csv, framework), "survey_example.csv", "text/csv",
                      key="example_download")

if message := st.session_state.pop("upload_message", None):
    st.success(message)


# An upload is read once (per sheet chosen), whatever the reruns and steps after it: its rows are kept for the
# upload's id (one per upload, never shared between people), and each mapping is checked against those rows.
# Kept as the same objects, not copies: the pages only read them, and a copy of a large file's rows costs a read.
@st.cache_resource(show_spinner="Reading the file…", max_entries=4)
def read_upload(file_id: str, sheet: str | None, _data: bytes) -> SurveyFile:
    return read_rows(_data, framework, sheet=sheet, limits=limits)


@st.cache_resource(show_spinner="Checking the file…", max_entries=16)
def check_file(file_id: str, sheet: str | None, round_label: str | None,
               mapping: ColumnMapping | tuple[tuple[str, str], ...] | None, _data: bytes) -> ParsedRound:
    return parse_survey(read_upload(file_id, sheet, _data), framework, round_label=round_label, limits=limits,
                        mapping=dict(mapping) if isinstance(mapping, tuple) else mapping)


def place_column(changes_key: str, column: str, widget_key: str) -> None:
    """Keep a person's choice of where ``column`` goes (the choice's own widget is gone once another column is picked)."""
    st.session_state[changes_key] = {**st.session_state.get(changes_key, {}), column: st.session_state[widget_key]}


def confirmed_mapping(upload, round_label: str | None, sheet: str | None) -> ColumnMapping | None:
    """Show how the columns were placed for the person to check and change; the mapping once confirmed."""
    names = store.mapping_names()
    start = st.selectbox("Start from", ["auto", *names], key="upload_mapping_start",
                         format_func=lambda n: "Columns placed automatically" if n == "auto" else f"Saved mapping: {n}")
    saved = None if start == "auto" else tuple(store.mapping(start).items())
    proposed = check_file(upload.file_id, sheet, round_label, saved, upload.getvalue()).mapping
    if proposed is None:  # the file could not be read at all: its problems follow
        return None
    changes_key = f"upload_changes_{upload.file_id}_{sheet}_{start}"
    mapping = proposed.with_targets(st.session_state.get(changes_key, {}))
    st.markdown(mapping_summary(mapping, framework))
    show_table(mapping_table(mapping, framework), key="upload_mapping_table")
    with st.expander("Change where a column goes", expanded=bool(mapping.unplaced)):
        columns = list(mapping.columns)
        first = columns.index(mapping.unplaced[0]) if mapping.unplaced else 0
        column = st.selectbox("File column", columns, index=first, key=f"upload_change_column_{start}")
        choices = target_labels(framework, shortened=True)
        current = mapping.targets[columns.index(column)]
        widget_key = f"upload_change_target_{changes_key}_{column}"
        target = st.selectbox("Goes to", list(choices), index=list(choices).index(current), format_func=choices.get,
                              key=widget_key, on_change=place_column, args=(changes_key, column, widget_key))
        if text := question_text(framework, target):
            st.caption(f"{target}: {plain(text)}")
    signature = (upload.file_id, sheet, start, mapping.targets)  # a changed column, sheet or file asks again
    if st.button("Read the answers with these columns", type="primary", key="upload_mapping_confirm"):
        st.session_state["upload_mapping_confirmed"] = signature
    if st.session_state.get("upload_mapping_confirmed") != signature:
        st.info("Check where each column goes (change any under *Change where a column goes*), then press **Read the "
                "answers with these columns**.")
        return None
    with st.expander("Save this mapping for the next round"):
        mapping_name = st.text_input("Name", key="upload_mapping_name", placeholder="e.g. Microsoft Forms 2026")
        if st.button("Save mapping", disabled=not (mapping_name.strip() and name), key="upload_mapping_save"):
            require_writer().save_mapping(mapping_name, mapping.as_saved(), actor=name)
            st.success(f"Saved the mapping as '{plain(mapping_name.strip())}'.")
    return mapping


def render_problems(parsed: ParsedRound) -> None:
    view = problems_view(parsed)
    st.error(view.heading)
    show_table(view.summary, key="problem_summary", width="content")
    show_table(view.problems, key="problems", download_label="Download the problems (CSV)")


def render_preview(parsed: ParsedRound) -> None:
    view = preview_view(framework, parsed)
    st.success(view.heading)
    show_metrics(view.metrics)
    if view.missing:
        st.warning(view.missing)
    st.markdown("**Completeness per dimension** (share of questions answered, over all respondents)")
    show_table(view.completeness, key="completeness", width="content")
    for note in view.notes:
        st.caption(plain(note))


def render_save(parsed: ParsedRound, data: bytes, file_name: str) -> None:
    label = parsed.round_label
    stored = stored_round(load_all_rounds(), label)
    st.markdown(f"Round {plain(label)} is saved as **provisional**: only office staff see it until it is published "
                "under *Stored rounds*, after its coverage has been checked. Only the columns the benchmark reads are "
                "kept; the file's other columns (emails, names, IP addresses, export details) are not stored.")
    confirmed = True
    if stored.exists:
        current = stored.current_version
        st.warning(f"Round {label} is already stored (version {current}).")
        confirmed = st.checkbox(f"Replace round {label}: save as version {current + 1}. Version {current} is kept "
                                "and can be restored.", key="upload_replace_confirm")
    if not name:
        st.caption("Give your name at the top of the page first: every change is recorded with who made it.")
    if st.button("Save round", type="primary", disabled=not (name and confirmed), key="upload_save"):
        try:
            saved = require_writer().save_round(
                parsed, framework=framework, source_name=file_name, source_bytes=data, uploader=name,
                keep_original_until=original_expiry(int(settings["privacy.keep_originals_days"])), replace=stored.exists,
                expected_version=stored.current_version)
        except StoreConflict as exc:
            st.error(str(exc))
            return
        st.session_state["upload_message"] = saved_message(saved)
        st.session_state["manage_round"] = saved.label  # open the round just saved, to check and publish it
        st.rerun()


name = acting_name("upload_uploader")
upload = st.file_uploader("Survey file", type=["csv", "txt", "tsv", "xlsx", "ods"], key="upload_file",
                          max_upload_size=math.ceil(limits.max_bytes / 1_000_000),
                          help="CSV in any common encoding and separator, or a sheet of an Excel (.xlsx) or OpenDocument "
                               "(.ods) workbook.")
repair_drop_zones()
if upload is not None:
    data = upload.getvalue()
    sheet = None
    if len(sheets := read_upload(upload.file_id, None, data).sheet_names) > 1:
        sheet = st.selectbox("Sheet", [None, *sheets], key="upload_sheet",
                             format_func=lambda s: "The sheet holding the responses (found automatically)" if s is None else s)
    round_label = st.text_input("Round", key="upload_round", placeholder="e.g. 2026",
                                help="Leave blank to use the file's 'round' column.").strip() or None
    st.caption(f"{plain(upload.name)}: {len(data):,} bytes, SHA-256 {hashlib.sha256(data).hexdigest()[:16]}…")
    st.header("Which column holds what")
    mapping = confirmed_mapping(upload, round_label, sheet)
    parsed = check_file(upload.file_id, sheet, round_label, mapping, data)
    if mapping is None and parsed.mapping is None:  # not readable at all: nothing to map
        render_problems(parsed)
    elif mapping is not None and not parsed.ok:
        render_problems(parsed)
    elif mapping is not None:
        render_preview(parsed)
        render_save(parsed, data, upload.name)

st.header("Stored rounds")
rounds = load_all_rounds()
if rounds.empty:
    st.info("No rounds are stored.")
    st.stop()
show_table(rounds_table(rounds), key="stored_rounds")
labels = list(rounds["round"])
if st.session_state.get("manage_round") not in labels:  # none chosen yet, or the chosen round was deleted: the latest
    st.session_state["manage_round"] = labels[-1]
chosen = st.selectbox("Round to manage", labels, key="manage_round")
view = history_view(chosen, store.history(chosen))
st.markdown(view.heading)
show_table(view.versions, key="round_history")

st.markdown(f"**Changes to round {chosen}** (who, when, and the current version before and after)")
st.markdown("\n".join(f"- {line}" for line in audit_lines(store.audit(chosen))))

current, versions = view.current, view.version_numbers
rollback_col, download_col = st.columns(2)
with rollback_col:
    target = st.selectbox("Version", versions, index=versions.index(current), key="rollback_version")
    if st.button("Make this version current", disabled=target == current or not name, key="rollback_button"):
        require_writer().rollback(chosen, int(target), actor=name)
        st.session_state["upload_message"] = f"Round {chosen}: version {target} is now current."
        st.rerun()
with download_col:
    # The stored bytes are read only when the button is pressed, not on every rerun of the page.
    st.download_button(f"Download version {target} as mapped (CSV)", lambda: store.kept_file(chosen, int(target))[1],
                       view.file_names[target], "text/csv", key="source_download")

if stored_round(rounds, chosen).provisional:
    publishing = publish_view(coverage(store, chosen), get_policy(settings).public if person.role != LOCAL else False)
    st.markdown(publishing.summary)
    if publishing.warning:
        st.warning(publishing.warning)
    checked = st.checkbox(publishing.confirm_label, key="publish_confirm")
    if st.button(f"Publish round {chosen}", type="primary", disabled=not (name and checked), key="publish_button"):
        require_writer().publish(chosen, actor=name)
        st.session_state["upload_message"] = f"Round {chosen} is published."
        st.rerun()

retention_days = int(settings["privacy.retention_days"])
with st.expander(f"Delete round {chosen}"):
    st.markdown(f"The round disappears from every page. It is purged for good {retention_days} days later (answers, "
                "kept files and scores; the audit keeps who did what, and when); until then, making one of its "
                "versions current again restores it.")
    sure = st.checkbox(f"Yes, delete round {chosen}", key="delete_confirm")
    if st.button("Delete round", disabled=not (sure and name), key="delete_button"):
        require_writer().delete(chosen, actor=name)
        st.session_state["upload_message"] = f"Round {chosen} was deleted."
        st.rerun()

st.header("Personal data")
with st.expander("Erase one person's answers (a request under data protection law)"):
    st.markdown("Removes the person's answers from every version of every round (or of one round), from the files "
                "kept as mapped, and their online answers and comments; the scores are worked out again. The audit "
                "records that an erasure was made, not whose.")
    identifier = st.text_input("The respondent's email, name or code, as given in the survey", key="erase_identifier")
    scope = st.selectbox("From", [None, *rounds["round"]], key="erase_round",
                         format_func=lambda r: "every round" if r is None else f"round {r} only")
    sure = st.checkbox("Yes, erase this person's answers (it cannot be undone)", key="erase_confirm")
    if st.button("Erase", disabled=not (identifier.strip() and sure and name), key="erase_button"):
        try:
            erased = erase_respondent(require_writer(), identifier, actor=name, round_label=scope)
        except StoreConflict as exc:
            st.error(str(exc))
        else:
            st.session_state["upload_message"] = (f"Erased {erased.responses} response(s) from {erased.versions} "
                                                  f"version(s)" + (f" and {erased.online_responses} online response(s)"
                                                                   if erased.online_responses else "")
                                                  + f" of round(s) {', '.join(erased.rounds)}.")
            st.rerun()

deleted = store.deleted_rounds()
with st.expander(f"Deleted rounds ({len(deleted)})"):
    if deleted.empty:
        st.markdown("No round is waiting to be purged.")
    else:
        st.markdown("\n".join(f"- {line}" for line in deleted_rounds_lines(deleted, retention_days)))
    st.markdown(f"Deleted rounds are purged {retention_days} days after deletion, closed online collections' "
                "individual answers and comments as long after closing, by `python -m survey purge` (run it daily, "
                "for example from cron) or here.")
    if st.button("Purge what is past its retention period now", disabled=not name, key="purge_button"):
        done = purge(require_writer(), actor=name, retention_days=retention_days)
        st.session_state["upload_message"] = ("Purged: " + ", ".join(
            [*(f"round {r}" for r in done.rounds), *([f"{done.original_files} original file(s)"] if done.original_files else []),
             *(f"the online answers of round {c}" for c in done.collections)]) + "." if done.anything
            else "Nothing was past its retention period.")
        st.rerun()

st.markdown(command_line_note())  # not a caption: code in a caption is drawn at 10.5 px
