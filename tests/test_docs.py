"""The README documents what the code offers: every command, export, setting and page."""

import re

from cli.main import build_parser
from survey.settings import SETTINGS_FILE_VARIABLE
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _subcommands(parser):
    action = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return action.choices


def test_every_command_line_command_is_documented():
    for name in _subcommands(build_parser()):
        assert f"python -m survey {name}" in README, name


def test_every_export_is_documented():
    export = _subcommands(build_parser())["export"]
    tables = next(a for a in export._actions if a.dest == "table").choices
    for table in tables:
        assert f"python -m survey export {table}" in README, table


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
    assert len(titles) == 14
    for title in titles:
        assert f"| {title} |" in README, title


def test_the_readme_opens_with_the_two_commands():
    first_block = README.split("```")[1]
    assert first_block.strip().splitlines() == [
        "sh",
        "make run     # sets up .venv, then serves the dashboard on http://localhost:8501 with the demo rounds",
        "make test    # sets up .venv with the test tools, then runs the whole test suite",
    ]
