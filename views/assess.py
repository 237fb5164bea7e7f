"""Self-assessment: a member answers an open round, one dimension at a time, saved as they go."""

import streamlit as st

from models.numbers import counted
from survey.areas import borough_names
from survey.assessment import DONT_KNOW
from survey.store import StoreConflict
from ui.access import current_person
from ui.components import show_table
from ui.data import get_assessments, load_collection_framework, load_rounds
from viewmodels.assessment import answer_options, benchmark_link, benchmark_pending, own_profile, progress, steps

person = current_person()
online = get_assessments()
borough = borough_names()[person.borough]
st.title(f"Self-assessment: {borough}")

open_now = online.open_collections()
if not open_now:
    st.info("No round is open for answers now. The office will tell you when the next one opens.")
    st.stop()
labels = [c.label for c in open_now]
label = labels[0] if len(labels) == 1 else st.selectbox("Round", labels, key="assess_round")
collection = next(c for c in open_now if c.label == label)
framework = load_collection_framework(collection)
draft = online.draft(label, person.email, person.borough)
st.caption(f"Round {label} · open until {collection.closes:%d %B %Y} · answering for {borough}. Every answer is "
           "saved as you give it: you can close this page and come back.")

if draft.submitted:
    st.success(f"You submitted your answers to round {label}. Thank you.", icon=":material/task_alt:")
    st.header("Your answers against the framework's levels")
    show_table(own_profile(framework, draft), key="own_profile", width="content")
    published = load_rounds()
    if label in set(published["round"]):
        st.page_link("views/borough.py", label=benchmark_link(borough), icon=":material/location_city:")
    else:
        st.info(benchmark_pending(borough, label))
    if st.button("Reopen my answers to change them", key="reopen"):
        online.reopen(draft)
        st.rerun()
    st.stop()

share, sentence = progress(framework, draft)
st.progress(share, text=sentence)
all_steps = steps(framework, draft)
titles = {s.dimension: s.title for s in all_steps}  # fixed labels: a label that changes would reset the choice
chosen = st.radio("Step", list(titles), format_func=titles.get, horizontal=True, key="assess_step",
                  help="One step per dimension of the framework.")
st.caption("Answered so far: " + " · ".join(f"{s.title} {s.answered} of {len(s.questions)}" for s in all_steps))
step = next(s for s in all_steps if s.dimension == chosen)
options = answer_options(framework)


def save(question_id: str) -> None:
    """Keep one answer the moment it is given (a draft survives a closed tab or a restart)."""
    choice = st.session_state[f"answer_{question_id}"]
    comment = st.session_state.get(f"comment_{question_id}", "")
    if choice is None:
        return
    try:
        online.answer(draft, question_id, None if choice == DONT_KNOW else int(choice), comment)
    except StoreConflict as exc:
        st.session_state["assess_problem"] = str(exc)


st.header(step.title)
with st.expander("What each level looks like", expanded=True):
    st.markdown("\n".join(f"- {line}" for line in step.descriptors))
for number, (question_id, text) in enumerate(step.questions, start=1):
    given = draft.answers.get(question_id, "unanswered")
    current = DONT_KNOW if question_id in draft.answers and given is None else given
    st.radio(f"{number}. {text}", list(options), format_func=options.get, key=f"answer_{question_id}",
             index=list(options).index(current) if current in options else None,
             on_change=save, args=(question_id,))
    st.text_input("Comment (optional)", value=draft.comments.get(question_id, ""), key=f"comment_{question_id}",
                  on_change=save, args=(question_id,), max_chars=1000)
if "assess_problem" in st.session_state:
    st.error(st.session_state.pop("assess_problem"))
following = all_steps[all_steps.index(step) + 1:]
if following:
    st.button(f"Next: {following[0].title}", key="next_step", icon=":material/arrow_forward:",
              on_click=lambda: st.session_state.update(assess_step=following[0].dimension))

st.divider()
unanswered = len(framework.question_ids) - sum(q in draft.answers for q in framework.question_ids)
if unanswered:
    st.caption(f"{counted(unanswered, 'question')} {'is' if unanswered == 1 else 'are'} still unanswered; if you submit now "
               "they count as not answered.")
if st.button("Submit my answers", type="primary", key="submit"):
    online.submit(draft)
    st.rerun()
