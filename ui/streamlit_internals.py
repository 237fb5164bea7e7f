"""Every name inside Streamlit's own page that the dashboard's CSS and script rely on, in one place.

Streamlit marks its elements with ``data-testid`` attributes for its own tests: they are not a public API
and may change in any release, and a selector that no longer matches fails silently (a style not applied, a
repair not made). Each one the dashboard uses is declared here, with a page that always draws it, and used
from here; ``tests/browser/test_streamlit_internals.py`` opens each page after an upgrade and fails on a
selector that matches nothing. Elements the dashboard draws itself are styled by its own classes, and its
containers by the ``st-key-`` class Streamlit documents for a keyed container, never by these.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Internal:
    """A CSS selector on Streamlit's page, the page (address path) that always draws it, and what it is for."""

    selector: str
    drawn_on: str
    used_for: str

    def __str__(self) -> str:
        return self.selector


METRIC = Internal('[data-testid="stMetric"]', "/briefing", "a headline figure's box: its text sized to its width")
METRIC_VALUE = Internal('[data-testid="stMetricValue"]', "/briefing", "a headline figure, never cut short")
METRIC_LABEL = Internal('[data-testid="stMetricLabel"]', "/briefing", "a headline figure's label, never cut short")
DATE_PART = Internal('[data-testid="stDateInput"] [role="spinbutton"]', "/collection",
                     "a date field's day, month and year, each a 24 px target")
MAIN_COLUMN = Internal('[data-testid="stMainBlockContainer"]', "/briefing", "the briefing's large type, not the sidebar's")
MARKDOWN = Internal('[data-testid="stMarkdownContainer"]', "/briefing", "the briefing's key messages in large type")
DROP_ZONE = Internal('[data-testid="stFileUploaderDropzone"]', "/upload", "the drop zone's role repaired (ui/dropzone.py)")
MAIN_SCROLLER = Internal('[data-testid="stMain"]', "/", "the page's scroller, put back at its top when a map opens a page")
FILE_UPLOADER = Internal('[data-testid="stFileUploader"]', "/upload", "the part of the page the drop-zone repair watches")

INTERNALS: tuple[Internal, ...] = (METRIC, METRIC_VALUE, METRIC_LABEL, DATE_PART, MAIN_COLUMN, MARKDOWN, DROP_ZONE,
                                   FILE_UPLOADER, MAIN_SCROLLER)
