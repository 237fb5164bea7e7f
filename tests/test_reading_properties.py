"""Property-based: whatever bytes or tables arrive, the reader only ever reports problems."""

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survey.reading import ParsedRound, read_survey

CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "3", "5.0", "6", "-1", "Leading", "don't know", "N/A", "Camden", "E09000007", "=SUM(A1)",
                     "Hammersmith & Fulham", "LB Camden", "\ufeff", "\x00", "2025", "nan", "None", "inf"]),
)
HEADER = st.sampled_from(["borough", "round", "respondent", "role", "leadership_1", "data_4", "Leadership 2",
                          "leadershp_3", "", "notes", "BOROUGH", "cyber_1", "round "])
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(parsed: ParsedRound) -> None:
    assert isinstance(parsed, ParsedRound)
    if parsed.ok:
        assert parsed.round_label and len(parsed.responses) > 0
        assert parsed.answers["value"].between(1, 5).all()
        assert parsed.responses["ons_code"].str.fullmatch(r"E09\d{6}").all()


@SETTINGS
@given(st.binary(max_size=2048))
def test_random_bytes_never_raise(framework, data):
    _check(read_survey(data, framework, round_label="2026"))


@SETTINGS
@given(st.binary(max_size=512))
def test_random_bytes_behind_an_excel_signature_never_raise(framework, data):
    _check(read_survey(b"PK\x03\x04" + data, framework, round_label="2026"))


@SETTINGS
@given(
    header=st.lists(HEADER, min_size=0, max_size=6),
    rows=st.lists(st.lists(CELL, max_size=7), max_size=6),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
    round_label=st.one_of(st.none(), st.sampled_from(["2026", "", "bad label!", "2025-26"])),
)
def test_random_tables_never_raise(framework, header, rows, delimiter, encoding, round_label):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows([header, *rows])
    data = buffer.getvalue().encode(encoding, errors="replace")
    _check(read_survey(data, framework, round_label=round_label))
