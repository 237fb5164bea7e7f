"""Method & data: the methodology with a live worked example, sensitivity, the framework,
sources and attribution, and the accessibility statement."""

import streamlit as st

from survey.areas import borough_names
from survey.access import LOCAL
from ui.access import current_person, get_policy
from ui.components import round_notice, show_table
from ui.data import (get_framework, get_settings, load_answers, load_ranks, load_round_framework, load_scores, load_sensitivity,
                     shared_view)
from ui.docs import methodology_sections
from ui.sidebar import current_selection
from viewmodels.method import (SensitivityView, WorkedExampleView, example_choices, example_dimension, framework_view,
                               method_words, privacy_notice, sensitivity_view, source_lines, worked_example_view)

framework = get_framework()
selection = current_selection()
words = method_words()


def shown_example(round_label: str, ons_code: str, measure: str) -> WorkedExampleView:
    scored_with = load_round_framework(round_label)
    return worked_example_view(scored_with, load_answers(round_label), load_ranks(round_label), round_label, ons_code,
                               example_dimension(scored_with, measure))


def shown_sensitivity(round_label: str) -> SensitivityView:
    return sensitivity_view(*load_sensitivity(round_label), round_label)


st.title("Method & data")
st.caption(f"{framework.title}, version {framework.version}")
before_example, before_sensitivity, after_sensitivity = methodology_sections("worked example", "sensitivity")
st.markdown(before_example)

st.header("Worked example from the current round")
if selection is None:
    st.info("No round is stored, so there is no worked example to show.")
elif not current_person().sees_respondents:
    round_notice(selection)
    st.info(words.example_withheld)
else:
    round_notice(selection)
    codes, default = example_choices(load_scores(selection.round), selection.borough)
    # The example follows the sidebar's borough whenever that changes; in between, another may be chosen here.
    if st.session_state.get("example_follows") != selection.borough or st.session_state.get("example_borough") not in codes:
        st.session_state["example_follows"] = selection.borough
        st.session_state["example_borough"] = codes[default]
    code = st.selectbox(words.example_choice, codes, format_func=borough_names().get, key="example_borough")
    example = shared_view(shown_example, selection.round, code, selection.measure)
    st.markdown(example.heading)
    show_table(example.answers, key="example_answers", width="content", hide_index=False)
    st.markdown("Question scores (mean of those who answered):\n\n" + "\n".join(f"- `{line}`" for line in example.item_lines))
    st.markdown(example.dimension_line)
    st.markdown(example.overall_line)
    show_table(example.dimension_scores, key="example_dimensions", width="content")

st.markdown(before_sensitivity)
if selection is not None:
    sensitivity = shared_view(shown_sensitivity, selection.round)
    show_table(sensitivity.summary, key="sensitivity")
    st.markdown(words.movers_heading)
    show_table(sensitivity.movers, key="sensitivity_movers")
st.markdown(after_sensitivity)

st.header("The framework")
st.markdown(f"{len(framework.dimensions)} dimensions, {len(framework.question_ids)} questions, version "
            f"{framework.version}. Each dimension serves a principle of the Local Digital Declaration.")
for dimension in framework_view(framework):
    with st.expander(dimension.title):
        st.markdown("\n".join(f"- {line}" for line in dimension.questions))
        show_table(dimension.levels, key=f"levels_{dimension.title}", width="content")

st.header("Data sources and attribution")
for line in source_lines():
    st.markdown(line)
if words.imd_note:
    st.markdown(words.imd_note)

st.header("Privacy notice")
settings = get_settings()
person = current_person()
st.markdown("\n\n".join(privacy_notice(settings, get_policy(settings).who_to_ask() if person.role != LOCAL
                                         else "the office that runs this dashboard")))
