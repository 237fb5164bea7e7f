"""Two dashboard processes on one PostgreSQL database: a round saved through one shows in the other
on its next rerun (each run reads the store's revision, so no process serves stale rounds)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import running_dashboard, save_hand_worked_round, wait_until_settled
from tests.browser.maps import MAP
from tests.conftest import postgres_database


def test_a_round_saved_through_one_process_shows_in_the_other(browser, chromium_path, tmp_path):
    with postgres_database() as url:
        env = {"DATABASE_URL": url}
        with running_dashboard(env, tmp_path / "first.log") as first, running_dashboard(env, tmp_path / "second.log") as second:
            office = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
            office.goto(first)  # the first visit loads the demo rounds into the empty database
            expect(office.locator(MAP).first).to_be_visible(timeout=120_000)
            reader = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
            reader.goto(second)
            expect(reader.locator(MAP).first).to_be_visible(timeout=120_000)
            rounds = reader.get_by_role("combobox", name="Survey round")
            expect(rounds).to_have_value("2025")

            save_hand_worked_round(office, first, tmp_path, "2026")

            reader.get_by_role("combobox", name="Measure").click()  # any widget change: the other process's next run
            reader.get_by_role("option", name="Data & insight").click()
            wait_until_settled(reader)
            rounds.click()
            # a saved round is provisional until published; without sign-in the reader is office staff, who see it marked
            expect(reader.get_by_role("option", name="2026 (provisional)")).to_be_visible(timeout=60_000)
            assert reader.get_by_role("option").all_inner_texts() == ["2023", "2024", "2025", "2026 (provisional)"]
