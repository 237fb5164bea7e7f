"""Every page's view model on hand-built rounds, with the values worked out by hand.

The small round: Camden answers 2 to everything, Hackney 3, and Islington's two respondents 4
and 5 to everything but two cyber questions (so cyber fails the coverage rule and Islington has
no overall index). Scores: Camden 2.0 (Emerging), Hackney 3.0 (Developing), Islington 4.5 on
six dimensions. With a minimum of 2 respondents, Camden and Hackney have few.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from matplotlib.text import Text

from models.benchmark import ScoredRound, borough_benchmark, london_briefing
from models.clustering import MaturityClusters
from models.disclosure import disclosed
from models.readiness import readiness
from models.scoring import score_round
from models.sensitivity import sensitivity
from models.uncertainty import RankUncertainty
from survey.areas import borough_names
from survey.pilots import load_pilots
from survey.mapping import ColumnMapping
from survey.reading import read_survey
from survey.settings import UploadLimits
from tests.helpers import survey_csv, uniform_answers
from viewmodels.borough import borough_view
from viewmodels.links import borough_from_link, option_from_link
from viewmodels.briefing import briefing_view, scale_up_plan
from viewmodels.clusters import clusters_view
from viewmodels.common import SCORE, SHARE, SIGNED
from viewmodels.gaps import gap_map_view, gaps_view, target_choices
from viewmodels.method import (example_choices, example_dimension, framework_view, sensitivity_view, source_lines,
                               worked_example_view)
from viewmodels.overview import overview_view
from viewmodels.peers import peers_view, selectable_peers
from viewmodels.tables import shown_cells
from viewmodels.readiness import pilot_choices, readiness_view
from viewmodels.trends import comparison_view, earlier_rounds, trends_view
from viewmodels.upload import (StoredRound, audit_lines, history_view, introduction, preview_view, problems_view,
                               mapping_table, rounds_table, stored_round, target_labels)

CAMDEN, HACKNEY, ISLINGTON = "E09000007", "E09000012", "E09000019"
BARNET, BROMLEY, CROYDON = "E09000003", "E09000006", "E09000008"
NO_CYBER = {"cyber_1": None, "cyber_2": None}
MIN_RESPONDENTS = 2  # Camden and Hackney (one respondent each) have few; Islington (two) has enough
ALL_SEVEN = ["Leadership & strategy", "User-centred services", "Data & insight", "Technology & infrastructure",
             "Cyber security & resilience", "Skills & culture", "Collaboration & innovation"]


def _round(framework, label: str, respondents: dict) -> tuple[ScoredRound, pd.DataFrame]:
    answers = uniform_answers(framework, respondents)
    ranker = RankUncertainty(framework).fit(answers)
    scored = ScoredRound(label, disclosed(score_round(answers, framework), MIN_RESPONDENTS, respondent_detail=False),
                         lambda: (ranker.ranks_, ranker.overall_draws_), framework_version="1.0")
    return scored, answers


@pytest.fixture(scope="module")
def small(framework):
    return _round(framework, "2025", {CAMDEN: [2], HACKNEY: [3], ISLINGTON: [{"*": 4, **NO_CYBER}, {"*": 5, **NO_CYBER}]})


@pytest.fixture(scope="module")
def later(framework):
    """The next round: Camden and Hackney half a point higher, Islington unchanged."""
    return _round(framework, "2026", {CAMDEN: [2.5], HACKNEY: [3.5],
                                      ISLINGTON: [{"*": 4, **NO_CYBER}, {"*": 5, **NO_CYBER}]})[0]


@pytest.fixture(scope="module")
def two_groups(framework):
    """Three boroughs at 2 everywhere and three at 4: two clusters no resample can mix up."""
    return _round(framework, "2026", {c: [2] for c in (CAMDEN, HACKNEY, ISLINGTON)}
                  | {c: [4] for c in (BARNET, BROMLEY, CROYDON)})[0]


# Overview ---------------------------------------------------------------------------------------

def test_overview_headline_figures(framework, small):
    scored, _ = small
    view = overview_view(framework, scored.scores, scored.ranks, "2025", "overall")
    assert [(m.label, m.value, m.caption) for m in view.metrics] == [
        ("London median, Overall index", "2.50", "Level: **Emerging**"),  # median of 2.0 and 3.0
        ("Boroughs scored", "2 of 33", "3 responded to this round"),
        ("London's weakest dimension", "Cyber security & resilience", "Median score 2.50"),  # cyber: 2 and 3 only
    ]
    assert view.level_counts == {"Initial": 0, "Emerging": 1, "Developing": 1, "Embedded": 0, "Leading": 0,
                                 "Not assessed": 1, "No response": 30}
    assert view.caption == "Round 2025 · Overall index · levels from the framework v1.0 scoring method"


def test_overview_map_description_counts_every_category(framework, small):
    scored, _ = small
    view = overview_view(framework, scored.scores, scored.ranks, "2025", "overall")
    assert view.map_description == ("Map of the 33 boroughs by Overall index level in round 2025: 1 Emerging, "
                                    "1 Developing, 1 Not assessed, 30 No response. The table below lists every "
                                    "borough's score and level.")


def test_overview_table_carries_ranks_and_flags(framework, small):
    scored, _ = small
    table = overview_view(framework, scored.scores, scored.ranks, "2025", "overall").table
    rows = table.data.set_index("ONS code")
    assert rows.loc[[CAMDEN, HACKNEY, ISLINGTON], "Rank (likely range)"].tolist() == [
        "2nd of 2 (likely 2nd)", "1st of 2 (likely 1st)", "not ranked (overall index missing)"]
    assert rows.loc[ISLINGTON, "Not assessed (coverage rule)"] == "Cyber security & resilience"
    assert rows.loc[[CAMDEN, HACKNEY, ISLINGTON, "E09000001"], "Few respondents"].tolist() == ["Yes", "Yes", "", ""]
    assert rows.loc[ISLINGTON, "Largest disagreement"] == 1.0  # 5 - 4, between enough respondents
    assert rows.loc[[CAMDEN, HACKNEY], "Largest disagreement"].isna().all()  # few respondents: withheld
    assert rows.loc["E09000001", "Level"] == "No response"
    assert table.formats == {"Overall index": SCORE, "Largest disagreement": "whole"}
    assert table.file_name == "maturity_2025_overall.csv"


def test_office_staff_see_the_spread_of_a_borough_with_few_respondents(framework, small):
    _, answers = small
    scores = disclosed(score_round(answers, framework), MIN_RESPONDENTS, respondent_detail=True)
    rows = overview_view(framework, scores, small[0].ranks, "2025", "overall").table.data.set_index("ONS code")
    assert rows.loc[[CAMDEN, HACKNEY, ISLINGTON], "Largest disagreement"].tolist() == [0.0, 0.0, 1.0]
    assert rows.loc[[CAMDEN, HACKNEY, ISLINGTON], "Few respondents"].tolist() == ["Yes", "Yes", ""]


def test_the_overview_table_is_headed_by_the_borough_name_then_its_code(framework, small):
    scored, _ = small
    table = overview_view(framework, scored.scores, scored.ranks, "2025", "overall").table
    assert list(table.data.columns[:4]) == ["Borough", "ONS code", "Inner/Outer", "Overall index"]


def test_overview_on_a_dimension_has_no_rank_column(framework, small):
    scored, _ = small
    view = overview_view(framework, scored.scores, scored.ranks, "2025", "data")
    assert "Rank (likely range)" not in view.table.data.columns
    assert view.metrics[0].value == "3.00"  # data: 2.0, 3.0, 4.5


# My borough -------------------------------------------------------------------------------------

def test_borough_view_headline_and_notes(framework, small, later):
    benchmark = borough_benchmark(framework, {"2025": small[0], "2026": later}, "2026", CAMDEN, load_pilots(framework))
    view = borough_view(framework, benchmark)
    assert [(m.label, m.value, m.caption) for m in view.metrics] == [
        ("Level", "Emerging", ""), ("Overall index", "2.50", ""), ("Rank", "2nd of 2", "2nd of 2 (likely 2nd)"),
        ("Change since 2025", "+0.50", "")]
    # One respondent answering 2.5 everywhere: every draw re-scores Camden at 2.5, so the change is certain.
    assert view.change == ("Since round 2025: 2.00 → 2.50, +0.50 (likely +0.50 to +0.50), a clear rise; stayed Emerging. "
                           "Rank 2nd of 2 (likely 2nd) → 2nd of 2 (likely 2nd).")
    assert view.notes == ("1 respondent. Few respondents: only 1 person answered for Camden, so its scores may say "
                          "more about that person's view than about the council's.")
    assert view.report_file_name == "benchmark_E09000007_2026.pdf"


def test_borough_view_profile_against_london_and_peers(framework, small, later):
    benchmark = borough_benchmark(framework, {"2025": small[0], "2026": later}, "2026", CAMDEN, load_pilots(framework))
    view = borough_view(framework, benchmark)
    # Of Camden's ONS neighbours only Islington is in the round; London's medians: (2.5, 3.5, 4.5) -> 3.5, cyber 3.0.
    assert view.profile_description.endswith("peer group (Islington). Above London's median on 0 of 7 dimensions.")
    profile = view.profile.data.set_index("Dimension")
    assert profile.loc["Data & insight", ["Camden", "To next level", "London median", "vs London", "Neighbours' median",
                                          "vs neighbours"]].tolist() == [2.5, 0.1, 3.5, -1.0, 4.5, -2.0]
    assert profile.loc["Cyber security & resilience", ["London median", "vs London"]].tolist() == [3.0, -0.5]
    # Largest gap to London first: the six dimensions 1.0 below in framework order, then cyber 0.5 below.
    assert profile.index[0] == "Leadership & strategy" and profile.index[-1] == "Cyber security & resilience"
    assert view.trend.data["Overall index"].tolist() == [2.0, 2.5]
    # Its trend on an axis fitted to its scores with the level bands marked, as the PDF's and the Trends page's.
    assert view.trend_chart.kwargs == {"band_lowers": (1.0, 1.8, 2.6, 3.4, 4.2)}
    assert view.maturity_peers == ["Hackney", "Islington"]


# Peer comparison --------------------------------------------------------------------------------

def test_peers_view_against_a_hand_picked_group(framework, small):
    scores = small[0].scores
    view = peers_view(framework, scores, pd.Series(dtype=int), CAMDEN, "custom", "2025", [HACKNEY, ISLINGTON])
    assert view.group_line == "**2 peers:** Hackney, Islington"
    assert [(m.label, m.value) for m in view.metrics] == [("Camden: overall index", "2.00"),
                                                          ("Peer group median overall", "3.00")]  # Islington has none
    assert view.metrics[0].caption == "Few respondents"  # Camden: one respondent
    assert view.matrix.data["Few respondents"].tolist() == ["Yes", "Yes", ""]  # Camden, Hackney, Islington
    profile = view.profile.data.set_index("Dimension")
    # Peers 3.0 and 4.5: median 3.75, so Camden is 1.75 below; on cyber only Hackney (3.0) counts.
    assert profile.loc["Data & insight", ["Peer median", "Peer lowest", "Peer highest", "Difference from median"]
                       ].tolist() == [3.75, 3.0, 4.5, -1.75]
    assert profile.loc["Cyber security & resilience", "Difference from median"] == -1.0
    assert view.profile_description.endswith(f"below on 7 ({', '.join(ALL_SEVEN)}).")
    assert view.strengths_and_gaps[0].startswith("**Gap: Leadership & strategy** — 2.00 (Emerging), -1.00 against "
                                                 "London's median, -1.75 against these peers.")
    assert view.matrix.data.index.tolist() == ["Camden", "Hackney", "Islington"]
    assert view.why is None


def test_peers_view_signs_its_differences_and_writes_ons_distances_to_two_decimals(framework, small):
    scores = small[0].scores
    picked = peers_view(framework, scores, pd.Series(dtype=int), CAMDEN, "custom", "2025", [HACKNEY, ISLINGTON])
    cells = shown_cells(picked.profile)
    assert cells.loc[cells["Dimension"] == "Data & insight", "Difference from median"].tolist() == ["-1.75"]
    # Against its one ONS neighbour in the round, Islington (4.5 on data), Camden (2.0) is 2.50 below.
    context = peers_view(framework, scores, None, CAMDEN, "context", "2025")
    assert shown_cells(context.profile).set_index("Dimension").loc["Data & insight", "Difference from median"] == "-2.50"
    # Camden at 4.75 on data against peers at 3.0 and 4.5 (median 3.75).
    higher = scores.assign(data=pd.Series({CAMDEN: 4.75, HACKNEY: 3.0, ISLINGTON: 4.5}))
    ahead = peers_view(framework, higher, None, CAMDEN, "custom", "2025", [HACKNEY, ISLINGTON])
    assert shown_cells(ahead.profile).set_index("Dimension").loc["Data & insight", "Difference from median"] == "+1.00"
    # Camden's ONS neighbours (data/london_ons_nearest_neighbours_2025.csv): Westminster 4.28822, K&C 4.874652, ...
    assert shown_cells(context.why)["ONS distance"].tolist() == ["4.29", "4.87", "4.93", "5.79", "6.67"]


def test_peers_view_is_none_for_an_empty_group(framework, small):
    assert peers_view(framework, small[0].scores, pd.Series(dtype=int), CAMDEN, "custom", "2025", []) is None


def test_the_hand_picked_choices_are_every_other_borough_by_name():
    choices = selectable_peers(CAMDEN)
    assert len(choices) == 32 and CAMDEN not in choices
    assert choices[:2] == ["E09000002", "E09000003"]  # Barking and Dagenham, Barnet


# Clusters ---------------------------------------------------------------------------------------

def test_clusters_view_on_two_separate_groups(framework, two_groups):
    model = MaturityClusters(framework).fit(two_groups.scores[list(framework.dimension_ids)])
    view = clusters_view(framework, two_groups.scores, model, "2026")
    assert [(m.label, m.value) for m in view.metrics] == [("Clusters", "2"), ("Silhouette", "1.00"), ("Stability", "1.00")]
    assert view.map_description == ("Map of the 33 boroughs by cluster: 3 Cluster 1, 3 Cluster 2, 27 No response. "
                                    "Members are listed below.")
    assert list(view.clusters.data.columns[:3]) == ["Cluster", "Boroughs", "Leadership & strategy"]
    members = view.clusters.data.set_index("Cluster")["Members"]
    assert members.to_dict() == {"Cluster 1": "Barnet, Bromley, Croydon", "Cluster 2": "Camden, Hackney, Islington"}
    assert view.excluded == ""
    assert view.choice == "2 clusters have the highest silhouette, so the map uses 2."
    assert view.download.file_name == "clusters_2026.csv"


def test_clusters_view_names_the_boroughs_left_out(framework, small):
    scored, _ = small
    extra = _round(framework, "2025", {c: [v] for c, v in zip(("E09000001", "E09000002", "E09000003", "E09000004"),
                                                                (1, 2, 4, 5))})[0].scores
    scores = pd.concat([scored.scores, extra])
    model = MaturityClusters(framework, n_bootstrap=5).fit(scores[list(framework.dimension_ids)])
    assert clusters_view(framework, scores, model, "2025").excluded == (
        "Not clustered (a dimension has no score): Islington.")


# Capability gaps --------------------------------------------------------------------------------

def test_the_target_choices_leave_out_the_lowest_level_and_preselect_the_setting(framework):
    assert target_choices(framework, "Developing") == (["Emerging", "Developing", "Embedded", "Leading"], 1)


def test_gaps_view_at_developing(framework, small):
    view = gaps_view(framework, small[0].scores, "2025", "Developing", "overall")
    assert view.caption == "Round 2025. Target: Developing (a score of 2.6 or more)."
    assert [(m.label, m.value) for m in view.metrics] == [
        ("Weakest dimension (lowest median)", "Cyber security & resilience"),  # median 2.5, the rest 3.0
        ("Most boroughs below target", "Cyber security & resilience")]  # 1 of 2, the rest 1 of 3
    assert view.metrics[1].caption.startswith("1 of 2 boroughs below Developing; then ")
    levels = view.levels.data.set_index("Dimension")
    assert levels.loc["Cyber security & resilience", ["Boroughs assessed", "Below Developing"]].tolist() == [2, 1]
    assert levels.loc["Data & insight", "Share below Developing"] == pytest.approx(1 / 3)
    assert view.levels.formats == {"Median": SCORE, "Share below Developing": SHARE}
    assert view.map_dimension == "cyber"  # overall is chosen in the sidebar: the map opens on the worst


def test_gap_map_view_lists_boroughs_most_dimensions_below_first(framework, small):
    view = gap_map_view(framework, small[0].scores, "2025", "Developing", "data")
    assert view.map_description == ("Map of the 33 boroughs by gap to Developing in Data & insight: 1 0.5 or more "
                                    "above, 1 At or up to 0.5 above, 1 More than 0.5 below, 30 No response. The table "
                                    "below lists every borough's gaps.")
    rows = view.boroughs.data
    assert list(rows.columns[:4]) == ["Borough", "ONS code", "Few respondents", "Leadership & strategy"]
    assert rows["Borough"].tolist() == ["Camden", "Hackney", "Islington"]
    assert rows["Few respondents"].tolist() == ["Yes", "Yes", ""]
    assert rows["Dimensions below Developing"].tolist() == [7, 0, 0]
    assert rows["Data & insight"].tolist() == pytest.approx([-0.6, 0.4, 1.9])  # minus the lower edge 2.6
    assert view.boroughs.formats["Data & insight"] == SIGNED


# Pilot readiness --------------------------------------------------------------------------------

def test_pilot_choices_end_with_a_custom_pilot(framework):
    choices = pilot_choices(load_pilots(framework))
    assert list(choices)[-1] == "custom" and len(choices) == 7


def test_readiness_view_for_one_requirement(framework, small):
    view = readiness_view(framework, small[0].scores, {CAMDEN: [HACKNEY, ISLINGTON]}, "2025", "custom", {"data": 3.0},
                          0.5, running_in=(HACKNEY,))
    assert view.needs == "**Needs:** Data & insight at least 3.00"
    # Camden 2.0 - 3.0 = -1.0 (Not yet); Hackney 0.0 and Islington +1.5 (Ready).
    assert view.counts == {"Ready": 2, "Nearly ready": 0, "Not yet": 1, "Not assessed": 0, "No response": 30}
    rows = view.boroughs.data
    assert rows["Borough"].tolist() == ["Islington", "Hackney", "Camden"]
    assert rows["Few respondents"].tolist() == ["", "Yes", "Yes"]
    assert rows["Margin"].tolist() == [1.5, 0.0, -1.0]
    assert rows["Pilot runs here"].tolist() == [False, True, False]
    assert rows["Uplift: Data & insight"].tolist() == [0.0, 0.0, 1.0]
    assert rows["Suggested partners"].tolist() == ["—", "—", "Hackney, Islington"]  # a ready borough needs none
    assert view.rule.startswith("Ready: every required dimension at or above its minimum. Nearly ready: the weakest "
                                "is at most 0.5 below.")
    assert view.boroughs.file_name == "readiness_custom_2025.csv"


# Trends -----------------------------------------------------------------------------------------

def test_trends_view_medians(framework, small, later):
    view = trends_view(framework, {"2025": small[0], "2026": later})
    assert view.notes == []
    assert view.medians_description.endswith("The median overall index went from 2.50 in 2025 to 3.00 in 2026 (+0.50).")
    assert view.medians.data["Data & insight"].tolist() == [3.0, 3.5]
    assert view.medians.priority[0] == "Overall index"  # kept beside the round where the page is too narrow for all


def test_trends_view_heads_and_notes_a_provisional_round(framework, small, later):
    provisional = replace(later, provisional=True)  # as office staff are given it
    view = trends_view(framework, {"2025": small[0], "2026": provisional})
    assert view.notes == ["Provisional round 2026: not yet published, so shown to office staff only and left out of every "
                          "trend, comparison and document that members and the public see."]
    assert view.medians.data["Round"].tolist() == ["2025", "2026 (provisional)"]
    comparison = comparison_view(framework, small[0], provisional)
    assert comparison.movers_heading.startswith("**Biggest movers, 2025 → 2026 (provisional)** (overall index, among the 2 "
                                                "boroughs with an overall index in both")
    assert list(comparison.movers.data.columns[2:4]) == ["2025", "2026 (provisional)"]
    assert comparison.movers.file_name == "movers_2025_2026.csv"


def test_trends_view_compares_the_median_over_the_boroughs_scored_in_both_rounds(framework, small):
    # 2025 scores Camden 2 and Hackney 3 (Islington has no cyber score); 2026 scores Camden 2.5 and Barnet 4.
    # Only Camden is scored in both: its 2.00 -> 2.50, not the rounds' medians 2.50 -> 3.25.
    changed = _round(framework, "2026", {CAMDEN: [2.5], BARNET: [4]})[0]
    view = trends_view(framework, {"2025": small[0], "2026": changed})
    assert view.medians_description.endswith("Across the 1 borough with an overall index in both 2025 and 2026, the "
                                             "median overall index went from 2.00 in 2025 to 2.50 in 2026 (+0.50).")


def test_comparison_view_movers_and_transitions(framework, small, later):
    view = comparison_view(framework, small[0], later)
    movers = view.movers.data
    assert movers["Borough"].tolist() == ["Camden", "Hackney"]
    assert movers["Few respondents"].tolist() == ["Yes", "Yes"]  # one respondent each, in both rounds
    assert movers["Change"].tolist() == [0.5, 0.5]
    assert movers["Verdict"].tolist() == ["clear rise", "clear rise"]
    assert movers["Level"].tolist() == ["stayed Emerging", "moved up into Embedded"]
    # Camden stays Emerging (2.0 -> 2.5); Hackney crosses 3.4 into Embedded; Islington stays Not assessed.
    assert view.transitions.data.loc["Developing", "Embedded"] == 1
    assert (view.transitions.data.index.name, view.transitions.data.columns.name) == ("Level in 2025", None)
    assert view.transitions_caption == ("3 boroughs in both rounds. Of the 2 with an overall index in both, 1 moved up a "
                                        "level (clearly) and 0 moved down.")
    assert "(overall index, among the 2 boroughs with an overall index in both rounds)" in view.movers_heading


def test_the_earlier_round_choices_follow_round_order():
    assert earlier_rounds(["2024", "2025", "2026"], "2026") == ["2024", "2025"]
    assert earlier_rounds(["spring", "autumn"], "autumn") == ["spring"]


# Committee briefing -----------------------------------------------------------------------------

def test_briefing_view(framework, small, two_groups):
    library = load_pilots(framework)
    model = MaturityClusters(framework).fit(two_groups.scores[list(framework.dimension_ids)])
    briefing = london_briefing(framework, {"2025": small[0], "2026": two_groups}, "2026", library,
                               library.get("damp_sensors"), target_level="Developing", clusters=model)
    view = briefing_view(framework, briefing)
    assert view.title == "London's digital maturity, round 2026"
    assert [(m.label, m.value) for m in view.metrics] == [
        ("London median", "3.00"), ("Boroughs scored", "6 of 33"), ("Weakest dimension", "Leadership & strategy")]
    assert view.level_map.description == ("Map of the 33 boroughs by overall index level: 3 Emerging, 3 Embedded, "
                                          "27 No response. The Overview page lists every borough.")
    assert view.gaps.heading == "Capability gaps: boroughs below Developing"
    assert "Data & insight: 3 of 6 below Developing" in view.gaps.description
    gaps = view.gaps.table.data.set_index("Dimension")
    assert gaps.loc["Data & insight", ["Emerging", "Embedded", "Below Developing"]].tolist() == [3, 3, 3]
    assert view.gaps.table.file_name is None  # the Capability gaps page offers the same table as CSV
    assert view.gaps.table_summary == "The chart's numbers as a table (the Capability gaps page offers them as CSV)"
    assert view.readiness_line == "**Ready** 3 · **Nearly ready** 0 · **Not yet** 3 · **Not assessed** 0"
    # Hackney went from 3.0 to 2.0; Camden stayed at 2.0; Islington had no overall index in 2025.
    assert view.change == ("The biggest movers among the 2 boroughs with an overall index in both round 2025 and "
                           "round 2026:\n- **Hackney** (few respondents) 3.00 → 2.00, -1.00 (likely -1.00 to -1.00), "
                           "a clear fall; "
                           "moved down into Emerging")


# Method & data ----------------------------------------------------------------------------------

def test_worked_example_view(framework, small):
    scored, answers = small
    view = worked_example_view(framework, answers, scored.ranks, "2025", ISLINGTON, "leadership")
    assert view.heading == ("**Islington, round 2025: Leadership & strategy.** 2 respondents. Their answers "
                            "(blank = not answered):")
    assert view.item_lines[0] == "leadership_1: (4 + 5) / 2 = 4.50"
    assert view.dimension_line == "Leadership & strategy score: `(4.50 + 4.50 + 4.50 + 4.50) / 4 = 4.50`"
    assert view.overall_line == ("Overall index (mean of the seven dimensions): `not calculated: Cyber security & "
                                 "resilience not assessed` → level **Not assessed**, rank not ranked (overall index missing).")
    assert view.answers.data.loc["r2"].tolist() == ["5", "5", "5", "5"]
    assert view.answers.data.index.name == "Respondent"


def test_the_worked_example_opens_on_a_dimension(framework):
    assert example_dimension(framework, "overall") == "leadership"
    assert example_dimension(framework, "data") == "data"


def test_the_worked_example_choices_are_the_round_s_boroughs(small):
    codes, default = example_choices(small[0].scores)
    assert codes == [CAMDEN, HACKNEY, ISLINGTON]
    assert codes[default] in codes


def test_the_worked_example_opens_on_the_sidebar_s_borough_when_it_responded(small):
    assert example_choices(small[0].scores, HACKNEY) == ([CAMDEN, HACKNEY, ISLINGTON], 1)
    assert example_choices(small[0].scores, ISLINGTON) == ([CAMDEN, HACKNEY, ISLINGTON], 2)
    not_in_round = example_choices(small[0].scores, "E09000001")  # the City of London did not respond
    assert not_in_round == example_choices(small[0].scores)


def test_sensitivity_view_names_variants_and_boroughs(framework, small):
    _, answers = small
    view = sensitivity_view(*sensitivity(answers, framework), "2025")
    # Without the coverage rule Islington is scored too, but every variant ranks the same boroughs
    # (Camden and Hackney, scored under all of them), so nobody moves for Islington's sake.
    assert view.summary.data["Boroughs compared"].tolist() == [2, 2, 2]
    assert view.summary.data["Largest change"].tolist() == [0, 0, 0]
    assert view.movers.data.empty


def test_framework_view_lists_questions_and_descriptors(framework):
    first = framework_view(framework)[0]
    assert first.title == "Leadership & strategy — principle 4: Demonstrate digital leadership"
    assert len(first.questions) == 4 and first.questions[0].startswith("**leadership_1** ")
    assert first.levels.data.index.tolist() == ["1 Initial", "2 Emerging", "3 Developing", "4 Embedded", "5 Leading"]


def test_source_lines_carry_the_licence(framework):
    assert "Licence: Open Government Licence v3.0." in source_lines()[0]


# Upload data ------------------------------------------------------------------------------------

def test_the_introduction_states_the_configured_limits():
    assert introduction(UploadLimits(max_bytes=2_500_000, max_rows=12_000, max_columns=200, max_cells=250_000)).endswith(
        "Largest file: 2.5 MB, 12,000 responses, 200 columns.")


def test_preview_view_of_a_valid_file(framework):
    camden = {q: 3 for q in framework.question_ids} | {"leadership_2": "3 - Developing", "data_1": "Level 2"}
    data = survey_csv(framework, [{"borough": "Camden", "respondent": "a", **camden},
                                  {"borough": "LB Hackney", "respondent": "b", "leadership_1": "Embedded"}])
    view = preview_view(framework, read_survey(data, framework, round_label="2026"))
    # "Embedded" and "3 - Developing" give a level's name; "Level 2" and the numbers do not.
    assert [(m.label, m.value) for m in view.metrics] == [
        ("Boroughs", "2 of 33"), ("Respondents", "2"), ("Answers given with a level name", "2"),
        ("Blank or \"Don't know\"", "27")]  # Hackney's respondent answered one question of 28
    assert view.missing.startswith("No response from: City of London, Barking and Dagenham, Barnet,")  # ONS order
    assert view.notes == ["Note: 27 answer(s) were blank or 'Don't know' and count as not answered."]  # boroughs once
    completeness = view.completeness.data.set_index("Dimension")["Answered"]
    assert completeness["Leadership & strategy"] == 5 / 8 and completeness["Data & insight"] == 4 / 8


def test_the_mapping_table_gives_whole_questions_and_the_list_ends_them_at_a_word(framework):
    assert target_labels(framework)["leadership_1"] == ("leadership_1 · We have a current digital strategy that is funded, "
                                                        "owned by a named executive and reviewed at least yearly.")
    assert target_labels(framework, shortened=True)["leadership_1"] == (
        "leadership_1 · We have a current digital strategy that is …")
    assert all(len(label) <= 60 for label in target_labels(framework, shortened=True).values())
    shortened = {q.id: target_labels(framework, shortened=True)[q.id] for q in framework.questions}
    for q in framework.questions:
        whole = f"{q.id} · {q.text}"
        kept = shortened[q.id].removesuffix(" …")
        assert whole.startswith(kept) and (kept == whole or whole[len(kept)] == " ")  # never cut mid-word


def test_problems_view_of_a_bad_file(framework):
    data = survey_csv(framework, [{"borough": "Atlantis", "respondent": "a", "leadership_1": 9}])
    view = problems_view(read_survey(data, framework, round_label="2026"))
    assert view.heading.startswith("**2 problems found: nothing can be saved until they are fixed.**")
    assert view.problems.file_name == "upload_problems.csv"


def test_history_view_marks_the_current_version():
    history = pd.DataFrame({"version": [1, 2], "current": [False, True], "status": ["published", "provisional"],
                            "source_sha256": ["a" * 64, "b" * 64], "kept_sha256": ["c" * 64, "d" * 64],
                            "source_name": ["round.xlsx", ""]})
    view = history_view("2026", history)
    assert (view.version_numbers, view.current) == ([1, 2], 2)
    # What downloads is the file as mapped, a CSV; a version saved without a file name is named by its round.
    assert view.file_names == {1: "round_as_mapped.csv", 2: "2026_v2_as_mapped.csv"}
    assert view.versions.data["Uploaded SHA-256 (start)"].tolist() == ["a" * 16, "b" * 16]
    assert view.versions.data["Kept as mapped SHA-256 (start)"].tolist() == ["c" * 16, "d" * 16]
    assert view.heading == ("**History of round 2026** (every saved version is kept, with the columns the benchmark "
                            "read from its file: the uploaded file itself is not kept)")


def test_the_stored_rounds_table_names_its_columns_and_leaves_out_the_framework_fingerprint():
    rounds = pd.DataFrame({"round": ["2025"], "version": [3], "status": ["published"], "framework_version": ["1.0"],
                           "framework_sha256": ["f" * 64], "synthetic": [True], "saved_at": [pd.Timestamp("2026-11-27")],
                           "boroughs": [30], "respondents": [44]})
    assert list(rounds_table(rounds).data.columns) == ["Round", "Current version", "Status", "Framework", "Synthetic",
                                                       "Saved", "Boroughs", "Respondents"]


def test_stored_round_says_whether_a_save_replaces_and_from_which_version():
    rounds = pd.DataFrame({"round": ["2025", "2026"], "version": [3, 1], "status": ["published", "provisional"]})
    assert stored_round(rounds, "2025") == StoredRound(True, 3, False)
    assert stored_round(rounds, "2026") == StoredRound(True, 1, True)
    assert stored_round(rounds, "2027") == StoredRound(False, None, False)


def test_audit_lines_are_newest_first_with_text_from_people_escaped():
    audit = pd.DataFrame({"at": pd.to_datetime(["2026-11-03 09:00", "2026-11-04 10:30"]),
                          "actor": ["a_b@office.example", "[x](http://evil)"], "action": ["save", "publish"],
                          "round": ["2026", "2026"], "version_before": pd.array([pd.NA, 1], dtype="Int64"),
                          "version_after": pd.array([1, 1], dtype="Int64"), "detail": ["file *x*.csv", ""]})
    assert audit_lines(audit) == [
        "2026-11-04 10:30 · **\\[x\\]\\(http://evil\\)** · publish · version 1 → 1",
        "2026-11-03 09:00 · **a\\_b@office\\.example** · save · version – → 1 · file \\*x\\*\\.csv",
    ]


# Shared links -----------------------------------------------------------------------------------

def test_a_link_borough_resolves_from_a_code_in_any_case_or_a_name():
    assert [borough_from_link(v).value for v in ("E09000007", "e09000007", "camden", "LB Camden")] == [CAMDEN] * 4


def test_a_link_borough_that_names_nothing_says_why():
    choice = borough_from_link("E09000099")
    assert choice.value is None
    assert choice.problem == ("The link asks for borough 'E09000099', which this dashboard does not know: "
                              "'E09000099' is not a London borough ONS code (E09000001-E09000033).")


def test_a_link_option_matches_its_value_or_label_in_any_case():
    options = {"overall": "Overall index", "data": "Data & insight"}
    assert option_from_link("DATA & INSIGHT", options, "measure").value == "data"
    assert option_from_link("Overall", options, "measure").value == "overall"
    assert option_from_link("speed", options, "measure").problem == (
        "The link asks for measure 'speed', which is not one of: Overall index, Data & insight.")


def test_the_scale_up_plan_gives_each_nearly_ready_borough_its_uplift_and_partner(framework):
    # Data & insight must reach 3.0 (band 0.5): Camden 3.2 ready; Hackney 2.75 and Islington 2.6 nearly ready;
    # Barnet 1.0 not yet. Hackney's neighbours include Camden (ready); Islington's only Hackney (not ready).
    scores = pd.DataFrame({"data": [3.2, 2.75, 2.6, 1.0]}, index=[CAMDEN, HACKNEY, ISLINGTON, BARNET])
    table = readiness(scores, {"data": 3.0}, 0.5, peers={HACKNEY: [ISLINGTON, CAMDEN], ISLINGTON: [HACKNEY]})
    cards = scale_up_plan(table, framework.dimension_names, borough_names(), {HACKNEY, BARNET})
    assert [(c.borough, c.lines) for c in cards] == [
        ("Hackney", ["Wave 2: after one uplift · margin -0.25 · few respondents", "Raise Data & insight by 0.25",
                     "Partner: Camden"]),
        ("Islington", ["Wave 2: after one uplift · margin -0.40", "Raise Data & insight by 0.40",
                       "Partner: no ready neighbour yet"]),
    ]


def test_the_briefing_gaps_chart_writes_no_text_under_18_pixels(framework, small, two_groups):
    library = load_pilots(framework)
    briefing = london_briefing(framework, {"2025": small[0], "2026": two_groups}, "2026", library,
                               library.get("damp_sensors"), target_level="Developing")
    view = briefing_view(framework, briefing)
    figure = view.gaps.chart.draw(940)
    sizes = {t.get_fontsize() for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()}
    assert min(sizes) == 18


def test_the_mapping_table_names_a_question_by_its_id_where_the_column_already_gives_its_text(framework):
    whole = "We have a current digital strategy that is funded, owned by a named executive and reviewed at least yearly."
    mapping = ColumnMapping(header_row=1, skipped_rows=(), columns=(f"Q3. {whole}", "lead 2", "Which borough?"),
                            targets=("leadership_1", "leadership_2", "borough"),
                            reasons=("question text", "question id", "column name"))
    shown = mapping_table(mapping, framework).data
    assert shown["Maps to"].tolist() == [
        "leadership_1 · the same question",  # the column's text, less its "Q3." numbering
        "leadership_2 · Senior officers and elected members actively sponsor digital change and talk about it in public.",
        "borough"]
