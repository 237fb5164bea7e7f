"""The command line: run in this process (tests.helpers.run_cli), and, for the start itself and one round stored and
exported end to end, as a separate process the way staff run it."""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from survey.framework import load_framework
from survey.store import SurveyStore
from tests.conftest import ROOT
from tests.helpers import run_cli, survey_csv
from tests.fixtures.hand_worked import EXPECTED, hand_worked_rows

FRAMEWORK = load_framework()  # the framework kept with each saved round


def run_in_a_process(database_url: str, *args: str) -> subprocess.CompletedProcess:
    """``python -m survey ARGS`` in a process of its own, as staff type it."""
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run([sys.executable, "-m", "survey", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_python_m_survey_starts_and_lists_its_commands(database_url):
    started = run_in_a_process(database_url, "--help")
    assert started.returncode == 0, started.stderr
    assert started.stdout.startswith("usage: python -m survey")
    assert all(command in started.stdout for command in ("ingest", "export", "publish", "upgrade"))


@pytest.fixture
def hand_worked_file(tmp_path, framework) -> Path:
    path = tmp_path / "hand_worked.csv"
    path.write_bytes(survey_csv(framework, hand_worked_rows(framework)))
    return path


def test_a_run_in_process_leaves_the_environment_and_the_store_as_a_process_would(database_url, hand_worked_file,
                                                                                    monkeypatch):
    """tests.helpers.run_cli, behind most command-line tests: its variables last one run, ``--help`` exits 0 through
    ``SystemExit``, and the run's connections are closed (SQLite's log folded into the file, as at a process's end)."""
    monkeypatch.setenv("SURVEY_MAX_ROWS", "2")  # the file has 4 rows
    monkeypatch.delenv("DATABASE_URL", raising=False)
    ingest = run_cli(database_url, "ingest", str(hand_worked_file), "--round", "2026", env={"SURVEY_MAX_ROWS": None})
    assert ingest.returncode == 0, ingest.stderr
    assert "DATABASE_URL" not in os.environ and os.environ["SURVEY_MAX_ROWS"] == "2"
    assert not Path(database_url.removeprefix("sqlite:///") + "-wal").exists()
    assert run_cli(database_url, "--help")[:1] == (0,)
    assert run_cli(database_url, "rounds", env={"SURVEY_MAX_ROWS": "many"}).returncode == 2


def test_ingest_then_export_reproduces_the_hand_worked_scores(database_url, hand_worked_file):
    ingest = run_in_a_process(database_url, "ingest", str(hand_worked_file), "--round", "2026", "--publish")
    assert ingest.returncode == 0, ingest.stderr
    assert ingest.stdout.startswith("round 2026 stored (version 1, published): "
                                    "3 boroughs, 4 respondents")

    export = run_in_a_process(database_url, "export", "scores", "--round", "2026")
    assert export.returncode == 0, export.stderr
    rows = {row["ons_code"]: row for row in csv.DictReader(io.StringIO(export.stdout))}
    header = export.stdout.splitlines()[0].split(",")
    assert header[:11] == ["ons_code", "name", "leadership", "services", "data", "technology", "cyber", "people",
                           "collaboration", "overall", "level"]
    assert sorted(rows) == ["E09000003", "E09000007", "E09000012"]
    assert rows["E09000007"]["name"] == "Camden"
    for code, expected in EXPECTED.items():
        for column, value in expected.items():
            if value is None:
                assert rows[code][column] == ""
            elif isinstance(value, float):
                assert float(rows[code][column]) == pytest.approx(value, abs=1e-12)
            else:
                assert rows[code][column] == str(value)


def test_an_invalid_file_exits_1_lists_each_problem_and_stores_nothing(database_url, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("borough,leadership_1,leadershp_2\nCamdn,7,2\n", encoding="utf-8")
    result = run_cli(database_url, "ingest", str(bad), "--round", "2026")
    assert result.returncode == 1
    assert "row 1, column 'leadershp_2'" in result.stderr
    assert "row 2, column 'borough': value 'Camdn': Unknown borough 'Camdn'." in result.stderr
    assert "row 2, column 'leadership_1': value '7'" in result.stderr
    assert run_cli(database_url, "rounds").stdout.strip() == "no rounds stored"


def test_ingest_json_reports_the_outcome(database_url, hand_worked_file):
    result = run_cli(database_url, "ingest", str(hand_worked_file), "--round", "2026", "--json")
    outcome = json.loads(result.stdout)
    assert result.returncode == 0
    assert {k: outcome[k] for k in ("ok", "round", "boroughs", "respondents", "errors")} == {
        "ok": True, "round": "2026", "boroughs": 3, "respondents": 4, "errors": [],
    }
    assert outcome["warnings"][0]["message"].startswith("30 borough(s) have no response")


def test_ingesting_an_existing_round_is_a_conflict(database_url, hand_worked_file):
    assert run_cli(database_url, "ingest", str(hand_worked_file), "--round", "2026").returncode == 0
    again = run_cli(database_url, "ingest", str(hand_worked_file), "--round", "2026")
    assert again.returncode == 2
    assert "already stored" in again.stderr


def test_rounds_lists_what_is_stored(database_url, hand_worked_file):
    run_cli(database_url, "ingest", str(hand_worked_file), "--round", "2026")
    assert run_cli(database_url, "rounds").stdout.startswith(
        "2026\tversion 1\t3 boroughs\t4 respondents\tframework 1.0\tprovisional")


def test_exporting_an_unknown_round_exits_2(database_url):
    result = run_cli(database_url, "export", "scores", "--round", "1999")
    assert result.returncode == 2
    assert "no round '1999' is stored" in result.stderr


def test_export_peers_and_clusters(database_url, framework):
    assert run_cli(database_url, "ingest", str(ROOT / "data" / "demo" / "survey_2025.csv"), "--publish").returncode == 0
    peers = list(csv.DictReader(io.StringIO(run_cli(database_url, "export", "peers", "--round", "2025").stdout)))
    assert len(peers) == 33
    camden = next(r for r in peers if r["ons_code"] == "E09000007")
    assert [camden[f"context_{i}"] for i in range(1, 4)] == ["E09000033", "E09000020", "E09000013"]
    clusters = list(csv.DictReader(io.StringIO(run_cli(database_url, "export", "clusters", "--round", "2025").stdout)))
    assert camden["maturity_1"] and camden["cluster_description"].startswith("Average ")
    assert camden["cluster_description"] == next(r["description"] for r in clusters if r["cluster"] == camden["cluster"])
    assert [r["cluster"] for r in clusters] == [str(i) for i in range(1, len(clusters) + 1)]
    assert sum(int(r["size"]) for r in clusters) == 32  # one 2025 demo borough has a dimension unscored
    assert set(clusters[0]) >= {"size", "leadership", "description", "silhouette", "stability"}


def test_export_gaps_and_readiness(database_url, framework):
    assert run_cli(database_url, "ingest", str(ROOT / "data" / "demo" / "survey_2025.csv"), "--publish").returncode == 0
    exported = run_cli(database_url, "export", "gaps", "--round", "2025", "--target", "Embedded").stdout
    gaps = list(csv.DictReader(io.StringIO(exported)))
    assert len(gaps) == 33 and set(gaps[0]) >= {"ons_code", "name", "data", "dimensions_below"}
    ready = run_cli(database_url, "export", "readiness", "--round", "2025", "--pilot", "damp_sensors")
    header = ready.stdout.splitlines()[0].split(",")
    assert header[:7] == ["ons_code", "name", "status", "margin", "bottleneck", "wave", "partners"]
    rows = list(csv.DictReader(io.StringIO(ready.stdout)))
    assert {r["status"] for r in rows} <= {"Ready", "Nearly ready", "Not yet", "Not assessed"}
    assert all(r["partners"] == "" for r in rows if r["status"] == "Ready")
    custom = run_cli(database_url, "export", "readiness", "--round", "2025", "--require", "data=2,technology=2")
    assert custom.returncode == 0 and custom.stdout.splitlines()[0].endswith("uplift_data,uplift_technology")
    assert run_cli(database_url, "export", "readiness", "--round", "2025").returncode == 2
    assert run_cli(database_url, "export", "readiness", "--round", "2025", "--pilot", "nope").returncode == 2


def test_each_command_line_write_is_audited_with_the_given_actor(database_url, hand_worked_file):
    assert run_cli(database_url, "--as", "a@office.example", "ingest", str(hand_worked_file), "--round", "2026"
                   ).returncode == 0
    assert run_cli(database_url, "--as", "b@office.example", "ingest", str(hand_worked_file), "--round", "2026",
                   "--replace").returncode == 0
    assert run_cli(database_url, "--as", "c@office.example", "rollback", "2026", "--to", "1").returncode == 0
    assert run_cli(database_url, "--as", "d@office.example", "publish", "2026", "--yes").returncode == 0
    assert run_cli(database_url, "--as", "e@office.example", "delete", "2026").returncode == 0
    audit = run_cli(database_url, "audit", "2026")
    assert audit.returncode == 0, audit.stderr
    rows = [line.split("\t")[1:5] for line in audit.stdout.splitlines()]
    assert rows == [
        ["a@office.example", "save", "2026", "version - -> 1"],
        ["b@office.example", "replace", "2026", "version 1 -> 2"],
        ["c@office.example", "rollback", "2026", "version 2 -> 1"],
        ["d@office.example", "publish", "2026", "version 1 -> 1"],
        ["e@office.example", "delete", "2026", "version 1 -> -"],
    ]


def test_without_as_the_audit_records_the_operating_system_user(database_url, hand_worked_file):
    import getpass

    assert run_cli(database_url, "ingest", str(hand_worked_file), "--round", "2026").returncode == 0
    assert run_cli(database_url, "audit").stdout.split("\t")[1] == getpass.getuser()


def test_a_refused_command_line_write_leaves_no_audit_row(database_url, hand_worked_file):
    assert run_cli(database_url, "ingest", str(hand_worked_file), "--round", "2026").returncode == 0
    assert run_cli(database_url, "--as", "late@office.example", "ingest", str(hand_worked_file),
                   "--round", "2026").returncode == 2
    assert run_cli(database_url, "--as", "late@office.example", "rollback", "2026", "--to", "7").returncode == 2
    assert "late@office.example" not in run_cli(database_url, "audit").stdout


def test_of_two_replacements_of_the_same_version_the_second_is_refused(database_url, hand_worked_file):
    assert run_cli(database_url, "ingest", str(hand_worked_file), "--round", "2026").returncode == 0
    first = run_cli(database_url, "ingest", str(hand_worked_file), "--round", "2026", "--replace", "--expect-version", "1")
    second = run_cli(database_url, "ingest", str(hand_worked_file), "--round", "2026", "--replace", "--expect-version", "1")
    assert (first.returncode, second.returncode) == (0, 2)
    assert "changed while you were checking it (now version 2, you saw 1)" in second.stderr


def test_a_replace_names_the_version_current_when_the_run_started(database_url, hand_worked_file, monkeypatch):
    """Someone else saves while this run reads its file: the run stores nothing and exits 2."""
    import cli.main
    from survey.reading import read_survey

    monkeypatch.setenv("DATABASE_URL", database_url)
    assert cli.main.main(["ingest", str(hand_worked_file), "--round", "2026"]) == 0

    def read_while_someone_saves(*args, **kwargs):
        parsed = read_survey(*args, **kwargs)
        SurveyStore(database_url).save_round(parsed, framework=FRAMEWORK, uploader="someone else", replace=True, publish=True)
        return parsed

    monkeypatch.setattr(cli.main, "read_survey", read_while_someone_saves)
    assert cli.main.main(["ingest", str(hand_worked_file), "--round", "2026", "--replace"]) == 2
    assert SurveyStore(database_url).history("2026")["uploader"].tolist()[-1] == "someone else"


@pytest.mark.parametrize(("url", "said"), [
    ("sqlite:////no/such/folder/store.sqlite",
     "error: the store at sqlite:////no/such/folder/store.sqlite cannot be used: unable to open database file\n"),
    ("store.sqlite",  # a file name, not an address
     "error: the database URL given is not a database address (sqlite:///FILE or postgresql+psycopg://USER@HOST/DATABASE)\n"),
])
def test_a_store_that_cannot_be_opened_is_named_with_the_reason_not_a_traceback(url, said):
    result = run_cli(url, "rounds")
    assert (result.returncode, result.stdout, result.stderr) == (2, "", said)


def test_a_database_server_that_does_not_answer_is_named_without_its_password():
    result = run_cli("postgresql+psycopg://office:s3cret@127.0.0.1:1/benchmark", "rounds")  # port 1: nobody listens
    assert result.returncode == 2
    assert result.stderr.startswith("error: the store at postgresql+psycopg://office:***@127.0.0.1:1/benchmark cannot be "
                                    "used: connection failed:")
    assert "s3cret" not in result.stderr and "Traceback" not in result.stderr


def test_a_document_for_a_folder_that_does_not_exist_is_refused_before_it_is_made(demo_database_url, tmp_path):
    missing = tmp_path / "no such folder"
    for document, chosen in (("report", ["--borough", "Camden"]), ("pack", [])):
        result = run_cli(demo_database_url, "export", document, "--round", "2025", *chosen, "--out",
                         str(missing / f"{document}.out"))
        assert (result.returncode, result.stderr) == (2, f"error: there is no folder {missing} to write {document}.out into\n")
    assert not missing.exists()


def test_demo_stores_the_demo_rounds_marked_synthetic_and_only_into_an_empty_store(database_url):
    made = run_cli(database_url, "demo")
    assert (made.returncode, made.stdout) == (
        0, "stored the synthetic demo rounds 2023, 2024, 2025, published and marked synthetic\n")
    stored = SurveyStore(database_url).rounds()
    assert stored[["round", "status", "synthetic"]].values.tolist() == [
        ["2023", "published", True], ["2024", "published", True], ["2025", "published", True]]
    again = run_cli(database_url, "demo")
    assert (again.returncode, again.stderr) == (2, "error: the store holds rounds already: the demo rounds go only into an "
                                                   "empty store\n")
