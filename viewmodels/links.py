"""Reading a shared link's choices (``?round=…&borough=…&measure=…``) forgivingly, and saying when one is wrong.

A link is typed, pasted and edited by people: ``?borough=camden`` or ``?borough=e09000007`` means
Camden. A value that names nothing must say so, never silently open something else.
"""

from __future__ import annotations

from dataclasses import dataclass

from survey.area_sets import active_area_set
from survey.areas import BoroughMatcher

PEERS_LINK_KEY = "peers"  # a hand-picked peer group in a link: ?peers=E09000007,E09000012


@dataclass(frozen=True)
class LinkChoice:
    """What a link's value resolved to: one of the options, or a sentence saying why not."""

    value: str | None
    problem: str | None = None


def borough_from_link(text: str) -> LinkChoice:
    """An ONS code in any case, a borough's name or a common alias: its ONS code."""
    match = BoroughMatcher().match(text)
    if match.ons_code is not None:
        return LinkChoice(match.ons_code)
    return LinkChoice(None, f"The link asks for {active_area_set().noun} '{text}', which this dashboard does not know: "
                            f"{match.error}")


def option_from_link(text: str, options: dict[str, str], kind: str) -> LinkChoice:
    """A round or measure by its value or its label, in any case (``options``: value -> label)."""
    wanted = str(text).strip().casefold()
    for value, label in options.items():
        if wanted in (value.casefold(), label.casefold()):
            return LinkChoice(value)
    choices = ", ".join(options.values())
    return LinkChoice(None, f"The link asks for {kind} '{text}', which is not one of: {choices}.")


def boroughs_from_link(text: str) -> tuple[list[str], list[str]]:
    """A comma-separated list of boroughs (codes, names or aliases): their ONS codes in the link's order,
    without repeats, and a sentence for each item that names no borough."""
    codes: list[str] = []
    problems: list[str] = []
    for item in (part.strip() for part in str(text).split(",")):
        if not item:
            continue
        choice = borough_from_link(item)
        if choice.value is None:
            problems.append(str(choice.problem))
        elif choice.value not in codes:
            codes.append(choice.value)
    return codes, problems
