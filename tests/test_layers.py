"""The layers import only downward: intake and storage → models → figures → reports → view models
→ the command line and the Streamlit glue → the page scripts and the entrypoint.

Read from the source with ``ast``, so a wrong import fails here before anyone runs it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

# Height of each top-level package or script; a module may import its own height or lower,
# except that the command line and the Streamlit glue (same height) never import each other.
LAYERS = {
    "survey": 0, "models": 1, "figures": 2, "reports": 3, "viewmodels": 4,
    "cli": 5, "ui": 5, "views": 6, "app": 6,
}
# The one file outside the layers: the launcher that keeps the command's name `python -m survey`.
LAUNCHERS = {Path("survey/__main__.py")}
# Streamlit may be imported only by the glue, the pages and the entrypoint.
STREAMLIT_FREE = {"survey", "models", "figures", "reports", "viewmodels", "cli"}


def _project_modules() -> list[Path]:
    files = [ROOT / "app.py"]
    for package in LAYERS:
        if (ROOT / package).is_dir():
            files.extend(sorted((ROOT / package).rglob("*.py")))
    return [f.relative_to(ROOT) for f in files if f.relative_to(ROOT) not in LAUNCHERS]


def _imported_packages(source: str) -> set[str]:
    tree = ast.parse(source)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def _source(path: Path) -> str:
    return (ROOT / path).read_text(encoding="utf-8")


def _layer_of(path: Path) -> str:
    return path.parts[0] if len(path.parts) > 1 else path.stem


MODULES = _project_modules()


def test_every_layer_package_is_found():
    assert {_layer_of(p) for p in MODULES} == set(LAYERS)


@pytest.mark.parametrize("path", MODULES, ids=str)
def test_a_module_imports_no_higher_layer(path: Path):
    own = _layer_of(path)
    for imported in _imported_packages(_source(path)) & set(LAYERS):
        assert LAYERS[imported] <= LAYERS[own], f"{path} imports {imported}, a higher layer"
        if LAYERS[imported] == LAYERS[own]:
            assert imported == own, f"{path} imports {imported}: the command line and the pages stay apart"


@pytest.mark.parametrize("path", [p for p in MODULES if _layer_of(p) in STREAMLIT_FREE], ids=str)
def test_lower_layers_do_not_import_streamlit(path: Path):
    assert "streamlit" not in _imported_packages(_source(path)), f"{path} imports Streamlit"


def test_the_reader_finds_both_kinds_of_import_but_not_relative_ones():
    source = "from views import overview\nimport ui.data, pandas as pd\nfrom . import sibling\n"
    assert _imported_packages(source) == {"views", "ui", "pandas"}
