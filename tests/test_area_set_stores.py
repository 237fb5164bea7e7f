"""A store keeps one area set's rounds; demo rounds for any set; the command line's template, ingest and export for
Greater Manchester's ten councils and England's 296."""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa
from alembic import command

from survey.area_sets import active_area_set
from survey.schema import alembic_config
from survey.store import StoreAreaSetError, SurveyStore, store_engine
from survey.store_areas import recorded_area_set
from tests.conftest import copy_demo_store
from tests.helpers import run_cli, use_area_set

MANCHESTER_IN_LONDON = ("This store keeps the rounds of Greater Manchester (area set 'greater-manchester'); the settings "
                        "name London (area set 'london'). Name Greater Manchester's set in areas.set (SURVEY_AREA_SET) "
                        "to open it, or use another store for London's rounds (storage.database_url, DATABASE_URL).")


def test_a_new_store_records_the_active_set_and_refuses_another(database_url):
    with use_area_set("greater-manchester"):
        SurveyStore(database_url).engine.dispose()
        assert recorded_area_set(store_engine(database_url)) == ("greater-manchester", "Greater Manchester")
        assert SurveyStore(database_url).area_set.key == "greater-manchester"  # opened again with its own set
    with pytest.raises(StoreAreaSetError) as refused:
        SurveyStore(database_url)
    assert str(refused.value) == MANCHESTER_IN_LONDON


def test_a_store_made_before_area_sets_is_londons(backend_url):
    engine = store_engine(backend_url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0003")
    engine.dispose()
    store = SurveyStore(backend_url, upgrade=True)
    assert recorded_area_set(store.engine) == ("london", "London")
    store.engine.dispose()
    with use_area_set("england"), pytest.raises(StoreAreaSetError, match=r"^This store keeps the rounds of London "
                                                                         r"\(area set 'london'\); the settings name "
                                                                         r"England \(area set 'england'\)"):
        SurveyStore(backend_url)


def test_the_command_line_refuses_another_sets_store_and_changes_nothing(database_url, area_set_demo_store):
    copy_demo_store(area_set_demo_store("greater-manchester"), database_url)
    result = run_cli(database_url, "rounds")
    assert (result.returncode, result.stdout, result.stderr) == (2, "", f"error: {MANCHESTER_IN_LONDON}\n")
    with use_area_set("greater-manchester"):
        assert run_cli(database_url, "rounds").stdout.splitlines()[-1] == (
            "2025\tversion 1\t10 councils\t12 respondents\tframework 1.0\tpublished, synthetic demo data")


def test_the_dashboard_refuses_another_sets_store_with_the_message(database_url, area_set_demo_store, open_dashboard):
    copy_demo_store(area_set_demo_store("greater-manchester"), database_url)
    at = open_dashboard()  # local mode: shown what is wrong
    assert [e.value for e in at.error] == [f"The dashboard cannot start: {MANCHESTER_IN_LONDON}"]


@pytest.mark.parametrize("name, coverage", [
    ("greater-manchester", [("2023", 9, 11), ("2024", 9, 11), ("2025", 10, 12)]),
    ("england", [("2023", 269, 403), ("2024", 285, 431), ("2025", 296, 444)]),
])
def test_a_demo_store_of_any_set_holds_three_synthetic_rounds(database_url, area_set_demo_store, name, coverage):
    copy_demo_store(area_set_demo_store(name), database_url)
    with use_area_set(name):
        rounds = SurveyStore(database_url).rounds()
    assert list(rounds[["round", "boroughs", "respondents"]].itertuples(index=False, name=None)) == coverage
    assert rounds["synthetic"].all() and (rounds["status"] == "published").all()


# --- the command line for each set ---------------------------------------------------------------------------------

GREATER_MANCHESTER_EXAMPLE = ["council,round,respondent,role",
                              "Manchester,2026,manchester-cdo,Chief Digital Officer",
                              "Manchester,2026,manchester-data,Head of Data",
                              "E08000010,2026,wigan-1,Head of IT"]


def test_greater_manchesters_template_and_example_name_its_councils(database_url, framework):
    with use_area_set("greater-manchester"):
        template = run_cli(database_url, "template")
        example = run_cli(database_url, "template", "--example")
    assert template.returncode == 0 and template.stdout == ",".join(["council", "round", "respondent", "role",
                                                                     *framework.question_ids]) + "\n"
    rows = list(csv.reader(io.StringIO(example.stdout)))
    assert [",".join(row[:4]) for row in rows] == GREATER_MANCHESTER_EXAMPLE


def _every_area(framework) -> str:
    """A round answered by one respondent for each area of the active set, named by name and by code in turn."""
    header = ["council", "round", "respondent", *framework.question_ids]
    rows = [[area.name if i % 2 else area.ons_code, "2026", f"r{i}",
             *(str(1 + (i + q) % 5) for q in range(len(framework.question_ids)))]
            for i, area in enumerate(active_area_set().areas)]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    return out.getvalue()


@pytest.mark.parametrize("name, count", [("greater-manchester", 10), ("england", 296)])
def test_a_round_of_every_area_ingests_and_exports_one_row_per_area(database_url, framework, tmp_path, name, count):
    with use_area_set(name):
        codes = active_area_set().codes
        file = tmp_path / "round.csv"
        file.write_text(_every_area(framework), encoding="utf-8")
        ingest = run_cli(database_url, "ingest", str(file), "--publish", env={"SURVEY_RANK_DRAWS": "50"})
        scores = run_cli(database_url, "export", "scores", "--round", "2026", env={"SURVEY_RANK_DRAWS": "50"})
    assert ingest.returncode == 0, ingest.stderr
    assert ingest.stdout.startswith(f"round 2026 stored (version 1, published): {count} councils, {count} respondents")
    assert scores.returncode == 0, scores.stderr
    table = list(csv.DictReader(io.StringIO(scores.stdout)))
    assert len(table) == count and sorted(row["ons_code"] for row in table) == list(codes)
    with store_engine(database_url).connect() as conn:
        assert conn.execute(sa.text("SELECT key FROM area_set")).scalar() == name
