"""Choropleth maps of the 33 boroughs that draw with no internet (no tile server).

Plotly's ``choroplethmap`` with the ``white-bg`` style needs no tiles. Pages draw a
``figures.map_spec.MapSpec`` with ``interactive_map``; documents draw the same specification with
``figures.print_maps``.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from figures.map_spec import MapSpec
from figures.palette import BOUNDARY_COLOUR

LONDON_CENTRE = {"lat": 51.4886, "lon": -0.1090}
LONDON_ZOOM = 9.2
MAP_HEIGHT = 560


def category_choropleth(
    table: pd.DataFrame,
    geojson: dict,
    *,
    category: str,
    order: list[str],
    colours: dict[str, str],
    hover_lines: list[str],
    legend_title: str,
) -> go.Figure:
    """A map with one trace (and one legend entry) per category present in ``table``.

    Parameters
    ----------
    table : DataFrame, shape (n_areas, ...)
        Needs ``ons_code``, ``name``, the ``category`` column and the columns named in
        ``hover_lines`` (already formatted as text).
    geojson : dict
        FeatureCollection whose features carry ``properties.ons_code``.
    hover_lines : list of str
        Columns shown under the area's name in the tooltip, as "Column: value".
    """
    features = {f["properties"]["ons_code"]: f for f in geojson["features"]}
    template = "<b>%{customdata[0]}</b>" + "".join(
        f"<br>{column}: %{{customdata[{i + 1}]}}" for i, column in enumerate(hover_lines)
    ) + "<extra></extra>"
    figure = go.Figure()
    for value in order:
        rows = table[table[category] == value]
        if rows.empty:
            continue
        figure.add_trace(
            go.Choroplethmap(
                geojson={"type": "FeatureCollection", "features": [features[c] for c in rows["ons_code"]]},
                featureidkey="properties.ons_code",
                locations=rows["ons_code"],
                z=[1] * len(rows),
                colorscale=[[0, colours[value]], [1, colours[value]]],
                showscale=False,
                marker={"line": {"color": BOUNDARY_COLOUR, "width": 0.8}, "opacity": 0.95},
                name=f"{value} ({len(rows)})",
                legendgroup=value,
                showlegend=True,
                customdata=rows[["name", *hover_lines]].to_numpy(),
                hovertemplate=template,
            )
        )
    figure.update_layout(
        map={"style": "white-bg", "center": LONDON_CENTRE, "zoom": LONDON_ZOOM},
        height=MAP_HEIGHT,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        legend={"title": {"text": legend_title}, "x": 0.01, "y": 0.99, "bgcolor": "rgba(255,255,255,0.85)",
                "bordercolor": BOUNDARY_COLOUR, "borderwidth": 1},
        hoverlabel={"bgcolor": "white", "font": {"size": 14}},
    )
    return figure



def interactive_map(spec: MapSpec, geojson: dict) -> go.Figure:
    """The page's map of a ``MapSpec``: one legend entry per category, tooltips from its hover columns."""
    return category_choropleth(spec.table, geojson, category=spec.category, order=list(spec.order), colours=spec.colours,
                               hover_lines=list(spec.hover_lines), legend_title=spec.title)
