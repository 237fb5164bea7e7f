"""A separate process that saves the hand-worked round, for crash and concurrency tests.

    python -m tests.store_worker URL LABEL (hang|save|replace) [START_AT_EPOCH]

``hang`` stops inside the save's transaction (after the responses are written) and waits to be
killed; ``save``/``replace`` wait until START_AT, save, and print "saved N" or "conflict: …".
"""

from __future__ import annotations

import sys
import time

from survey.framework import load_framework
from survey.reading import read_survey
from survey.store import StoreConflict, SurveyStore
from tests.conftest import survey_csv
from tests.fixtures.hand_worked import hand_worked_rows


def main(url: str, label: str, mode: str, start_at: float = 0.0) -> None:
    framework = load_framework()
    parsed = read_survey(survey_csv(framework, hand_worked_rows(framework)), framework, round_label=label)
    store = SurveyStore(url)

    def hang(stage: str) -> None:
        print(f"inside transaction: {stage}", flush=True)
        time.sleep(600)

    time.sleep(max(0.0, start_at - time.time()))
    try:
        saved = store.save_round(parsed, framework_version=framework.version, replace=mode == "replace",
                                 uploader=f"worker {mode}", on_progress=hang if mode == "hang" else None)
        print(f"saved {saved.version}", flush=True)
    except StoreConflict as exc:
        print(f"conflict: {exc}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]) if len(sys.argv) > 4 else 0.0)
