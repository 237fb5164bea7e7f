"""Method & data: the methodology with a live worked example, sensitivity, the framework,
sources and attribution, and the accessibility statement."""

import pandas as pd
import streamlit as st

from models.explain import example_borough, worked_example
from models.summary import OVERALL
from survey.areas import borough_names
from ui.components import csv_download, round_notice
from survey.sources import load_sources
from ui.data import get_framework, load_answers, load_ranks, load_scores, load_sensitivity
from ui.docs import methodology_sections
from ui.sidebar import current_selection

framework = get_framework()
selection = current_selection()
names = borough_names()

st.title("Method & data")
st.caption(f"{framework.title}, version {framework.version}")
before_example, before_sensitivity, after_sensitivity = methodology_sections("worked example", "sensitivity")
st.markdown(before_example)


def render_worked_example(round_label: str, dimension_id: str) -> None:
    scores = load_scores(round_label)
    codes = sorted(scores.index, key=names.get)
    default = example_borough(scores)
    code = st.selectbox("Borough for the worked example", codes, index=codes.index(default),
                        format_func=names.get, key="example_borough")
    example = worked_example(load_answers(round_label), framework, code, dimension_id)
    dimension = framework.dimension(dimension_id)
    rank = load_ranks(round_label).loc[code, "rank_text"]

    st.markdown(f"**{names[code]}, round {round_label}: {dimension.name}.** "
                f"{len(example.answers)} respondent(s). Their answers (blank = not answered):")
    st.dataframe(example.answers.map(lambda v: "" if pd.isna(v) else f"{v:g}"), width="content")
    st.markdown("Question scores (mean of those who answered):\n\n" + "\n".join(f"- `{line}`" for line in example.item_lines))
    st.markdown(f"{dimension.name} score: `{example.dimension_line}`")
    st.markdown(f"Overall index (mean of the seven dimensions): `{example.overall_line}` → level **{example.level}**, "
                f"rank {rank}.")
    st.dataframe(
        pd.DataFrame({"Dimension": [framework.dimension(d).name for d in example.dimension_scores.index],
                      "Score": example.dimension_scores.to_numpy()}),
        hide_index=True, width="content", column_config={"Score": st.column_config.NumberColumn(format="%.2f")},
    )


st.subheader("Worked example from the current round")
if selection is None:
    st.info("No round is stored, so there is no worked example to show.")
else:
    round_notice(selection)
    dimension_id = selection.measure if selection.measure != OVERALL else framework.dimension_ids[0]
    render_worked_example(selection.round, dimension_id)

st.markdown(before_sensitivity)
if selection is not None:
    summary, movers = load_sensitivity(selection.round)
    shown = summary.rename(columns={"description": "Variant", "boroughs_compared": "Boroughs compared",
                                    "mean_abs_rank_change": "Mean rank change", "max_abs_rank_change": "Largest change"})
    st.dataframe(shown.drop(columns=["variant"]), hide_index=True, width="stretch",
                 column_config={"Mean rank change": st.column_config.NumberColumn(format="%.2f")})
    movers = movers.assign(borough=movers["ons_code"].map(names))
    descriptions = dict(zip(summary["variant"], summary["description"]))
    movers = movers.assign(variant=movers["variant"].map(descriptions))
    st.markdown("Boroughs that move most under each variant (negative = moves up):")
    st.dataframe(movers[["variant", "borough", "rank_method", "rank_variant", "change"]]
                 .rename(columns={"variant": "Variant", "borough": "Borough", "rank_method": "Rank (method)",
                                  "rank_variant": "Rank (variant)", "change": "Change"}),
                 hide_index=True, width="stretch")
    csv_download(summary, f"sensitivity_{selection.round}.csv", key="sensitivity_download")
st.markdown(after_sensitivity)

st.header("The framework")
st.markdown(f"{len(framework.dimensions)} dimensions, {len(framework.question_ids)} questions, version "
            f"{framework.version}. Each dimension serves a principle of the Local Digital Declaration.")
for dimension in framework.dimensions:
    with st.expander(f"{dimension.name} — principle {dimension.principle}: {framework.principles[dimension.principle]}"):
        st.markdown("\n".join(f"- **{q.id}** {q.text}" + (f" *(weight {q.weight:g})*" if q.weight != 1 else "")
                              for q in dimension.questions))
        st.table(pd.DataFrame({"Level": [f"{lv.value} {lv.name}" for lv in framework.levels],
                               "What it looks like": [dimension.descriptors[lv.value] for lv in framework.levels]})
                 .set_index("Level"))

st.header("Data sources and attribution")
for source in load_sources().values():
    st.markdown(f"**{source['title']}** — {source['publisher']}. Licence: {source['licence']}.  \n{source['attribution']}")
