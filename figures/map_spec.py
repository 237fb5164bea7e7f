"""One specification per map of the boroughs, whatever draws it.

The dashboard's interactive map (``figures.maps``) and the print map of the PDF report and the
slide pack (``figures.print_maps``) are both drawn from a ``MapSpec``: which category each
borough is in, the category's colour, hatch pattern and mark (a short text written on the
borough, so colour never carries the category alone), the legend and the text alternative. A
page, a PDF and a slide drawn from one specification cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from figures.palette import HATCHES
from survey.area_sets import active_area_set

MAX_LINKS = 12  # partner lines a map can carry and still be read: England's dozens would hide its colours


@dataclass(frozen=True)
class LegendEntry:
    category: str
    colour: str
    hatch: str
    mark: str
    count: int

    @property
    def text(self) -> str:
        """'R  Ready (9)': the mark as written on the map, the category and how many boroughs."""
        return f"{self.mark}  {self.category} ({self.count})"


@dataclass(frozen=True)
class MapSpec:
    """A map of the boroughs by category.

    Parameters
    ----------
    title : str
        The legend's title, e.g. "Overall index level".
    table : DataFrame, shape (n_boroughs, ...)
        ons_code, name, the ``category`` column and the ``hover_lines`` columns (already text);
        what the page shows and offers for download beside the map.
    category : str
        The column of ``table`` holding each borough's category.
    order : tuple of str
        Every possible category, in legend order.
    colours, marks : dict of str to str
        Each category's fill colour and the short text written on its boroughs.
    hover_lines : tuple of str
        Columns shown under a borough's name in its tooltip.
    description : str
        The text alternative: how many boroughs fall in each category.
    outlined : tuple of str
        Boroughs drawn with a heavy outline (where a pilot already runs; the report's own borough),
        named in the legend by ``outline_label``.
    links : tuple of (str, str)
        Pairs of boroughs joined by a line (a nearly-ready borough and the ready partner suggested
        for it), named in the legend by ``link_label``; drawn only where they are few (``drawn_links``).
    """

    title: str
    table: pd.DataFrame
    category: str
    order: tuple[str, ...]
    colours: dict[str, str]
    marks: dict[str, str]
    hover_lines: tuple[str, ...]
    description: str
    outlined: tuple[str, ...] = field(default=())
    outline_label: str = ""
    links: tuple[tuple[str, str], ...] = field(default=())
    link_label: str = ""

    @property
    def hatches(self) -> dict[str, str]:
        """Each category's hatch pattern (matplotlib notation), by its place in ``order``."""
        return {category: HATCHES[i % len(HATCHES)] for i, category in enumerate(self.order)}

    @property
    def drawn_links(self) -> tuple[tuple[str, str], ...]:
        """The partner lines a map may draw: every one where they are at most ``MAX_LINKS``, else none (the pairs are
        then listed beside the map: the page's table, the slide after the pack's map)."""
        return self.links if len(self.links) <= MAX_LINKS else ()

    def legend(self) -> list[LegendEntry]:
        """One entry per category that some borough is in, in legend order."""
        counts = self.table[self.category].value_counts()
        return [LegendEntry(c, self.colours[c], self.hatches[c], self.marks[c], int(counts[c]))
                for c in self.order if counts.get(c, 0)]

    def marked(self) -> pd.Series:
        """Each borough's mark (index ons_code)."""
        return self.table.set_index("ons_code")[self.category].map(self.marks)


def describe_categories(table: pd.DataFrame, category: str, order: list[str] | tuple[str, ...], subject: str) -> str:
    """Text alternative in the active set's words: 'Map of the 33 boroughs by <subject>: 13 Emerging, 16 Developing,
    ...'."""
    counts = table[category].value_counts()
    parts = [f"{counts[c]} {c}" for c in order if counts.get(c, 0)]
    return f"Map of the {len(table)} {active_area_set().plural} by {subject}: " + ", ".join(parts) + "."
