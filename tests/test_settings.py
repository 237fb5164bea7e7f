"""The settings registry: one declaration per setting, read from file and environment, checked at
start, its defaults written nowhere else (the README's table is written from it: tests/test_docs.py)."""

from __future__ import annotations

import ast

import pytest

from survey.framework import check_settings_against
from survey.settings import DEFAULTS, REGISTRY, SettingsError, load_settings
from tests.conftest import ROOT

CODE_FOLDERS = ("survey", "models", "figures", "reports", "viewmodels", "cli", "ui", "views", "scripts")


def test_with_no_file_and_no_environment_every_setting_is_its_default():
    settings = load_settings(environ={})
    assert dict(settings) == DEFAULTS
    assert settings["upload.max_rows"] == 5000
    assert settings.where["upload.max_rows"] == "default"


def test_the_settings_file_overrides_a_default(tmp_path):
    file = tmp_path / "settings.yaml"
    file.write_text("upload:\n  max_rows: 10000\ngaps:\n  target_level: Embedded\n", encoding="utf-8")
    settings = load_settings(file, environ={})
    assert (settings["upload.max_rows"], settings["gaps.target_level"]) == (10000, "Embedded")
    assert settings.where["upload.max_rows"] == "settings.yaml"


def test_the_environment_wins_over_the_file(tmp_path):
    file = tmp_path / "settings.yaml"
    file.write_text("upload:\n  max_rows: 10000\n", encoding="utf-8")
    settings = load_settings(file, environ={"SURVEY_MAX_ROWS": "250"})
    assert settings["upload.max_rows"] == 250
    assert settings.where["upload.max_rows"] == "SURVEY_MAX_ROWS"


def test_the_settings_file_can_be_named_by_the_environment(tmp_path):
    file = tmp_path / "elsewhere.yaml"
    file.write_text("ranks:\n  draws: 200\n", encoding="utf-8")
    assert load_settings(environ={"SURVEY_SETTINGS_FILE": str(file)})["ranks.draws"] == 200


@pytest.mark.parametrize(("text", "value"), [("1", True), ("yes", True), ("TRUE", True), ("0", False), ("off", False)])
def test_a_switch_reads_the_usual_spellings(text, value):
    assert load_settings(environ={"SURVEY_ALLOW_OPEN": text})["access.allow_open"] is value


def test_the_upload_limits_are_in_bytes_and_rows():
    limits = load_settings(environ={"SURVEY_MAX_UPLOAD_MB": "1.5", "SURVEY_MAX_ROWS": "40"}).upload_limits
    assert (limits.max_bytes, limits.max_rows) == (1_500_000, 40)


def test_a_relative_sqlite_url_is_inside_the_project_folder():
    assert load_settings(environ={}).database_url == f"sqlite:///{ROOT / 'var' / 'benchmark.sqlite'}"


def test_a_postgresql_url_is_kept_as_given():
    url = "postgresql+psycopg://u:p@db.example/benchmark"
    assert load_settings(environ={"DATABASE_URL": url}).database_url == url


@pytest.mark.parametrize(("environ", "message"), [
    ({"SURVEY_MAX_ROWS": "lots"}, r"upload.max_rows \(environment variable SURVEY_MAX_ROWS\): 'lots' is not a valid int"),
    ({"SURVEY_MAX_ROWS": "0"}, r"upload.max_rows .*: 0 is below the smallest allowed, 1"),
    ({"SURVEY_RANK_WEIGHT_NOISE": "1"}, r"ranks.weight_noise .*: 1.0 must be below 1"),
    ({"SURVEY_NEARLY_READY_BAND": "-0.1"}, r"readiness.nearly_ready_band .*: -0.1 is below the smallest allowed, 0"),
    ({"SURVEY_ALLOW_OPEN": "maybe"},
     r"access.allow_open \(environment variable SURVEY_ALLOW_OPEN\): 'maybe' is not a valid bool"),
    ({"SURVEY_SETTINGS_FILE": "/nonexistent/settings.yaml"}, r"settings file /nonexistent/settings.yaml does not exist"),
])
def test_a_bad_value_names_the_setting(environ, message):
    with pytest.raises(SettingsError, match=message):
        load_settings(environ=environ)


def test_an_unknown_key_in_the_file_is_named(tmp_path):
    file = tmp_path / "settings.yaml"
    file.write_text("upload:\n  max_row: 10\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="unknown setting 'upload.max_row'"):
        load_settings(file, environ={})


def test_a_target_level_the_framework_does_not_have_is_refused(framework):
    with pytest.raises(SettingsError, match="gaps.target_level .*'Excellent' is not a level; choose one of Initial"):
        check_settings_against(framework, load_settings(environ={"SURVEY_TARGET_LEVEL": "Excellent"}))


def test_the_command_line_stops_with_the_message_and_exit_code_2(tmp_path):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "survey", "rounds"], cwd=ROOT, capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "SURVEY_MAX_ROWS": "many",
                                 "DATABASE_URL": f"sqlite:///{tmp_path / 's.sqlite'}"}, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == ("error: upload.max_rows (environment variable SURVEY_MAX_ROWS): 'many' is not a "
                                     "valid int. Most responses (rows) accepted in one survey file.")


def _code_files():
    for folder in CODE_FOLDERS:
        for path in (ROOT / folder).rglob("*.py"):
            if path != ROOT / "survey" / "settings.py":
                yield path
    yield ROOT / "app.py"


def _named_numbers(tree: ast.AST):
    """(name, constant) for each number given as a default: a parameter's default, or the
    ``default=`` of a command-line option (named by its flag)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.arguments):
            positional = [*node.posonlyargs, *node.args]
            pairs = [*zip(positional[len(positional) - len(node.defaults):], node.defaults),
                     *zip(node.kwonlyargs, node.kw_defaults)]
            yield from ((arg.arg, d) for arg, d in pairs if isinstance(d, ast.Constant))
        elif isinstance(node, ast.Call):
            flag = next((a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)), "")
            for keyword in node.keywords:
                if keyword.arg == "default" and isinstance(keyword.value, ast.Constant):
                    yield flag.strip("-").replace("-", "_"), keyword.value


def _key_words(setting) -> set[str]:
    return set(setting.name.split(".")[-1].split("_")) - {"max", "file", "url"}


# Defaults that are also ordinary names elsewhere: access.identity_claim's "email" is the OpenID Connect
# claim, and "email" is also a column of survey exports and of the store (the same word, not the default);
# areas.set's "london" also keys London's median in a chart's data.
SHARED_WORDS = {"email", "london"}


def test_no_default_value_is_written_outside_the_registry():
    """A string equal to a default anywhere, or a number equal to a default given to a parameter
    or option of the same name (``n_draws=1000``), is the registry's default written again."""
    found = []
    for path in _code_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value not in SHARED_WORDS:
                found += [f"{path.relative_to(ROOT)}:{node.lineno} {s.name} {node.value!r}"
                          for s in REGISTRY if isinstance(s.default, str) and node.value == s.default]
        for name, constant in _named_numbers(tree):
            found += [f"{path.relative_to(ROOT)}:{constant.lineno} {s.name} {constant.value!r}" for s in REGISTRY
                      if not isinstance(s.default, str) and not isinstance(constant.value, (bool, str))
                      and constant.value == s.default and _key_words(s) & set(name.split("_"))]
    assert found == []


def test_the_default_scan_sees_a_retyped_default():
    tree = ast.parse("def fit(n_draws=1000, width=1000): ...\nparser.add_argument('--draws', default=1000)\n")
    named = [(name, c.value) for name, c in _named_numbers(tree)]
    assert named == [("n_draws", 1000), ("width", 1000), ("draws", 1000)]


def test_the_server_upload_cap_matches_the_upload_limit():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == DEFAULTS["upload.max_megabytes"]
    assert config["server"]["enableXsrfProtection"] is True
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["address"] == "127.0.0.1"
