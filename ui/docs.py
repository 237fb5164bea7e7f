"""The methodology document, split where pages insert live content."""

from __future__ import annotations

import re
from pathlib import Path

import streamlit as st

METHODOLOGY = Path(__file__).resolve().parents[1] / "docs" / "methodology.md"


@st.cache_data
def methodology_sections(*markers: str) -> list[str]:
    """The document cut at each ``<!-- marker -->`` comment, in the order given.

    Raises
    ------
    ValueError
        If a marker is missing, so a page never silently drops its live content.
    """
    text = METHODOLOGY.read_text(encoding="utf-8")
    sections = []
    for marker in markers:
        parts = re.split(rf"^<!-- {re.escape(marker)} -->$", text, maxsplit=1, flags=re.MULTILINE)
        if len(parts) != 2:
            raise ValueError(f"{METHODOLOGY.name} has no '<!-- {marker} -->' line")
        sections.append(parts[0])
        text = parts[1]
    return [*sections, text]
