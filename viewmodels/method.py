"""Method & data: the worked example, how much ranks depend on the method, the framework, the sources."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from models.explain import example_borough, worked_example
from models.numbers import counted, join_names
from models.summary import OVERALL
from survey.area_sets import active_area_set
from survey.areas import borough_names
from survey.framework import Framework
from survey.settings import Settings
from survey.sources import load_sources
from viewmodels.common import SCORE, Table


@dataclass(frozen=True)
class WorkedExampleView:
    """One borough's score worked out by hand from its answers."""

    heading: str
    answers: Table  # respondents x questions, answers as text (blank = not answered)
    item_lines: list[str]
    dimension_line: str
    overall_line: str
    dimension_scores: Table


@dataclass(frozen=True)
class SensitivityView:
    """How ranks move under other reasonable method choices."""

    summary: Table
    movers: Table


@dataclass(frozen=True)
class MethodWords:
    """The Method page's own sentences, in the area set's words."""

    example_withheld: str  # why a member or visitor sees no worked example
    example_choice: str  # the worked example's area picker
    movers_heading: str  # above the sensitivity's movers
    imd_note: str  # the set's councils without IMD 2019 ("" where every one has it)


def method_words() -> MethodWords:
    """What the Method page says around its live content, in the active area set's words."""
    area_set = active_area_set()
    return MethodWords(
        example_withheld=("The worked example shows individual respondents' answers, so only the office that runs the "
                          f"survey sees it. Every {area_set.noun}'s scores are made by the method above; the Overview "
                          "table lists them."),
        example_choice=f"{area_set.heading_noun} for the worked example",
        movers_heading=f"{area_set.heading_plural} that move most under each variant (negative = moves up):",
        imd_note=imd_note(),
    )


def imd_note() -> str:
    """"IMD 2019 is not available for 7 councils created since 2019 (Buckinghamshire, ...)." where the set's context
    has areas with no IMD 2019 figure (councils made after the index was published); "" where every area has one."""
    area_set = active_area_set()
    if area_set.context is None:
        return ""
    missing = area_set.context.index[area_set.context["imd2019_average_score"].isna()]
    if missing.empty:
        return ""
    names = [area_set.names[code] for code in missing]
    return (f"IMD 2019 is not available for {counted(len(names), area_set.noun, area_set.plural)} created since 2019 "
            f"({join_names(names)}): the IMD 2019 context variables are blank for "
            f"{'it' if len(names) == 1 else 'them'}.")


@dataclass(frozen=True)
class DimensionView:
    """One framework dimension's questions and level descriptors."""

    title: str
    questions: list[str]
    levels: Table  # index: level


def example_choices(scores: pd.DataFrame, chosen: str | None = None) -> tuple[list[str], int]:
    """The boroughs of a round by name, and the index of the one the worked example opens on: the sidebar's
    borough (``chosen``) when it responded to the round, else one that shows the most (``example_borough``)."""
    names = borough_names()
    codes = sorted(scores.index, key=names.__getitem__)
    return codes, codes.index(chosen if chosen in codes else example_borough(scores))


def example_dimension(framework: Framework, measure: str) -> str:
    """The dimension the worked example follows: the sidebar's measure, else the first dimension."""
    return measure if measure != OVERALL else framework.dimension_ids[0]


def worked_example_view(framework: Framework, answers: pd.DataFrame, ranks: pd.DataFrame, round_label: str,
                        ons_code: str, dimension_id: str) -> WorkedExampleView:
    """One borough's dimension score and overall index worked out from its respondents' answers."""
    example = worked_example(answers, framework, ons_code, dimension_id)
    dimension = framework.dimension(dimension_id)
    return WorkedExampleView(
        heading=(f"**{borough_names()[ons_code]}, round {round_label}: {dimension.name}.** "
                 f"{counted(len(example.answers), 'respondent')}. Their answers (blank = not answered):"),
        answers=Table(example.answers.map(lambda v: "" if pd.isna(v) else f"{v:g}").rename_axis("Respondent")),
        item_lines=example.item_lines,
        dimension_line=f"{dimension.name} score: `{example.dimension_line}`",
        overall_line=(f"Overall index (mean of the seven dimensions): `{example.overall_line}` → level "
                      f"**{example.level}**, rank {ranks.loc[ons_code, 'rank_text']}."),
        dimension_scores=Table(pd.DataFrame({
            "Dimension": [framework.dimension(d).name for d in example.dimension_scores.index],
            "Score": example.dimension_scores.to_numpy()}), {"Score": SCORE}),
    )


def sensitivity_view(summary: pd.DataFrame, movers: pd.DataFrame, round_label: str) -> SensitivityView:
    """``models.sensitivity.sensitivity``'s two tables, in words."""
    area_set = active_area_set()
    descriptions = dict(zip(summary["variant"], summary["description"]))
    shown = summary.rename(columns={"description": "Variant", "boroughs_compared": f"{area_set.heading_plural} compared",
                                    "mean_abs_rank_change": "Mean rank change", "max_abs_rank_change": "Largest change"})
    moved = pd.DataFrame({
        "Variant": movers["variant"].map(descriptions), area_set.heading_noun: movers["ons_code"].map(borough_names()),
        "Rank (method)": movers["rank_method"], "Rank (variant)": movers["rank_variant"], "Change": movers["change"]})
    return SensitivityView(
        summary=Table(shown.drop(columns=["variant"]), {"Mean rank change": SCORE}, f"sensitivity_{round_label}.csv"),
        movers=Table(moved),
    )


def framework_view(framework: Framework) -> list[DimensionView]:
    """Each dimension's questions (with non-default weights) and level descriptors."""
    return [
        DimensionView(
            title=f"{d.name} — principle {d.principle}: {framework.principles[d.principle]}",
            questions=[f"**{q.id}** {q.text}" + (f" *(weight {q.weight:g})*" if q.weight != 1 else "") for q in d.questions],
            levels=Table(pd.DataFrame({"Level": [f"{lv.value} {lv.name}" for lv in framework.levels],
                                       "What it looks like": [d.descriptors[lv.value] for lv in framework.levels]})
                         .set_index("Level")),
        )
        for d in framework.dimensions
    ]


def source_lines() -> list[str]:
    """One Markdown paragraph per data source: title, publisher, licence and attribution."""
    return [f"**{s['title']}** — {s['publisher']}. Licence: {s['licence']}.  \n{s['attribution']}"
            for s in load_sources().values()]


def privacy_notice(settings: Settings, who_to_ask: str) -> list[str]:
    """The privacy notice as Markdown paragraphs, with the retention and keeping periods this deployment is set to.

    Parameters
    ----------
    who_to_ask : str
        Whom people write to about their data (the access file's contact, else the office's emails).
    """
    area_set = active_area_set()
    retention = int(settings["privacy.retention_days"])
    originals = int(settings["privacy.keep_originals_days"])
    kept_as_is = (f"The file as it arrived is also kept for {originals} days, for troubleshooting, then removed."
                  if originals else "The file as it arrived is not kept.")
    return [
        f"**What is kept.** For each survey response: the {area_set.noun}, the answers (levels 1 to 5, or none), the role if "
        "the survey asked for it, and the respondent's identifier as a *pseudonym* (a keyed hash: the same person "
        "gets the same pseudonym, which cannot be turned back into their name or email without a key kept apart "
        "from the data; codes such as \"R1\" are kept as given). The other columns of an uploaded file (email "
        "addresses, names, IP addresses, locations, times and export details) are dropped before anything is "
        "stored; what is kept of the file is the columns read, with its name, size and fingerprint. " + kept_as_is,
        "**Answers given in the dashboard** are kept with the member's email while the round is open, to save their "
        "draft; when the round closes the email is replaced by the pseudonym, and their answers and optional "
        f"comments are removed {retention} days after closing (the round's scores stay). Signing in uses the email "
        "your council's identity provider gives; the dashboard keeps it only in the record of changes that office "
        "staff make.",
        "**Who sees it.** Office staff who run the survey see everything, including each respondent's answers. "
        f"{area_set.heading_noun} staff who sign in see published rounds' {area_set.noun}-level figures; where a "
        f"{area_set.noun} has few "
        "respondents, respondent-level detail is withheld. Where the office makes published rounds public, visitors "
        "see the same. Nobody but office staff sees a provisional round.",
        f"**How long.** A round is kept until the office deletes it, then removed for good {retention} days later. "
        "The record of changes keeps who did what and when, never the answers.",
        f"**Your rights.** To see, correct or erase your answers, write to {who_to_ask}. The office can erase one "
        "person's answers from every round (`python -m survey erase`, or the Upload page); the scores are then "
        "worked out again. Each council decides its own lawful basis for the survey (docs/data-protection.md).",
        f"**Settings that change this**: `privacy.retention_days` ({retention}), `privacy.keep_originals_days` "
        f"({originals}), `privacy.pseudonym_key_file`.",
    ]
