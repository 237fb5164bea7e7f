"""The baseline of the fresh-visit benchmark: a Streamlit page holding only a map of the 33 boroughs,
drawn by the same builder (``figures.svg_maps``) and shown by the same component as the dashboard's
maps (``make bench``)."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from figures.map_spec import MapSpec  # noqa: E402
from figures.maps import SHOWN_WIDTHS_PX, map_frame  # noqa: E402
from figures.svg_maps import map_svg  # noqa: E402
from survey.areas import load_boroughs  # noqa: E402
from ui.components import BOROUGH_MAP  # noqa: E402

AREA = "London borough"


def boroughs() -> pd.DataFrame:
    return pd.DataFrame({"ons_code": [b.ons_code for b in load_boroughs()], "name": [b.name for b in load_boroughs()],
                         "Area": AREA})


def bare_map() -> None:
    spec = MapSpec("Area", boroughs(), "Area", (AREA,), {AREA: "#1d70b8"}, {AREA: ""}, ("Area",), "The 33 London boroughs.")
    svgs = [map_svg(spec, map_frame(width), clickable=True) for width in SHOWN_WIDTHS_PX]  # as the pages send a map
    BOROUGH_MAP(key="bare_map", data={"svgs": svgs}, on_clicked_change=lambda: None)


if __name__ == "__main__":
    bare_map()
