"""The baseline of the fresh-visit benchmark: a Streamlit page holding only a map of the 33 boroughs,
drawn by the same builder and the same component as the dashboard's maps (``make bench``)."""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from figures.maps import category_choropleth  # noqa: E402
from survey.areas import BOUNDARIES_GEOJSON, load_boroughs  # noqa: E402
from ui.components import show_map  # noqa: E402

boroughs = pd.DataFrame({"ons_code": [b.ons_code for b in load_boroughs()], "name": [b.name for b in load_boroughs()],
                         "Area": "London borough"})
figure = category_choropleth(boroughs, json.loads(BOUNDARIES_GEOJSON.read_text(encoding="utf-8")), category="Area",
                             order=["London borough"], colours={"London borough": "#1d70b8"}, hover_lines=["Area"],
                             legend_title="Area")
show_map(None, figure, "The 33 London boroughs.", key="bare_map")
