"""The methodology document, split where pages insert live content, in the active area set's words."""

from __future__ import annotations

import re
from pathlib import Path

import streamlit as st

from survey.area_sets import active_area_set

METHODOLOGY = Path(__file__).resolve().parents[1] / "docs" / "methodology.md"


def methodology_sections(*markers: str) -> list[str]:
    """The document cut at each ``<!-- marker -->`` comment, in the order given, in the active area set's words
    (written for London's boroughs; its passages only London's data makes true left out for other sets).

    Raises
    ------
    ValueError
        If a marker is missing, so a page never silently drops its live content.
    """
    return [active_area_set().in_own_words(section) for section in _sections(*markers)]


@st.cache_data
def _sections(*markers: str) -> list[str]:
    text = METHODOLOGY.read_text(encoding="utf-8")
    sections = []
    for marker in markers:
        parts = re.split(rf"^<!-- {re.escape(marker)} -->$", text, maxsplit=1, flags=re.MULTILINE)
        if len(parts) != 2:
            raise ValueError(f"{METHODOLOGY.name} has no '<!-- {marker} -->' line")
        sections.append(parts[0])
        text = parts[1]
    return [*sections, text]
