"""Publishing is a decision: what a round covers, against the round members see now, before it goes out.

Every new round is provisional however it arrives (the Upload page, ``python -m survey ingest``, a
closed online collection). Whoever publishes it is first shown its coverage: boroughs and
respondents against the latest published round before it, the boroughs that round had and this one
lacks, and a warning when coverage fell (a test upload of 10 boroughs must not quietly become
every visitor's default round).
"""

from __future__ import annotations

from dataclasses import dataclass

from survey.area_sets import active_area_set
from survey.areas import borough_names
from survey.store import PUBLISHED, StoreConflict, SurveyStore, round_order


@dataclass(frozen=True)
class Coverage:
    """A round's coverage beside the latest published round before it (``previous``, None if none)."""

    label: str
    status: str
    boroughs: int
    respondents: int
    areas: int  # how many boroughs there are
    previous: str | None = None
    previous_boroughs: int = 0
    previous_respondents: int = 0
    missing: tuple[str, ...] = ()  # names of the boroughs the previous round had and this one lacks

    @property
    def fell(self) -> bool:
        """Fewer boroughs or fewer respondents than the previous published round."""
        return self.previous is not None and (self.boroughs < self.previous_boroughs
                                              or self.respondents < self.previous_respondents)

    def summary(self) -> str:
        """One sentence: what the round covers, and what the previous published round covered."""
        text = (f"Round {self.label} covers {self.boroughs} of {self.areas} {active_area_set().plural} "
                f"({self.respondents} respondent{'s' if self.respondents != 1 else ''})")
        if self.previous is None:
            return text + "; no round before it is published."
        return (text + f"; round {self.previous}, the latest published before it, covered {self.previous_boroughs} "
                f"({self.previous_respondents} respondent{'s' if self.previous_respondents != 1 else ''}).")

    def warning(self) -> str:
        """Why publishing needs a second look ("" when coverage did not fall)."""
        if not self.fell:
            return ""
        parts = []
        if self.boroughs < self.previous_boroughs:
            parts.append(f"{self.previous_boroughs - self.boroughs} fewer {active_area_set().plural}")
        if self.respondents < self.previous_respondents:
            parts.append(f"{self.previous_respondents - self.respondents} fewer respondents")
        text = f"Coverage fell since round {self.previous}: {' and '.join(parts)}."
        if self.missing:
            shown = ", ".join(self.missing[:10]) + (f" and {len(self.missing) - 10} more" if len(self.missing) > 10 else "")
            text += f" Missing this time: {shown}."
        return text + (" Once published, this round is what members and the public see, and comparisons with "
                       f"round {self.previous} cover only the {active_area_set().plural} in both.")


def coverage(store: SurveyStore, label: str) -> Coverage:
    """The coverage of a stored round (its current version) against the latest published round before it.

    Raises
    ------
    StoreConflict
        When the round is not stored.
    """
    rounds = store.rounds()
    row = rounds[rounds["round"] == label]
    if row.empty:
        raise StoreConflict(f"No round '{label}' is stored.")
    names = borough_names()
    here = row.iloc[0]
    earlier = rounds["round"].map(lambda other: round_order(other) < round_order(label))
    before = rounds[(rounds["status"] == PUBLISHED) & earlier]
    if before.empty:
        return Coverage(label, str(here["status"]), int(here["boroughs"]), int(here["respondents"]), len(names))
    previous = before.iloc[-1]  # ``rounds()`` is in round order
    lacking = store.round_boroughs(str(previous["round"])) - store.round_boroughs(label)
    return Coverage(label, str(here["status"]), int(here["boroughs"]), int(here["respondents"]), len(names),
                    str(previous["round"]), int(previous["boroughs"]), int(previous["respondents"]),
                    tuple(sorted(names.get(code, code) for code in lacking)))
