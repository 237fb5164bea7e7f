"""AppTest of My borough, Trends and Committee briefing, with the seeded demo rounds' figures as literals."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import DEMO_2025_MESSAGES, metrics, shown_tables


@pytest.fixture
def app(open_dashboard) -> AppTest:
    return open_dashboard(query={"borough": "E09000007"})


def test_my_borough_opens_on_the_borough_in_the_url(app):
    app.switch_page("views/borough.py").run()
    assert not app.exception, app.exception
    assert app.title[0].value == "Camden"
    assert metrics(app) == {"Level": "Developing", "Overall index": "2.88", "Rank": "11th= of 32",
                            "Change since 2024": "+0.11"}
    assert any(c.value == "11th= of 32 (tied with Bromley; likely 9th–13th)" for c in app.caption)
    assert app.markdown[0].value == (
        "Since round 2024: 2.77 → 2.88, +0.11 (likely +0.04 to +0.18), a clear rise; stayed Developing. "
        "Rank 11th of 31 (likely 11th–12th) → 11th= of 32 (tied with Bromley; likely 9th–13th).")
    pilots = shown_tables(app)[2]
    assert pilots["Status"].tolist() == ["Nearly ready", "Nearly ready", "Not yet", "Not yet", "Nearly ready",
                                         "Nearly ready"]


def test_my_borough_lists_strengths_then_gaps_largest_first(app):
    app.switch_page("views/borough.py").run()
    strengths = next(m.value for m in app.markdown if m.value.startswith("**Strength"))
    lines = [line for line in strengths.split("\n\n") if line.startswith("**")]
    assert [line.split("**")[1] for line in lines] == [
        "Strength: Skills & culture", "Strength: Cyber security & resilience", "Gap: User-centred services",
        "Gap: Leadership & strategy"]  # gaps -0.38, then -0.13
    profile = shown_tables(app)[0]
    assert profile["Dimension"].iloc[0] == "User-centred services"  # the largest gap to London's median first


def test_my_borough_follows_round_and_borough(app):
    app.switch_page("views/borough.py").run()
    app.selectbox(key="round").set_value("2023").run()
    app.selectbox(key="borough").set_value("E09000016").run()  # Havering did not answer in 2023
    assert not app.exception
    assert "did not respond to round 2023" in app.warning[-1].value
    app.selectbox(key="borough").set_value("E09000003").run()
    assert metrics(app) == {"Level": "Emerging", "Overall index": "2.38", "Rank": "15th of 28", "Change": "—"}


def test_trends_page_shows_london_medians_and_movers(app):
    app.switch_page("views/trends.py").run()
    assert not app.exception, app.exception
    shown = shown_tables(app)[0].set_index("Round")
    assert shown["Overall index"].to_dict() == {2023: 2.43, 2024: 2.5, 2025: 2.68}  # read back as a reader would
    movers = shown_tables(app)[1]
    assert movers.iloc[0].to_dict() == {  # Lambeth: one respondent in the 2024 and the 2025 demo round
        "Borough": "Lambeth", "Few respondents": "Yes", "2024": 3.29, "2025": 3.74, "Change": 0.45,
        "Likely change": "+0.42 to +0.49",
        "Verdict": "clear rise", "Level": "moved up into Embedded", "Rank 2024": "3rd of 31 (likely 2nd–4th)",
        "Rank 2025": "1st of 32 (likely 1st)"}
    app.selectbox(key="trend_after").set_value("2024").run()
    assert app.selectbox(key="trend_before").value == "2023"
    assert not app.exception


def test_briefing_page_writes_the_key_messages_from_the_numbers(app):
    app.switch_page("views/briefing.py").run()
    app.selectbox(key="briefing_pilot").set_value("lowcode_casework").run()
    assert not app.exception, app.exception
    assert app.markdown[0].value == "\n".join(f"- {m}" for m in (
        *DEMO_2025_MESSAGES,
        "6 boroughs are ready to adopt Low-code case management now, and 6 more are nearly ready."))
    assert metrics(app) == {"London median": "2.68", "Boroughs scored": "32 of 33", "Weakest dimension": "Skills & culture"}


def test_the_briefing_chart_s_numbers_are_a_table_folded_beside_it(app):
    app.switch_page("views/briefing.py").run()
    folded = [h.value for h in app.get("html") if 'class="data-table' in h.value]
    assert len(folded) == 1 and folded[0].startswith("<details><summary>The chart&#x27;s numbers as a table")
    table = shown_tables(app)[0].set_index("Dimension")
    assert table.loc["Skills & culture", "Below Developing"] == 24  # as the key messages say: 24 of 33


def test_my_borough_builds_its_pdf_when_asked_then_offers_it_to_download(app):
    app.switch_page("views/borough.py").run()
    assert "Download report (PDF)" not in [b.proto.label for b in app.get("download_button")]
    app.button(key="prepare_report").click().run()
    assert not app.exception, app.exception
    offered = [b.proto for b in app.get("download_button") if b.proto.label == "Download report (PDF)"]
    assert len(offered) == 1
    assert app.session_state["borough_pdf_2025_E09000007"][:5] == b"%PDF-"


def test_committee_briefing_builds_its_slide_pack_when_asked_then_offers_it_to_download(app):
    app.switch_page("views/briefing.py").run()
    app.button(key="prepare_pack").click().run()
    assert not app.exception, app.exception
    offered = [b.proto for b in app.get("download_button") if b.proto.label == "Download slides (PPTX)"]
    assert len(offered) == 1
    assert app.session_state[f"pack_2025_{app.selectbox(key='briefing_pilot').value}"][:2] == b"PK"  # a PPTX is a zip file
