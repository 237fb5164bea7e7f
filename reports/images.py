"""Static images of the dashboard's plotly figures, rendered by kaleido in Debian's Chromium.

One kaleido browser is started on first use and kept for the process, so a pack of several
charts costs one browser start, not one per chart.
"""

from __future__ import annotations

import threading
import warnings

import kaleido
import plotly.graph_objects as go

_lock = threading.Lock()
_started = False


def figure_png(figure: go.Figure, width: int = 1000, height: int = 600, scale: float = 2.0, text_size: int = 14) -> bytes:
    """The figure as a PNG, ``scale`` times ``width`` x ``height`` pixels (crisp on slides and paper), its text
    ``text_size`` pixels high at ``width``."""
    global _started
    with _lock:
        if not _started:
            kaleido.start_sync_server(silence_warnings=True)
            _started = True
        styled = go.Figure(figure)
        styled.update_layout(paper_bgcolor="white", font={"family": "Arial, Helvetica, sans-serif", "size": text_size})
        with warnings.catch_warnings():  # plotly warns that kaleido options are ignored by a shared server: expected
            warnings.filterwarnings("ignore", message="The kopts argument is ignored")
            return styled.to_image(format="png", width=width, height=height, scale=scale)
