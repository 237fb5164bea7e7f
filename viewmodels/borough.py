"""My borough: one borough's benchmark laid out as the page and its PDF show it."""

from __future__ import annotations

from dataclasses import dataclass

from figures.charts import Chart, profile_against_group, trend_lines
from models.benchmark import BoroughBenchmark
from models.numbers import NO_SCORE, format_score, format_signed
from models.summary import OVERALL
from reports.tables import profile_columns, profile_table
from survey.area_sets import active_area_set
from survey.areas import borough_names
from survey.framework import Framework
from viewmodels.common import SCORE, SIGNED, Metric, Table, formats_for, name_list, strength_and_gap_lines


@dataclass(frozen=True)
class BoroughView:
    """What the My borough page shows for one borough and round."""

    title: str
    caption: str
    profile_heading: str  # "Profile against London and similar boroughs"
    metrics: list[Metric]
    change: str  # since the previous round: score, level and rank range
    notes: str
    profile_chart: Chart
    profile_description: str
    profile: Table
    strengths_and_gaps: list[str]
    trend_chart: Chart
    trend_description: str
    trend: Table
    pilots: Table
    context_peers: list[str]
    maturity_peers: list[str]
    report_file_name: str


def borough_view(framework: Framework, benchmark: BoroughBenchmark) -> BoroughView:
    """Everything the My borough page shows, from the borough's benchmark in one round."""
    area_set = active_area_set()
    names = borough_names()
    borough, code, round_label = benchmark.name, benchmark.ons_code, benchmark.round.label
    comparison = benchmark.comparison
    notes = [benchmark.respondents_text]
    if benchmark.missing_dimensions:
        notes.append("Not assessed (too few answers): " + ", ".join(benchmark.missing_dimensions) + ".")
    above = comparison[comparison["score"] > comparison["london_median"]]["name"].tolist()
    profile = profile_table(benchmark.profile, borough)
    scores, signed = profile_columns()
    dimension_names = framework.dimension_names | {OVERALL: "Overall index"}
    trend = benchmark.trend.dropna(how="all")
    shown_trend = trend.rename(columns=dimension_names).reset_index().rename(columns={"round": "Round"})
    pilots = benchmark.pilots.drop(columns=["pilot"]).rename(columns={
        "name": "Pilot", "status": "Status", "margin": "Margin", "bottleneck": "Bottleneck"})
    return BoroughView(
        title=borough,
        caption=(f"Digital maturity benchmark · round {round_label} · ONS code {code} · share this page's link to "
                 f"open it on this {area_set.noun}"),
        profile_heading=f"Profile against {area_set.title} and similar {area_set.plural}",
        metrics=[
            Metric("Level", benchmark.level),
            Metric("Overall index", format_score(benchmark.overall, NO_SCORE)),
            Metric("Rank", benchmark.rank_text.split(" (")[0], caption=benchmark.rank_text,
                   help="Levels and rank ranges are the message, not the league table."),
            Metric(f"Change since {benchmark.previous_label}" if benchmark.previous_label else "Change",
                   format_signed(benchmark.change["change"]) if benchmark.change is not None else "—",
                   help="Overall index, this round minus the previous one, as written to two decimals."),
        ],
        change=benchmark.change_text,
        notes=" ".join(notes),
        profile_chart=Chart(profile_against_group, (comparison, borough, "Peer group", framework.level_names),
                            {"london": comparison["london_median"]}),
        profile_description=(
            f"Dot plot of {borough}'s score (circle) on each dimension against {area_set.possessive} median (triangle) "
            f"and the median (diamond) and range (bar) of its peer group ({name_list(benchmark.peer_group, names)}). "
            f"Above {area_set.possessive} median on {len(above)} of {len(comparison)} dimensions"
            + (f": {', '.join(above)}." if above else ".")),
        profile=Table(profile, formats_for([borough, *scores], SCORE) | formats_for(list(signed), SIGNED),
                      f"profile_{code}_{round_label}.csv",
                      helps={"To next level": "How far the score is below the next level's lower edge.",
                             f"vs {area_set.title}": f"Score minus {area_set.possessive} median: the largest gap is "
                                                     "listed first.",
                             "vs neighbours": "Score minus the median of its ONS statistical nearest neighbours."},
                      priority=(borough, "Level", f"vs {area_set.title}")),
        strengths_and_gaps=strength_and_gap_lines(benchmark.profile, "the peer group"),
        trend_chart=Chart(trend_lines, (trend, dimension_names, framework.level_names),
                          {"band_lowers": tuple(level.lower for level in framework.levels)}),
        trend_description=(f"Line chart of {borough}'s scores in each round it responded to, on a scale fitted to them "
                           "with the level bands marked; the thick black line is the overall index."),
        trend=Table(shown_trend, formats_for([c for c in shown_trend.columns if c != "Round"], SCORE)),
        pilots=Table(pilots, {"Margin": SIGNED}, priority=("Status", "Margin")),
        context_peers=[names[c] for c in benchmark.context_peers["neighbour_code"]],
        maturity_peers=[names[c] for c in benchmark.maturity_peers["neighbour_code"]],
        report_file_name=f"benchmark_{code}_{round_label}{'_provisional' if benchmark.round.provisional else ''}.pdf",
    )
