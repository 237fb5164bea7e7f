"""The shapes every view model returns: headline figures and tables with their number formats."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from models.numbers import format_score, format_signed, round_half_up
from models.profile import marked_in_order
from survey.area_sets import active_area_set

# How a table column's numbers are shown; the pages map each kind to one display format.
SCORE, SIGNED, SHARE, WHOLE = "score", "signed", "share", "whole"


@dataclass(frozen=True)
class Metric:
    """A headline figure: label, value as text, and an optional caption and help text."""

    label: str
    value: str
    caption: str = ""
    help: str = ""


@dataclass(frozen=True)
class Table:
    """A table as shown: display column names, the kind of each numeric column, a CSV file name
    when it is offered for download, help text for columns that need it, and the columns that matter most
    after the first, most important first (``priority``): where the page is too narrow for every column,
    these stay in the table and the others fold into each row's details (``viewmodels.tables``). A ``breakable``
    column of short text may break between words where room is short, rather than fold."""

    data: pd.DataFrame
    formats: dict[str, str] = field(default_factory=dict)
    file_name: str | None = None
    helps: dict[str, str] = field(default_factory=dict)
    priority: tuple[str, ...] = ()
    breakable: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """Scores and signed figures are held rounded as ``models.numbers`` writes them, so the table,
        its CSV and any text about the same number agree (a browser would round 2.625 its own way)."""
        rounded = self.data.copy()
        for column, kind in self.formats.items():
            if kind in (SCORE, SIGNED) and column in rounded:
                rounded[column] = rounded[column].map(round_half_up).astype(float)
        object.__setattr__(self, "data", rounded)


NO_PARTNER = "no ready neighbour yet"  # what a blank list of suggested partners means


def name_list(codes: list[str], names: dict[str, str]) -> str:
    """'Camden, Hackney' from codes (blank for none)."""
    return ", ".join(names[c] for c in codes)


def formats_for(columns: list[str], kind: str) -> dict[str, str]:
    return {column: kind for column in columns}


def strength_and_gap_lines(profile: pd.DataFrame, peers_phrase: str) -> list[str]:
    """One Markdown line per marked dimension of ``models.profile.strengths_and_gaps``, strengths then
    gaps, largest first: '**Gap: Data & insight** — 2.10 (Emerging), -0.40 against London's median, ...' (the
    active set's median) with the next level's descriptor under each gap."""
    possessive = active_area_set().possessive
    lines = []
    for row in marked_in_order(profile).itertuples():
        peers = "" if pd.isna(row.vs_peers) else f", {format_signed(row.vs_peers)} against {peers_phrase}"
        line = (f"**{row.kind.capitalize()}: {row.name}** — {format_score(row.score)} ({row.level}), "
                f"{format_signed(row.vs_london)} against {possessive} median{peers}.")
        lines.append(line + (f"  \n{row.next_step}" if row.next_step else ""))
    return lines


def strengths_and_gaps_text(lines: list[str]) -> str:
    """``strength_and_gap_lines`` as one Markdown passage, or that every dimension is close to the set's median."""
    return "\n\n".join(lines) or f"Every dimension is close to {active_area_set().possessive} median."


def plain(text: object) -> str:
    """Text from a file or a person with Markdown's special characters escaped, so a page shows it
    as typed (never as formatting, links or HTML)."""
    return "".join("\\" + c if c in "\\`*_{}[]()<>#+-.!|~$" else c for c in str(text))
