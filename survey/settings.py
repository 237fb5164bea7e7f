"""Upload limits, from ``survey/settings.yaml`` with environment overrides."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

SETTINGS_PATH = Path(__file__).with_name("settings.yaml")


@dataclass(frozen=True)
class UploadLimits:
    max_bytes: int
    max_rows: int


def load_limits() -> UploadLimits:
    """The configured limits: ``SURVEY_MAX_UPLOAD_MB`` / ``SURVEY_MAX_ROWS`` win over the file."""
    upload = yaml.safe_load(SETTINGS_PATH.read_text(encoding="utf-8"))["upload"]
    megabytes = float(os.environ.get("SURVEY_MAX_UPLOAD_MB", upload["max_megabytes"]))
    rows = int(os.environ.get("SURVEY_MAX_ROWS", upload["max_rows"]))
    return UploadLimits(max_bytes=int(megabytes * 1_000_000), max_rows=rows)
