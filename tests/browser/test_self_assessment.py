"""A round collected in the dashboard, end to end in Chromium, signed in through a real OIDC provider.

The office opens round 2026; two Camden members answer and submit; a Hackney member stops halfway,
reloads and finds her draft; the office sees Camden submitted and Hackney in progress, closes the
round, publishes it; then a Camden member sees Camden's benchmark. Separately, a draft outlives a
restart of the server.

Hand-worked scores: Ann answers 4 on the four leadership questions and 3 elsewhere, Ben 2 everywhere.
Camden's leadership items are (4 + 2) / 2 = 3.0, every other item (3 + 2) / 2 = 2.5, so its overall
index is (3.0 + 6 × 2.5) / 7 = 2.5714, written 2.57 (Emerging). Hackney's unsubmitted draft is not stored.
"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from figures.palette import COMPLETION_COLOURS
from models.scoring import score_round
from survey.areas import borough_names
from survey.assessment import Assessments
from survey.framework import load_framework
from survey.store import SurveyStore
from tests.browser.conftest import QUIET_WITHOUT_MAPS_MS, sign_in, signed_in_dashboard_running, wait_until_settled
from tests.browser.maps import MAP, colour_at, fill_point, wait_until_drawn
from tests.browser.test_accessibility import WCAG_ONLY, axe_violations
from tests.conftest import copy_demo_store

OFFICE = "director@office.example"
ANN, BEN, CARA = "ann@camden.gov.uk", "ben@camden.gov.uk", "cara@hackney.gov.uk"
ACCESS = f"""office: [{OFFICE}]
members:
  "@camden.gov.uk": E09000007
  "@hackney.gov.uk": E09000012
public: false
"""


def _store_folder(tmp_path_factory, demo_store_file, name: str):
    """A folder holding a copy of the demo store and the access file; the store's URL and the dashboard's settings."""
    folder = tmp_path_factory.mktemp(name)
    url = copy_demo_store(demo_store_file, f"sqlite:///{folder / 'store.sqlite'}")
    (folder / "access.yaml").write_text(ACCESS, encoding="utf-8")
    return folder, url, {"DATABASE_URL": url, "SURVEY_ACCESS_FILE": str(folder / "access.yaml")}


def _open_as(browser, dashboard: str, email: str, path: str):
    """A new browser context (another person's computer), signed in as ``email``, on ``path``."""
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    sign_in(page, dashboard, email)
    page.goto(dashboard + path)
    wait_until_settled(page)
    return page


def _answer(page, question_id: str, option: str, answered: int) -> None:
    """Choose an option, then wait for the run it started to finish: the progress line counts it."""
    radios = page.locator(f".st-key-answer_{question_id}")
    expect(radios).to_be_visible(timeout=60_000)
    radios.get_by_text(option, exact=True).click()
    expect(page.get_by_text(f"You have answered {answered} of 28 questions.")).to_be_visible(timeout=60_000)
    wait_until_settled(page, quiet_ms=QUIET_WITHOUT_MAPS_MS)


def _step(page, dimension) -> None:
    page.locator(".st-key-assess_step").get_by_text(dimension.name, exact=False).first.click()
    expect(page.get_by_role("heading", name=dimension.name)).to_be_visible(timeout=60_000)
    wait_until_settled(page, quiet_ms=QUIET_WITHOUT_MAPS_MS)


def _answer_all(page, framework, option_for) -> None:
    answered = 0
    for dimension in framework.dimensions:
        _step(page, dimension)
        for question in dimension.questions:
            answered += 1
            _answer(page, question.id, option_for(question.id), answered)


def _completion_on_the_map(page) -> dict[str, list[str]]:
    """The boroughs the drawn completion map shows in each status, read from each borough's fill colour."""
    drawn = page.locator(f".st-key-completion_map {MAP}")
    drawn.scroll_into_view_if_needed()
    page.mouse.move(0, 0)  # no borough highlighted under the pointer
    status_of = {tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)): status for status, c in COMPLETION_COLOURS.items()}
    shown: dict[str, list[str]] = {}
    for name in sorted(borough_names().values()):
        shown.setdefault(status_of.get(colour_at(drawn, *fill_point(name)), "unreadable"), []).append(name)
    return shown


def test_a_round_collected_online_from_opening_to_a_published_benchmark(browser, tmp_path_factory, identity_provider,
                                                                       demo_store_file):
    framework = load_framework()
    folder, url, env = _store_folder(tmp_path_factory, demo_store_file, "self_assessment")
    level = {lv.value: f"{lv.value} {lv.name}" for lv in framework.levels}
    with signed_in_dashboard_running(env, folder, identity_provider) as dashboard:
        office = _open_as(browser, dashboard, OFFICE, "/collection")
        office.get_by_label("Round label").fill("2026")
        office.get_by_role("button", name="Open the round").click()
        expect(office.get_by_text("Round 2026 is open for answers.")).to_be_visible(timeout=60_000)

        for email, option_for in ((ANN, lambda q: level[4] if q.startswith("leadership_") else level[3]),
                                  (BEN, lambda q: level[2])):
            member = _open_as(browser, dashboard, email, "/assess")
            expect(member.get_by_role("heading", name="Self-assessment: Camden")).to_be_visible(timeout=60_000)
            _answer_all(member, framework, option_for)
            expect(member.get_by_text("You have answered 28 of 28 questions.")).to_be_visible()
            member.get_by_role("button", name="Submit my answers").click()
            expect(member.get_by_text("You submitted your answers to round 2026")).to_be_visible(timeout=60_000)
            member.context.close()

        cara = _open_as(browser, dashboard, CARA, "/assess")
        leadership = framework.dimensions[0]
        for answered, question in enumerate(leadership.questions, start=1):
            _answer(cara, question.id, level[5], answered)
        cara.reload()  # she stops halfway and comes back: the draft is there
        wait_until_settled(cara)
        expect(cara.get_by_text("You have answered 4 of 28 questions.")).to_be_visible(timeout=60_000)
        expect(cara.locator(f".st-key-answer_{leadership.questions[0].id} input[type=radio]:checked")).to_have_count(1)
        cara.context.close()

        office.goto(dashboard + "/collection")
        wait_until_settled(office)
        wait_until_drawn(office.locator(f".st-key-completion_map {MAP}"))
        on_map = _completion_on_the_map(office)
        assert on_map["Submitted"] == ["Camden"]
        assert on_map["In progress"] == ["Hackney"]
        office.get_by_text("I understand closing stops all answers to this round").click()
        wait_until_settled(office)
        office.get_by_role("button", name="Close the round and store the answers").click()
        expect(office.get_by_text("Round 2026 is closed: version 1 stored as provisional (1 boroughs, 2 respondents)")
               ).to_be_visible(timeout=60_000)

        scores = score_round(SurveyStore(url).answers("2026"), framework)
        assert scores.index.tolist() == ["E09000007"]
        assert scores.loc["E09000007", ["leadership", "data"]].tolist() == [3.0, 2.5]
        assert round(scores.loc["E09000007", "overall"], 4) == 2.5714

        office.goto(dashboard + "/upload")
        wait_until_settled(office)
        expect(office.get_by_text("Round 2026 covers 1 of 33 boroughs (2 respondents)")).to_be_visible()
        office.get_by_text("I have checked round 2026's coverage").click()
        wait_until_settled(office)
        office.get_by_role("button", name="Publish round 2026").click()
        expect(office.get_by_text("Round 2026 is published.")).to_be_visible(timeout=60_000)
        office.context.close()

        ann = _open_as(browser, dashboard, ANN, "/borough?round=2026")
        expect(ann.get_by_role("heading", name="Camden")).to_be_visible(timeout=60_000)
        wait_until_settled(ann)
        expect(ann.locator("[data-testid='stMetric']", has_text="Overall index")).to_contain_text("2.57")
        expect(ann.locator("[data-testid='stMetric']", has_text="Level")).to_contain_text("Emerging")
        ann.context.close()


def test_a_draft_survives_a_restart_of_the_server(browser, tmp_path_factory, identity_provider, demo_store_file):
    framework = load_framework()
    folder, url, env = _store_folder(tmp_path_factory, demo_store_file, "restart")
    Assessments(SurveyStore(url)).open_round("2026", closes=date(2099, 12, 31), framework=framework, actor=OFFICE,
                                             opens=date(2026, 1, 1))
    first, second = framework.dimensions[0].questions[:2]
    with signed_in_dashboard_running(env, folder, identity_provider) as dashboard:
        page = _open_as(browser, dashboard, ANN, "/assess")
        _answer(page, first.id, "4 Embedded", 1)
        _answer(page, second.id, "Don't know", 2)
        page.context.close()
    with signed_in_dashboard_running(env, folder, identity_provider) as dashboard:  # a new server process
        page = _open_as(browser, dashboard, ANN, "/assess")
        expect(page.get_by_text("You have answered 2 of 28 questions.")).to_be_visible(timeout=60_000)
        for question, option in ((first, "4 Embedded"), (second, "Don't know")):
            checked = page.locator(f".st-key-answer_{question.id} label", has=page.locator("input:checked"))
            expect(checked).to_have_text(option)
        page.context.close()


def test_every_step_passes_axe_and_a_question_can_be_answered_by_keyboard(browser, tmp_path_factory, demo_store_file,
                                                                          identity_provider, output_dir):
    framework = load_framework()
    folder, url, env = _store_folder(tmp_path_factory, demo_store_file, "keyboard")
    Assessments(SurveyStore(url)).open_round("2026", closes=date(2099, 12, 31), framework=framework, actor=OFFICE,
                                             opens=date(2026, 1, 1))
    with signed_in_dashboard_running(env, folder, identity_provider) as dashboard:
        page = _open_as(browser, dashboard, BEN, "/assess")
        first = framework.dimensions[0].questions[0]
        option = page.locator(f".st-key-answer_{first.id} input[type=radio]").first
        option.focus()
        page.keyboard.press("Space")  # the first option, "1 Initial", chosen without a mouse
        expect(page.get_by_text("You have answered 1 of 28 questions.")).to_be_visible(timeout=60_000)
        wait_until_settled(page)
        for dimension in framework.dimensions:
            _step(page, dimension)
            assert axe_violations(page, WCAG_ONLY) == [], dimension.name
        for width, height in ((1400, 1000), (1024, 768), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            wait_until_settled(page)
            page.wait_for_timeout(800)  # for the screenshot only: the sidebar's collapse animation on a phone
            page.screenshot(path=str(output_dir / f"self_assessment_{width}.png"), full_page=True)
        page.context.close()
    assert Assessments(SurveyStore(url)).draft("2026", BEN, "E09000007").answers == {first.id: 1}


pytestmark = pytest.mark.usefixtures("chromium_path")
