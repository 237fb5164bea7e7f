"""A separate process that saves the hand-worked round, for crash and concurrency tests.

    python -m tests.store_worker URL LABEL (hang|save|replace|open) [GO_FILE]

``hang`` stops inside the save's transaction (after the responses are written) and waits to be
killed; ``save``/``replace`` print "ready" once the file is read and the store open, wait until
GO_FILE exists (the barrier the test lifts when every worker is ready), save, and print
"saved N" or "conflict: …". ``open`` prints "ready", waits for GO_FILE, then opens the store and
prints "answers N" (the round's answers).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from survey.framework import load_framework
from survey.reading import read_survey
from survey.store import StoreConflict, SurveyStore
from tests.fixtures.hand_worked import hand_worked_rows
from tests.helpers import survey_csv


def _wait_for(go_file: Path, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while not go_file.exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"the barrier {go_file} was never lifted")
        time.sleep(0.002)


def main(url: str, label: str, mode: str, go_file: str | None = None) -> None:
    if mode == "open":
        print("ready", flush=True)
        _wait_for(Path(go_file))
        print(f"answers {len(SurveyStore(url).answers(label))}", flush=True)
        return
    framework = load_framework()
    parsed = read_survey(survey_csv(framework, hand_worked_rows(framework)), framework, round_label=label)
    store = SurveyStore(url)

    def hang(stage: str) -> None:
        print(f"inside transaction: {stage}", flush=True)
        time.sleep(600)

    if go_file:
        print("ready", flush=True)
        _wait_for(Path(go_file))
    try:
        saved = store.save_round(parsed, framework=framework, replace=mode == "replace",
                                 uploader=f"worker {mode}", on_progress=hang if mode == "hang" else None, publish=True)
        print(f"saved {saved.version}", flush=True)
    except StoreConflict as exc:
        print(f"conflict: {exc}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None)
