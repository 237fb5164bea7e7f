"""Crash safety and concurrent saves, with real separate processes, on SQLite and PostgreSQL."""

import os
import signal
import subprocess
import sys
from pathlib import Path


from survey.reading import read_survey
from survey.store import SurveyStore
from tests.conftest import ROOT
from tests.helpers import store_with_answer_rows, survey_csv
from tests.fixtures.hand_worked import hand_worked_rows


def _worker(url: str, mode: str, go_file: Path | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.store_worker", url, "2026", mode,
                             *([str(go_file)] if go_file else [])],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_killing_an_ingest_mid_transaction_leaves_no_partial_round(backend_url):
    SurveyStore(backend_url).engine.dispose()  # create the tables first
    worker = _worker(backend_url, "hang")
    line = worker.stdout.readline()  # blocks until the worker is inside its transaction
    assert line.startswith("inside transaction"), worker.stderr.read()
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)
    store = SurveyStore(backend_url)
    assert store.rounds().empty
    assert store.history("2026").empty
    assert store.answers("2026").empty
    assert store.is_empty()


def _run_pair(url: str, mode: str, folder: Path) -> list[str]:
    """Start two workers on a store whose tables exist, wait until both say they are ready, then let both go at once."""
    go_file = folder / f"go_{mode}"
    workers = [_worker(url, mode, go_file) for _ in range(2)]
    for worker in workers:
        assert worker.stdout.readline().strip() == "ready", worker.stderr.read()
    go_file.touch()
    outputs = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        outputs.append(out.strip())
    return sorted(outputs)


def test_two_simultaneous_first_saves_store_one_and_tell_the_other(backend_url, tmp_path):
    SurveyStore(backend_url).engine.dispose()  # create the tables first
    outcomes = _run_pair(backend_url, "save", tmp_path)
    assert outcomes[1] == "saved 1"
    assert outcomes[0].startswith("conflict: Round '2026'")
    history = SurveyStore(backend_url).history("2026")
    assert history["version"].tolist() == [1]


def test_two_simultaneous_replacements_are_both_kept_as_versions_or_one_is_told(backend_url, tmp_path):
    store = SurveyStore(backend_url)
    assert _run_pair(backend_url, "save", tmp_path)[1] == "saved 1"
    outcomes = _run_pair(backend_url, "replace", tmp_path)
    saved = [o for o in outcomes if o.startswith("saved")]
    told = [o for o in outcomes if o.startswith("conflict")]
    assert len(saved) + len(told) == 2 and saved
    versions = store.history("2026")["version"].tolist()
    assert versions == list(range(1, 2 + len(saved)))  # every successful save is a kept version
    assert store.rounds()["version"].tolist() == [versions[-1]]


def test_two_processes_opening_a_store_with_answer_rows_at_once_both_read_its_answers(backend_url, tmp_path, framework):
    """Whichever moves the older store's answer rows into sets first, both see all 108 answers."""
    parsed = read_survey(survey_csv(framework, hand_worked_rows(framework)), framework, round_label="2026")
    store_with_answer_rows(backend_url, parsed, framework)
    assert _run_pair(backend_url, "open", tmp_path) == ["answers 108", "answers 108"]
