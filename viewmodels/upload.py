"""Upload data: what a checked file looks like before it is saved, and the stored rounds' history."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import pandas as pd

from models.numbers import counted
from survey.area_sets import active_area_set
from survey.areas import borough_names
from survey.framework import Framework, Question
from survey.preview import preview, problem_summary, problems_table
from survey.publishing import Coverage
from survey.retention import purge_date
from survey.reading import ParsedRound
from survey.mapping import BOROUGH, IGNORED, RESPONDENT, ROLE, ROUND, UNPLACED, ColumnMapping, question_key
from survey.settings import UploadLimits
from survey.store import PROVISIONAL
from survey.versions import SavedRound
from viewmodels.common import SHARE, Metric, Table, name_list, plain

COMMANDS = ("ingest", "rounds", "history", "audit", "rollback", "publish", "delete", "erase", "purge", "template")


@dataclass(frozen=True)
class PreviewView:
    """A valid file before it is saved: coverage, completeness, lenient readings."""

    heading: str
    metrics: list[Metric]
    missing: str
    completeness: Table
    notes: list[str]


@dataclass(frozen=True)
class ProblemsView:
    """An invalid file: every problem, counted by kind and listed in full."""

    heading: str
    summary: Table
    problems: Table


@dataclass(frozen=True)
class HistoryView:
    """A round's saved versions, for rollback and download."""

    heading: str
    versions: Table
    version_numbers: list[int]
    current: int
    file_names: dict[int, str]  # version → the name to download its stored file under


@dataclass(frozen=True)
class StoredRound:
    """What the page needs to know of a round a file would be saved as."""

    exists: bool
    current_version: int | None
    provisional: bool


def stored_round(rounds: pd.DataFrame, label: str) -> StoredRound:
    """Whether ``label`` is stored (``rounds``: the store's rounds table), its current version and status."""
    row = rounds[rounds["round"] == label]
    if row.empty:
        return StoredRound(False, None, False)
    return StoredRound(True, int(row["version"].iloc[0]), bool(row["status"].iloc[0] == PROVISIONAL))


def introduction(limits: UploadLimits) -> str:
    """What the page accepts, with the configured limits (the upload widget states the same size)."""
    return ("Upload the answers of one survey round as **CSV, Excel (.xlsx) or OpenDocument (.ods)**, as Microsoft "
            "Forms, Google Forms, SurveyMonkey or Qualtrics export them, or as the template: one row per response. "
            "You check which column holds what before the answers are read; every problem is listed at once; nothing "
            "is saved until the file is clean and you press **Save round**. "
            f"Largest file: {limits.max_bytes / 1e6:g} MB, {limits.max_rows:,} responses, {limits.max_columns:,} columns.")


def preview_view(framework: Framework, parsed: ParsedRound) -> PreviewView:
    """The preview of a valid file: who is covered, how complete, what was read leniently."""
    summary = preview(parsed, framework)
    names = borough_names()
    return PreviewView(
        heading=f"**The file is valid.** Round {summary.round_label}: check the preview, then save.",
        metrics=[
            Metric(active_area_set().heading_plural, f"{len(summary.boroughs)} of {len(names)}"),
            Metric("Respondents", str(summary.respondents)),
            Metric("Answers given with a level name", str(summary.level_name_answers),
                   help='A level name alone ("Developing") or with its number ("3 - Developing").'),
            Metric("Blank or \"Don't know\"", str(summary.no_answers)),
        ],
        missing="No response from: " + name_list(summary.missing_boroughs, names) + "." if summary.missing_boroughs else "",
        completeness=Table(summary.completeness.drop(columns=["dimension"]).rename(
            columns={"name": "Dimension", "answered": "Answered"}), {"Answered": SHARE}),
        notes=[f"Note: {warning.message}" for warning in parsed.warnings if warning.kind != "missing_boroughs"],  # listed above
    )


def problems_view(parsed: ParsedRound) -> ProblemsView:
    """Every problem of an invalid file, counted by kind and listed with row, column and value."""
    return ProblemsView(
        heading=(f"**{counted(len(parsed.errors), 'problem')} found: nothing can be saved until they are fixed.** "
                 "Fix them in the file and upload it again."),
        summary=Table(problem_summary(parsed.errors)),
        problems=Table(problems_table(parsed.errors), file_name="upload_problems.csv",
                       helps={"row": "As a spreadsheet numbers it: the header is row 1"}),
    )


def rounds_table(rounds: pd.DataFrame) -> Table:
    """The stored rounds as the page lists them."""
    return Table(rounds.drop(columns="framework_sha256").rename(columns={
        "round": "Round", "version": "Current version", "status": "Status", "framework_version": "Framework",
        "synthetic": "Synthetic", "saved_at": "Saved", "boroughs": active_area_set().heading_plural,
        "respondents": "Respondents"}))


def history_view(round_label: str, history: pd.DataFrame) -> HistoryView:
    """Every saved version of a round with its audit details; the current one marked."""
    shown = history.assign(source_sha256=history["source_sha256"].str[:16], kept_sha256=history["kept_sha256"].str[:16])
    shown = shown.rename(columns={
        "version": "Version", "current": "Current", "status": "Status", "saved_at": "Saved", "uploader": "Uploader",
        "source_name": "File uploaded", "source_size": "Bytes", "source_sha256": "Uploaded SHA-256 (start)",
        "kept_sha256": "Kept as mapped SHA-256 (start)", "framework_version": "Framework", "synthetic": "Synthetic",
        "respondents": "Respondents"})
    return HistoryView(
        heading=(f"**History of round {round_label}** (every saved version is kept, with the columns the benchmark "
                 "read from its file: the uploaded file itself is not kept)"),
        versions=Table(shown),
        version_numbers=[int(v) for v in history["version"]],
        current=int(history.loc[history["current"], "version"].iloc[0]),
        file_names={int(v): kept_file_name(round_label, int(v), name)
                    for v, name in zip(history["version"], history["source_name"])},
    )


def kept_file_name(round_label: str, version: int, source_name: str) -> str:
    """The name a version's kept copy downloads under: the uploaded file's stem, said to be as mapped."""
    stem = PurePath(source_name).stem if source_name else f"{round_label}_v{version}"
    return f"{stem}_as_mapped.csv"


@dataclass(frozen=True)
class PublishView:
    """What whoever publishes a provisional round sees first: its coverage, and a warning if it fell."""

    summary: str
    warning: str
    confirm_label: str


def publish_view(coverage: Coverage, public: bool) -> PublishView:
    """``public``: whether visitors who are not signed in see published rounds (the access file says)."""
    audience = "members and the public" if public else "members"
    return PublishView(
        summary=f"**Round {coverage.label} is provisional**: only office staff see it. {coverage.summary()}",
        warning=coverage.warning(),
        confirm_label=f"I have checked round {coverage.label}'s coverage: publish it to {audience}",
    )


def saved_message(saved: SavedRound) -> str:
    """What the office is told once a file is saved as a round: what it holds, and what to do next."""
    return (f"Saved round {saved.label} as version {saved.version} ({saved.status}): {saved.boroughs} "
            f"{active_area_set().plural}, {saved.respondents} respondents. Check its coverage under Stored rounds, then "
            "publish it.")


def deleted_rounds_lines(deleted: pd.DataFrame, retention_days: int) -> list[str]:
    """One line per deleted round: when it was deleted and from when it is purged for good."""
    lines = []
    for row in deleted.itertuples(index=False):
        if pd.isna(row.deleted_at):
            lines.append(f"Round {plain(row.round)}: deleted before deletion times were kept; purged at the next purge.")
        else:
            due = purge_date(row.deleted_at, retention_days)
            lines.append(f"Round {plain(row.round)}: deleted {row.deleted_at:%d %B %Y}; purged for good from "
                         f"{due:%d %B %Y} (until then, making a version current restores it).")
    return lines


MAPPING_COLUMNS = ("File column", "Maps to", "How it was placed")
CHOICE_CHARS = 60  # a place's name in a drop-down list: longer question texts are shortened at a word


def target_labels(framework: Framework, *, shortened: bool = False) -> dict[str, str]:
    """Each place a column can go → its name: the mapping table gives a question's whole text ("data_1 · Data is
    governed…"); a drop-down list (``shortened``) ends it at a word, with "…", within ``CHOICE_CHARS``."""
    def question(q: Question) -> str:
        label = f"{q.id} · {q.text}"
        return textwrap.shorten(label, CHOICE_CHARS, placeholder=" …") if shortened else label
    fields = {BOROUGH: active_area_set().noun, RESPONDENT: "respondent", ROLE: "role", ROUND: "round",
              IGNORED: "ignored (not survey answers)", UNPLACED: "not placed: choose"}
    return fields | {q.id: question(q) for q in framework.questions}


SAME_QUESTION = "the same question"


def mapping_table(mapping: ColumnMapping, framework: Framework) -> Table:
    """The mapping as the page shows it for checking: one row per file column, every text in full; a question whose
    text is the column's own is named by its id ("leadership_1 · the same question"), not written out twice."""
    labels = target_labels(framework)
    texts = {q.id: question_key(q.text) for q in framework.questions}

    def place(column: str, target: str) -> str:
        return f"{target} · {SAME_QUESTION}" if texts.get(target) == question_key(column) else labels.get(target, target)
    return Table(pd.DataFrame({
        MAPPING_COLUMNS[0]: list(mapping.columns),
        MAPPING_COLUMNS[1]: [place(c, t) for c, t in zip(mapping.columns, mapping.targets)],
        MAPPING_COLUMNS[2]: list(mapping.reasons),
    }), breakable=(MAPPING_COLUMNS[1],))  # where a column goes stays beside it on a phone, on two lines


def question_text(framework: Framework, target: str) -> str:
    """The whole question a place stands for ("" for the area, respondent, role, round or ignored)."""
    return next((q.text for q in framework.questions if q.id == target), "")


def mapping_summary(mapping: ColumnMapping, framework: Framework) -> str:
    """One sentence: how many questions were found, what was ignored, what still needs a place."""
    questions = sum(t in framework.question_ids for t in mapping.targets)
    ignored = sum(t == IGNORED for t in mapping.targets)
    text = (f"{questions} of the framework's {len(framework.question_ids)} questions found; "
            f"{counted(ignored, 'column')} of export details ignored")
    if mapping.skipped_rows:
        text += f"; {counted(len(mapping.skipped_rows), 'extra header row')} skipped"
    if mapping.unplaced:
        text += f". **{counted(len(mapping.unplaced), 'column')} not placed**: choose where each goes, or 'ignored'"
    return text + "."


def audit_lines(audit: pd.DataFrame) -> list[str]:
    """The store's audit of a round, newest first, one Markdown line per change (a list wraps on a
    phone, where a wide table would need scrolling): when, who, what, the versions before and after."""
    def version(v: Any) -> str:  # a cell of a nullable integer column
        return "–" if pd.isna(v) else str(int(v))

    return [f"{row.at:%Y-%m-%d %H:%M} · **{plain(row.actor)}** · {row.action} · version {version(row.version_before)} → "
            f"{version(row.version_after)}" + (f" · {plain(row.detail)}" if row.detail else "")
            for row in audit.iloc[::-1].itertuples(index=False)]


def command_line_note() -> str:
    return "Rounds can also be managed from the command line: " + ", ".join(f"`python -m survey {c}`" for c in COMMANDS)
