"""The Explore page's interactive charts, drawn with plotly: hover, zoom, box and lasso selection.

Plotly is imported inside these functions, so it is loaded only by the page that draws them; every
other chart is matplotlib's and every map the server's own SVG (docs/charts.md says why).
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import pandas as pd

from figures.charts import text_width
from figures.palette import CATEGORY_COLOURS, CATEGORY_SYMBOLS, GROUP_COLOUR, HIGHLIGHT_COLOUR, LABEL_COLOUR, STATUS_COLOURS
from models.explore import Points
from survey.area_sets import active_area_set

if TYPE_CHECKING:
    from plotly.graph_objects import Figure

LABELLED_UP_TO = 60  # points a chart labels every one of: London's 33 and Greater Manchester's 10, not England's 296
MARKER_PX = (9, 30)  # the smallest and largest point when sized by a measure
TITLE_CHARS = 36  # an axis title's line: a phone's plot (about 300 px) holds this at the chart's 14 px
# The mark of the reader's area's statistical neighbours (the view model marks them with it), drawn as diamonds; the other mark,
# the reader's own area, is ringed.
NEIGHBOUR_MARK = "Statistical neighbour"
_FONT = {"family": "Arial, Helvetica, sans-serif", "size": 14, "color": LABEL_COLOUR}
# Labels are placed for the narrowest plot, a phone's, where they crowd most: its data span about 240 x 380 px (the
# 280 x 415 px inside its axes, less the margin plotly keeps around the points). A label (11 px text, as wide as
# matplotlib measures it and 1 px each side, a 13 px line) goes above its point, else below, right or left, wherever
# it covers the least of the labels already placed and of the points and their marks.
PLACED_FOR_PX = (240.0, 380.0)
LABEL_TEXT_PX, LABEL_LINE_PX, LABEL_GAP_PX, LABEL_SIDE_PX = 11.0, 13.0, 2.0, 1.0
LABEL_POSITIONS = ("top center", "bottom center", "middle right", "middle left")


def axis_title(label: str) -> str:
    """An axis title broken between words into lines of ``TITLE_CHARS`` (plotly's line break), so that a long
    one ("IMD 2019 average score (higher is more deprived)") is not cut at a phone's edge."""
    return "<br>".join(textwrap.wrap(label, TITLE_CHARS)) or label


def _sizes(size: pd.Series) -> list[float]:
    """Points' diameters, area proportional to the measure (all the smallest when not sized)."""
    if size.isna().all():
        return [MARKER_PX[0] + 3] * len(size)
    root = size.clip(lower=0) ** 0.5
    top = root.max() or 1.0
    return [MARKER_PX[0] + (MARKER_PX[1] - MARKER_PX[0]) * v / top for v in root.fillna(0)]


def _mark_px(mark: str) -> float:
    """The diameter of the mark drawn over a marked point: a ring round the reader's own area, a diamond on each of
    its neighbours; 0 for an unmarked point."""
    return 0.0 if not mark else 18.0 if mark == NEIGHBOUR_MARK else 24.0


def _add_points(figure: Figure, chart: Points, row: int | None = None, col: int | None = None,
                show_legend: bool = True) -> None:
    import plotly.graph_objects as go

    data = chart.data
    groups = list(dict.fromkeys(data["group"]))
    where = {"row": row, "col": col} if row else {}
    labels, diameters = chart_labels(data), pd.Series(_sizes(data["size"]), index=data.index)  # one scale for every group
    marks = [_mark_px(mark) for mark in data["mark"]]
    positions = pd.Series(label_positions(data["x"], data["y"], labels, diameters.tolist(), marks), index=data.index)
    for n, group in enumerate(groups):
        part = data[data["group"] == group]
        colour = STATUS_COLOURS.get(group, CATEGORY_COLOURS[n % len(CATEGORY_COLOURS)])
        figure.add_trace(go.Scatter(
            x=part["x"], y=part["y"], mode="markers+text", text=labels[part.index],
            textposition=positions[part.index].tolist(),
            textfont={"size": LABEL_TEXT_PX, "color": LABEL_COLOUR}, customdata=list(zip(part.index, part["name"])),
            name=group or active_area_set().heading_plural, showlegend=show_legend and bool(group),
            marker={"size": diameters[part.index].tolist(), "color": colour,
                    "symbol": CATEGORY_SYMBOLS[n % len(CATEGORY_SYMBOLS)], "line": {"width": 1, "color": GROUP_COLOUR},
                    "opacity": 0.85},
            hovertemplate=(f"<b>%{{customdata[1]}}</b><br>{chart.x.label}: %{{x:.2f}}<br>{chart.y.label}: %{{y:.2f}}"
                           "<extra></extra>")), **where)
    marked = data[data["mark"] != ""]
    if len(marked) and row is None:
        figure.add_trace(go.Scatter(
            x=marked["x"], y=marked["y"], mode="markers", name=f"Your {active_area_set().noun} (ringed), neighbours (diamond)",
            marker={"size": [_mark_px(m) for m in marked["mark"]], "color": HIGHLIGHT_COLOUR,
                    "symbol": ["diamond-open" if m == NEIGHBOUR_MARK else "circle-open" for m in marked["mark"]],
                    "line": {"width": 2.5}, "opacity": 1},  # an open symbol is drawn in the marker's colour, hollow
            unselected={"marker": {"opacity": 1}}, hoverinfo="skip"))  # still marked while others are selected
    figure.add_vline(x=chart.x_median, line={"dash": "dash", "color": GROUP_COLOUR, "width": 1}, **where)
    figure.add_hline(y=chart.y_median, line={"dash": "dash", "color": GROUP_COLOUR, "width": 1}, **where)
    if chart.fit is not None:
        ends = [data["x"].min(), data["x"].max()]
        figure.add_trace(go.Scatter(x=ends, y=[chart.fit.intercept + chart.fit.slope * e for e in ends], mode="lines",
                                    name=f"Least-squares line (r = {chart.fit.pearson:+.2f})", showlegend=row is None,
                                    line={"color": HIGHLIGHT_COLOUR, "width": 2}, hoverinfo="skip"), **where)


def label_positions(x: pd.Series, y: pd.Series, labels: pd.Series, diameters: list[float],
                    marks: list[float] | None = None) -> list[str]:
    """Where each point's label goes (one of ``LABEL_POSITIONS``, plotly's ``textposition``), chosen a point at a
    time in order: the first position whose label covers the least area of the labels placed before it and of every
    other point and its mark, drawn on a plot of ``PLACED_FOR_PX``.

    Parameters
    ----------
    x, y : Series of shape (n_points,)
        The points' values on each axis.
    labels : Series of shape (n_points,)
        Each point's label ("" for none).
    diameters : list of n_points floats
        Each point's marker, in pixels: plotly writes its label this far out.
    marks : list of n_points floats, optional
        The diameter of a mark drawn over each point (the reader's ring, a neighbour's diamond; 0 for none), in
        pixels: what other labels should not cover.
    """
    width, height = PLACED_FOR_PX

    def scaled(values: pd.Series, pixels: float) -> list[float]:
        low, high = float(values.min()), float(values.max())
        span = (high - low) or 1.0
        return [(float(v) - low) / span * pixels for v in values]

    xs, ys = scaled(x, width), [height - v for v in scaled(y, height)]
    covering = [max(d, m) for d, m in zip(diameters, marks or [0.0] * len(diameters))]
    points = [(px - d / 2, py - d / 2, px + d / 2, py + d / 2) for px, py, d in zip(xs, ys, covering)]

    def covered(box: tuple[float, ...], others: list[tuple[float, ...]]) -> float:
        return sum(max(0.0, min(box[2], o[2]) - max(box[0], o[0])) * max(0.0, min(box[3], o[3]) - max(box[1], o[1]))
                   for o in others)

    placed: list[tuple[float, ...]] = []
    chosen = []
    for n, (px, py, d, text) in enumerate(zip(xs, ys, diameters, labels)):
        if not text:  # nothing to place: an unlabelled point (most of England's 296), an obstacle only
            chosen.append(LABEL_POSITIONS[0])
            continue
        w, h, off = text_width(str(text), LABEL_TEXT_PX) + 2 * LABEL_SIDE_PX, LABEL_LINE_PX, d / 2 + LABEL_GAP_PX
        centres = {"top center": (px, py - off - h / 2), "bottom center": (px, py + off + h / 2),
                   "middle right": (px + off + w / 2, py), "middle left": (px - off - w / 2, py)}
        boxes = {at: (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2) for at, (cx, cy) in centres.items()}
        others = placed + points[:n] + points[n + 1:]
        best = min(LABEL_POSITIONS, key=lambda at: covered(boxes[at], others))  # ties: the earlier position
        chosen.append(best)
        placed.append(boxes[best])
    return chosen


def chart_labels(data: pd.DataFrame) -> pd.Series:
    """Each point's label on the chart: every point's, where the points are at most ``LABELLED_UP_TO``; else only the
    marked ones' (the reader's own area and its neighbours), as 296 labels would cover the chart and each other. A
    point's name shows on hover either way."""
    if len(data) <= LABELLED_UP_TO:
        return data["label"]
    return data["label"].where(data["mark"] != "", "")


def scatter_figure(chart: Points) -> Figure:
    """One measure against another, areas labelled (``chart_labels``), the set's medians dashed, the fit if any."""
    import plotly.graph_objects as go

    figure = go.Figure()
    _add_points(figure, chart)
    figure.update_layout(
        font=_FONT, height=560, margin={"l": 10, "r": 10, "t": 30, "b": 10}, dragmode="select", plot_bgcolor="white",
        legend={"title": {"text": chart.colour_title}, "orientation": "h", "y": -0.18},
        xaxis={"title": {"text": axis_title(chart.x.label)}, "gridcolor": "#eeeeee", "zeroline": False},
        yaxis={"title": {"text": axis_title(chart.y.label)}, "gridcolor": "#eeeeee", "zeroline": False})
    return figure


def small_multiples_figure(panels: list[Points]) -> Figure:
    """One panel per chart in ``panels``, in rows of four, each with its own medians and fit."""
    from plotly.subplots import make_subplots

    columns = 4
    rows = -(-len(panels) // columns)
    figure = make_subplots(rows=rows, cols=columns, subplot_titles=[p.y.label for p in panels],
                           horizontal_spacing=0.06, vertical_spacing=0.14)
    for n, chart in enumerate(panels):
        _add_points(figure, chart, row=n // columns + 1, col=n % columns + 1, show_legend=False)
    figure.update_layout(font=_FONT, height=330 * rows, showlegend=False, plot_bgcolor="white",
                         margin={"l": 10, "r": 10, "t": 40, "b": 10})
    figure.update_annotations(font_size=13)
    if panels:
        figure.update_xaxes(title_text=axis_title(panels[0].x.label), row=rows, title_font_size=12)
    return figure
