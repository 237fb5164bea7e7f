"""Headline figures as one block of plain HTML: each figure's label, its value in large type, and its
caption and help text as small print under it.

Why not Streamlit's ``st.metric`` in columns: each figure is then a column and a metric element of
its own, whose code a fresh visit fetches and runs (docs/performance.md); one block of HTML is laid
out by the browser's grid, wraps to as many figures a row as fit (two on a phone), and its help text
is printed rather than hidden behind a hover, so a keyboard, a touch screen and a screen reader all get it.
"""

from __future__ import annotations

import re
from html import escape

from viewmodels.common import Metric

_BOLD = re.compile(r"\*\*(.+?)\*\*")  # the one piece of Markdown captions use


def _small_print(text: str) -> str:
    return _BOLD.sub(r"<strong>\1</strong>", escape(text))


def headlines_html(metrics: list[Metric]) -> str:
    """``metrics`` as one line of HTML: a description list, a group per figure (label, value, then its
    caption and help text when it has them)."""
    groups = []
    for metric in metrics:
        notes = "".join(f'<dd class="headline-{kind}">{_small_print(text)}</dd>'
                        for kind, text in (("caption", metric.caption), ("help", metric.help)) if text)
        groups.append(f'<div class="headline"><dt>{escape(metric.label)}</dt>'
                      f'<dd class="headline-value">{escape(metric.value)}</dd>{notes}</div>')
    return f'<dl class="headlines">{"".join(groups)}</dl>'
