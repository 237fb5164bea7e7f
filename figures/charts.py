"""Charts other than maps. Each has a table of its data next to it on the page."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from figures.palette import CATEGORY_COLOURS, CATEGORY_SYMBOLS, GROUP_COLOUR, HIGHLIGHT_COLOUR, LEVEL_COLOURS
from models.numbers import round_half_up

SCORE_RANGE = (1, 5)


def level_axis(level_names: tuple[str, ...]) -> dict:
    """A score axis ticked at the whole levels 1-5, each named ("3 Developing"), margins grown to fit."""
    return {"range": [SCORE_RANGE[0] - 0.1, SCORE_RANGE[1] + 0.1], "tickvals": list(range(1, len(level_names) + 1)),
            "ticktext": [f"{i} {name}" for i, name in enumerate(level_names, start=1)], "gridcolor": "#e5e5e5",
            "automargin": True}


def _rounded(values) -> list[float | None]:
    """Values as ``models.numbers`` writes them, so a hover label matches the table beside the chart."""
    return [round_half_up(v) for v in values]


def profile_against_group(table: pd.DataFrame, borough: str, group: str, level_names: tuple[str, ...],
                          london: pd.Series | None = None) -> go.Figure:
    """A dot plot per dimension: the group's range (bar), its median (diamond), the borough (circle)
    and, if given, London's median (triangle).

    Parameters
    ----------
    table : DataFrame, shape (n_dimensions, 5)
        Columns name, score, group_median, group_min, group_max.
    london : Series, optional
        London's median per dimension, in the same order as ``table``.
    """
    figure = go.Figure()
    for row in table.itertuples():
        figure.add_trace(go.Scatter(
            x=[row.group_min, row.group_max], y=[row.name, row.name], mode="lines",
            line={"color": GROUP_COLOUR, "width": 8}, opacity=0.35, showlegend=row.Index == table.index[0],
            name=f"{group}: range", hoverinfo="skip", legendgroup="range",
        ))
    figure.add_trace(go.Scatter(
        x=_rounded(table["group_median"]), y=table["name"], mode="markers", name=f"{group}: median",
        marker={"symbol": "diamond", "size": 13, "color": GROUP_COLOUR},
        hovertemplate="%{y}<br>Group median: %{x:.2f}<extra></extra>",
    ))
    if london is not None:
        figure.add_trace(go.Scatter(
            x=_rounded(london), y=table["name"], mode="markers", name="London median",
            marker={"symbol": "triangle-up", "size": 12, "color": "#0b0c0c", "line": {"color": "white", "width": 1}},
            hovertemplate="%{y}<br>London median: %{x:.2f}<extra></extra>",
        ))
    figure.add_trace(go.Scatter(
        x=_rounded(table["score"]), y=table["name"], mode="markers", name=borough,
        marker={"symbol": "circle", "size": 13, "color": HIGHLIGHT_COLOUR, "line": {"color": "white", "width": 1}},
        hovertemplate="%{y}<br>" + borough + ": %{x:.2f}<extra></extra>",
    ))
    figure.update_layout(
        height=100 + 45 * len(table), margin={"l": 10, "r": 10, "t": 30, "b": 40},
        xaxis={**level_axis(level_names), "title": "Score and level"},
        yaxis={"autorange": "reversed", "automargin": True}, legend={"orientation": "h", "y": -0.25}, plot_bgcolor="white",
    )
    return figure


def score_heatmap(matrix: pd.DataFrame) -> go.Figure:
    """Boroughs x dimensions, each cell coloured by score and with the score written in it."""
    scale = [[i / (len(LEVEL_COLOURS) - 1), colour] for i, colour in enumerate(LEVEL_COLOURS)]
    figure = go.Figure(go.Heatmap(
        z=[_rounded(row) for row in matrix.to_numpy()], x=list(matrix.columns), y=list(matrix.index), zmin=SCORE_RANGE[0], zmax=SCORE_RANGE[1],
        colorscale=scale, texttemplate="%{z:.2f}", textfont={"size": 13},
        colorbar={"title": "Score"}, hovertemplate="%{y}<br>%{x}: %{z:.2f}<extra></extra>",
    ))
    figure.update_layout(height=120 + 34 * len(matrix), margin={"l": 10, "r": 10, "t": 10, "b": 10},
                         yaxis={"autorange": "reversed"}, xaxis={"side": "top"})
    return figure


def cluster_scatter(points: pd.DataFrame, explained: tuple[float, float]) -> go.Figure:
    """The boroughs on the first two principal components, one marker shape and colour per cluster.

    Parameters
    ----------
    points : DataFrame
        Columns name, cluster (int), cluster_label, pc1, pc2.
    explained : (float, float)
        Share of variance on each component, for the axis titles.
    """
    figure = go.Figure()
    for number, rows in points.groupby("cluster"):
        i = (int(number) - 1) % len(CATEGORY_COLOURS)
        figure.add_trace(go.Scatter(
            x=rows["pc1"], y=rows["pc2"], mode="markers", name=rows["cluster_label"].iloc[0],
            marker={"symbol": CATEGORY_SYMBOLS[i], "color": CATEGORY_COLOURS[i], "size": 12,
                    "line": {"color": "#0b0c0c", "width": 0.8}},
            customdata=rows[["name"]].to_numpy(), hovertemplate="%{customdata[0]}<extra>%{fullData.name}</extra>",
        ))
    figure.update_layout(
        height=480, margin={"l": 10, "r": 10, "t": 10, "b": 10}, plot_bgcolor="white",
        xaxis={"title": f"First principal component ({explained[0]:.0%} of variance)", "gridcolor": "#e5e5e5", "zeroline": False},
        yaxis={"title": f"Second principal component ({explained[1]:.0%} of variance)", "gridcolor": "#e5e5e5", "zeroline": False},
        legend={"title": {"text": "Cluster"}},
    )
    return figure


def trend_lines(table: pd.DataFrame, names: dict[str, str], level_names: tuple[str, ...], title: str = "") -> go.Figure:
    """One line per column over rounds (rows), with a distinct marker per line.

    Parameters
    ----------
    table : DataFrame, shape (n_rounds, n_series)
        Index round labels; columns dimension ids or 'overall'.
    """
    figure = go.Figure()
    for i, column in enumerate(table.columns):
        overall = column == "overall"
        figure.add_trace(go.Scatter(
            x=list(table.index), y=_rounded(table[column]), mode="lines+markers", name=names.get(column, column),
            line={"color": "#0b0c0c" if overall else CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)], "width": 4 if overall else 2,
                  "dash": "solid" if overall else ("solid", "dash", "dot", "dashdot")[i % 4]},
            marker={"symbol": CATEGORY_SYMBOLS[i % len(CATEGORY_SYMBOLS)], "size": 9},
            hovertemplate="%{x}: %{y:.2f}<extra>" + names.get(column, column) + "</extra>", connectgaps=False,
        ))
    figure.update_layout(
        title=title or None, height=420, margin={"l": 10, "r": 10, "t": 40 if title else 10, "b": 10}, plot_bgcolor="white",
        xaxis={"title": "Survey round", "type": "category", "gridcolor": "#e5e5e5", "automargin": True},
        yaxis={**level_axis(level_names), "title": "Score and level"},
        legend={"orientation": "h", "y": -0.25},
    )
    return figure


def describe_level_stack(shares: pd.DataFrame, target_level: str) -> str:
    """Text alternative of ``level_stack``: how many boroughs fall below the target on each dimension."""
    return ("Stacked bars: boroughs at each level on each dimension, counts written in each segment. "
            + "; ".join(f"{r.name}: {r.below_target} of {r.assessed} below {target_level}" for r in shares.itertuples()) + ".")


def level_stack(shares: pd.DataFrame, level_names: tuple[str, ...]) -> go.Figure:
    """Boroughs at each level per dimension, as stacked horizontal bars with the counts written in.

    Parameters
    ----------
    shares : DataFrame
        From ``models.gaps.level_shares``: name and one count column per level.
    """
    figure = go.Figure()
    for i, level in enumerate(level_names):
        figure.add_trace(go.Bar(
            y=shares["name"], x=shares[level], name=level, orientation="h", marker={"color": LEVEL_COLOURS[i],
                                                                                  "line": {"color": "#3b3b3b", "width": 0.5}},
            text=[str(v) if v else "" for v in shares[level]], textposition="inside", insidetextanchor="middle",
            hovertemplate="%{y}<br>" + level + ": %{x} boroughs<extra></extra>",
        ))
    figure.update_layout(
        barmode="stack", height=90 + 48 * len(shares), margin={"l": 10, "r": 10, "t": 10, "b": 10}, plot_bgcolor="white",
        xaxis={"title": "Boroughs"}, yaxis={"autorange": "reversed"}, legend={"orientation": "h", "y": 1.12, "traceorder": "normal"},
        uniformtext={"minsize": 11, "mode": "hide"},
    )
    return figure
