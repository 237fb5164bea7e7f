"""One way to write a number, so a score reads the same on a page, in a table, a PDF and a slide.

Every score, change, margin and share that a person reads passes through this module:

- a value is rounded **half away from zero** at its shortest decimal form (2.625 -> 2.63,
  2.675 -> 2.68), never by binary floating point (where 2.675 is 2.67499...);
- tables are given the rounded value (a number, so they still sort), and text the string;
- a change between two rounds is worked out **from the displayed figures** (2.63 -> 2.75 is
  +0.12), so what a reader subtracts always matches what is written.

docs/methodology.md ("How numbers are written") states the same rules.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

SCORE_DECIMALS = 2
MISSING = "—"
NO_SCORE = "no score"  # where a missing score stands alone (a headline figure, a map tooltip)


def _is_missing(value: float | None) -> bool:
    try:
        return value is None or math.isnan(float(value))
    except TypeError:  # pandas.NA
        return True


def round_half_up(value: float | None, decimals: int = SCORE_DECIMALS) -> float | None:
    """``value`` rounded half away from zero (None when missing): 2.625 -> 2.63, -0.125 -> -0.13."""
    if value is None or _is_missing(value):
        return None
    step = Decimal(1).scaleb(-decimals)
    rounded = float(Decimal(repr(float(value))).quantize(step, rounding=ROUND_HALF_UP))
    return rounded + 0.0  # -0.0 -> 0.0


def format_score(value: float | None, missing: str = MISSING) -> str:
    """A score or median: '2.63'."""
    rounded = round_half_up(value)
    return missing if rounded is None else f"{rounded:.{SCORE_DECIMALS}f}"


def format_signed(value: float | None, missing: str = MISSING) -> str:
    """A change, gap or margin, always signed as tables show it: '+0.13', '-0.50', '+0.00'."""
    rounded = round_half_up(value)
    return missing if rounded is None else f"{rounded:+.{SCORE_DECIMALS}f}"


def change_between(before: float | None, after: float | None) -> float | None:
    """The change a reader sees: displayed ``after`` minus displayed ``before`` (None if either is missing)."""
    a, b = round_half_up(before), round_half_up(after)
    if a is None or b is None:
        return None
    return round_half_up(b - a)


def format_share(value: float | None, missing: str = MISSING) -> str:
    """A share 0-1 as a whole percentage: 0.125 -> '13%'."""
    rounded = round_half_up(None if value is None or _is_missing(value) else float(value) * 100, 0)
    return missing if rounded is None else f"{rounded:.0f}%"


def counted(n: int, noun: str, plural: str = "") -> str:
    """A count with its noun agreeing, as plain English writes it: '1 respondent', '2 respondents' (never
    '2 respondent(s)'); ``plural`` where adding an s is wrong ('2 boroughs' is the default)."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def join_names(items: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
