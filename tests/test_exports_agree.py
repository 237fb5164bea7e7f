"""Every export the command line writes holds the numbers the page's view model shows.

Both go through ``models.results``; these tests hold them to it where a second path once crept in
(the slide pack fitted its own clusters, ignoring the ``clusters.bootstrap`` setting). Clusters are
fitted with five bootstrap draws here, as with ``SURVEY_CLUSTER_BOOTSTRAP=5``, so a figure worked out
with the default instead differs. Each page runs in AppTest with its view model's builder wrapped to
keep what it returned; each export runs through the command line's ``main`` in this process.
"""

from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd
import pytest
import streamlit as st
from pptx import Presentation

import viewmodels.clusters
import viewmodels.gaps
import viewmodels.overview
import viewmodels.peers
import viewmodels.readiness
from models.numbers import round_half_up
from tests.conftest import copy_demo_store
from tests.helpers import run_cli

ROUND, CAMDEN, PILOT = "2025", "E09000007", "damp_sensors"


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory, demo_store_file) -> str:
    return copy_demo_store(demo_store_file, f"sqlite:///{tmp_path_factory.mktemp('exports_agree') / 'store.sqlite'}")


@pytest.fixture
def five_draws(demo_url, monkeypatch) -> str:
    monkeypatch.setenv("DATABASE_URL", demo_url)
    monkeypatch.setenv("SURVEY_CLUSTER_BOOTSTRAP", "5")
    st.cache_resource.clear()  # views kept under other settings by earlier tests are not what this page works out
    return demo_url


def exported(*args: str) -> str:
    """What ``python -m survey export ARGS --round 2025`` writes to standard output."""
    run = run_cli(None, "export", *args, "--round", ROUND)
    assert run.returncode == 0, run.stderr
    return run.stdout


def exported_csv(*args: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(exported(*args)), dtype={"ons_code": str})


def page_view(monkeypatch, page: str, module, builder: str, choose=None, **query: str):
    """The last view model ``module.builder`` made while ``page`` ran for round 2025 (``choose(at)`` sets its widgets)."""
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    from ui.data import _shared_view

    _shared_view.clear()  # a view kept from an earlier call would be served without the builder running
    made = []
    real = getattr(module, builder)
    monkeypatch.setattr(module, builder, lambda *args, **kwargs: made.append(real(*args, **kwargs)) or made[-1])
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in {"round": ROUND, "borough": CAMDEN, **query}.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    if choose is not None:
        choose(at)
    assert not at.exception, at.exception
    return made[-1]


def two_places(values) -> list[float | None]:
    """Numbers as every page and document writes them: two decimals, halves rounded up."""
    return [None if pd.isna(v) else round_half_up(float(v)) for v in values]


def rank_written(text: str) -> tuple[int, int, int]:
    """(rank, lowest likely, highest likely) from '5th of 33 (likely 3rd–9th)' or '1st of 32 (likely 1st)'."""
    found = re.fullmatch(r"(\d+)\w+=? of \d+ \((?:tied with [^;]+; )?likely (\d+)\w+(?:–(\d+)\w+)?\)", text)
    assert found, text
    rank, low, high = found.groups()
    return int(rank), int(low), int(high or low)


def test_the_scores_export_holds_the_overview_scores_and_ranks(five_draws, monkeypatch, framework):
    export = exported_csv("scores").set_index("ons_code")
    for measure in ["overall", *framework.dimension_ids]:
        view = page_view(monkeypatch, "views/overview.py", viewmodels.overview, "overview_view", measure=measure)
        shown = view.table.data.set_index("ONS code")
        assert two_places(shown[view.measure_label]) == two_places(export.loc[shown.index, measure]), measure
        if measure == "overall":  # the overall level and the rank with its likely range
            assert list(shown["Level"]) == list(export.loc[shown.index, "level"].fillna("Not assessed"))
            ranked = export.index[export["rank"].notna()]
            written = [rank_written(text) for text in shown.loc[ranked, "Rank (likely range)"]]
            expected = export.loc[ranked, ["rank", "rank_p05", "rank_p95"]].astype(int)
            assert len(written) == 32
            assert written == list(expected.itertuples(index=False, name=None))


def test_the_clusters_export_is_the_clusters_page_download(five_draws, monkeypatch):
    view = page_view(monkeypatch, "views/clusters.py", viewmodels.clusters, "clusters_view")
    export = exported_csv("clusters")
    page = view.download.data
    assert list(export.columns) == list(page.columns)
    assert list(export["description"]) == list(page["description"])
    numeric = export.columns.drop("description")
    np.testing.assert_allclose(export[numeric].to_numpy(float), page[numeric].to_numpy(float), rtol=1e-12)
    assert 0 < page["stability"].iloc[0] < 1


def test_the_peers_export_holds_the_clusters_and_neighbours_the_pages_show(five_draws, monkeypatch):
    export = exported_csv("peers").astype(object).fillna("").set_index("ons_code")
    clusters = page_view(monkeypatch, "views/clusters.py", viewmodels.clusters, "clusters_view")
    shown = clusters.points.data["Cluster"]
    assert list(shown) == [f"Cluster {int(c)}" for c in export.loc[shown.index, "cluster"]]
    assert (export.drop(index=shown.index)["cluster"] == "").all()  # the boroughs the page leaves out are left out
    for kind in ("context", "maturity"):
        view = page_view(monkeypatch, "views/peers.py", viewmodels.peers, "peers_view",
                         choose=lambda at, kind=kind: at.radio(key="peer_group").set_value(kind).run())
        assert list(view.group) == [c for c in export.loc[CAMDEN, [f"{kind}_{i}" for i in range(1, 6)]] if c], kind


def test_the_gaps_export_holds_each_dimensions_gaps_on_the_gaps_page(five_draws, monkeypatch, framework):
    export = exported_csv("gaps").set_index("ons_code")
    for dimension in framework.dimension_ids:
        view = page_view(monkeypatch, "views/gaps.py", viewmodels.gaps, "gap_map_view",
                         choose=lambda at, d=dimension: at.selectbox(key="gap_dimension").set_value(d).run())
        shown = view.boroughs.data.set_index("ONS code")
        column = framework.dimension_names[dimension]
        assert two_places(shown[column]) == two_places(export.loc[shown.index, dimension]), dimension
    below = [c for c in shown.columns if c.startswith("Dimensions below")][0]
    assert list(shown[below]) == list(export.loc[shown.index, "dimensions_below"])


def test_the_readiness_export_holds_the_readiness_page(five_draws, monkeypatch, framework):
    export = exported_csv("readiness", "--pilot", PILOT).set_index("ons_code")
    view = page_view(monkeypatch, "views/readiness.py", viewmodels.readiness, "readiness_view",
                     choose=lambda at: at.selectbox(key="pilot").set_value(PILOT).run())
    shown = view.boroughs.data
    assert list(shown.index) == list(export.index)  # the same order: most ready first
    assert list(shown["Status"]) == list(export["status"])
    assert two_places(shown["Margin"]) == two_places(export["margin"])
    assert list(shown["Bottleneck"]) == [framework.dimension_names.get(b, b) for b in export["bottleneck"]]
    for column in [c for c in export.columns if c.startswith("uplift_")]:
        assert two_places(shown[f"Uplift: {framework.dimension_names[column.removeprefix('uplift_')]}"]) == \
            two_places(export[column]), column


def test_the_slide_packs_clustering_is_the_clusters_page(five_draws, monkeypatch, tmp_path):
    exported("pack", "--out", str(tmp_path / "pack.pptx"))
    notes = "\n".join(slide.notes_slide.notes_text_frame.text for slide in Presentation(tmp_path / "pack.pptx").slides)
    written = re.search(r"k = (\d+) \(silhouette (-?\d\.\d\d)\), stability (\d\.\d\d)", notes)
    assert written, notes
    view = page_view(monkeypatch, "views/clusters.py", viewmodels.clusters, "clusters_view")
    shown = {metric.label: metric.value for metric in view.metrics}
    assert written.groups() == (shown["Clusters"], shown["Silhouette"], shown["Stability"])
