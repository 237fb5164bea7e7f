"""The README documents what the code offers: every command, export, setting and page."""

import argparse
import re

import pytest

from scripts.readme_tables import COMMAND, rendered, synopsis
from survey.settings import SETTINGS_FILE_VARIABLE
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_tables_of_commands_exports_and_settings_are_as_the_code_writes_them():
    assert rendered(README) == README, f"the README's tables differ from the code: run {COMMAND}"


def test_a_synopsis_puts_positional_arguments_first_and_optional_ones_in_brackets():
    parser = argparse.ArgumentParser()
    parser.add_argument("--round", dest="round_label", metavar="LABEL", required=True)
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("file")
    parser.add_argument("since", nargs="?")
    either = parser.add_mutually_exclusive_group(required=True)
    either.add_argument("--pilot", metavar="ID")
    either.add_argument("--require")
    assert synopsis(parser) == "FILE [SINCE] --round LABEL [--dry-run] (--pilot ID | --require REQUIRE)"


def test_a_readme_without_a_table_s_markers_is_refused_with_their_names():
    with pytest.raises(ValueError, match="no <!-- commands:start --> … <!-- commands:end --> markers"):
        rendered("# A README with no tables\n")


def test_the_code_reads_the_environment_only_through_the_settings_registry():
    """Every variable a deployer can set is a registered setting (documented by test_settings)."""
    code = "\n".join(p.read_text(encoding="utf-8") for folder in ("survey", "models", "ui", "reports", "figures",
                                                                  "viewmodels", "cli", "views")
                     for p in (ROOT / folder).glob("*.py") if p.name != "settings.py")
    assert re.findall(r"os\.environ|os\.getenv", code) == ["os.environ"]  # ui/data.py keys the settings cache
    assert f"`{SETTINGS_FILE_VARIABLE}`" in README


def test_every_page_in_the_navigation_is_in_the_readme_table():
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    titles = re.findall(r'st\.Page\("views/\w+\.py", title="([^"]+)"', app)
    assert len(titles) == 15
    for title in titles:
        assert f"| {title} |" in README, title


def test_the_readme_opens_with_the_two_commands():
    first_block = README.split("```")[1]
    assert first_block.strip().splitlines() == [
        "sh",
        "make run     # sets up .venv, then serves the dashboard on http://localhost:8501 with the demo rounds",
        "make test    # sets up .venv with the test tools, then runs the whole test suite",
    ]
