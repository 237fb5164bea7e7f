"""Publishing is a decision, in a real browser: office staff upload a partial round, are warned that its
coverage fell, publish it; the briefing's key message then says how many boroughs its comparison covers."""

from __future__ import annotations

from playwright.sync_api import expect

from survey.store import SurveyStore
from tests.browser.conftest import running_dashboard, save_hand_worked_round, wait_until_settled
from tests.conftest import copy_demo_store


def test_a_partial_round_is_published_after_its_coverage_warning(browser, tmp_path, chromium_path, demo_store_file):
    url = copy_demo_store(demo_store_file, f"sqlite:///{tmp_path / 'store.sqlite'}")  # its own: the demo rounds, then this round
    with running_dashboard({"DATABASE_URL": url}, tmp_path / "streamlit.log") as dashboard:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        save_hand_worked_round(page, dashboard, tmp_path, "2026")  # Camden, Hackney and Barnet only
        wait_until_settled(page)
        expect(page.get_by_text("Round 2026 covers 3 of 33 boroughs (4 respondents); round 2025, the latest "
                                "published before it, covered 33 (50 respondents).")).to_be_visible()
        expect(page.get_by_text("Coverage fell since round 2025: 30 fewer boroughs and 46 fewer respondents.")
               ).to_be_visible()
        assert SurveyStore(url).rounds().set_index("round").loc["2026", "status"] == "provisional"
        publish = page.get_by_role("button", name="Publish round 2026")
        expect(publish).to_be_disabled()
        page.get_by_text("I have checked round 2026's coverage").click()
        expect(publish).to_be_enabled(timeout=30_000)
        publish.click()
        expect(page.get_by_text("Round 2026 is published.")).to_be_visible(timeout=60_000)
        assert SurveyStore(url).audit("2026")["action"].tolist() == ["save", "publish"]

        page.goto(dashboard + "/briefing?round=2026")
        wait_until_settled(page)
        # Camden and Barnet have an overall index in both rounds; Hackney's 2026 answers leave data unscored.
        expect(page.get_by_text("Across the 2 boroughs with an overall index in both round 2025 and round 2026")
               .first).to_be_visible(timeout=60_000)
        context.close()
