"""The access file and the roles it gives: who sees what, who may change what."""

from __future__ import annotations

import pytest

from survey.access import (LOCAL, MEMBER, OFFICE, STRANGER, VISITOR, AccessFileError, AccessPolicy, Person,
                           identify, load_access)
from tests.conftest import ROOT

POLICY = AccessPolicy(office=frozenset({"director@office.example"}),
                      members={"@camden.gov.uk": "E09000007", "cio@hackney.gov.uk": "E09000012"})


def test_the_example_access_file_is_valid():
    policy = load_access(ROOT / "config" / "access.example.yaml")
    assert policy.office == {"director@office.example", "analyst@office.example"}
    assert policy.members == {"@camden.gov.uk": "E09000007", "cio@hackney.gov.uk": "E09000012"}
    assert (policy.public, policy.who_to_ask()) == (False, "digital-maturity@office.example")


def test_office_staff_are_known_by_exact_email_in_any_case():
    assert identify(POLICY, "Director@Office.Example") == Person(OFFICE, "director@office.example")


def test_a_member_is_known_by_their_domain():
    assert identify(POLICY, "ann.lee@camden.gov.uk") == Person(MEMBER, "ann.lee@camden.gov.uk", "E09000007")


def test_an_exact_email_wins_over_its_domain():
    policy = AccessPolicy(members={"@hackney.gov.uk": "E09000012", "secondee@hackney.gov.uk": "E09000007"})
    assert identify(policy, "secondee@hackney.gov.uk").borough == "E09000007"


def test_a_domain_does_not_match_a_longer_domain():
    assert identify(POLICY, "someone@notcamden.gov.uk").role == STRANGER


def test_someone_not_in_the_file_is_a_stranger_and_nobody_signed_in_is_a_visitor():
    assert identify(POLICY, "someone@elsewhere.example") == Person(STRANGER, "someone@elsewhere.example")
    assert identify(POLICY, None) == Person(VISITOR)


@pytest.mark.parametrize(("role", "writes", "provisional", "respondents"), [
    (LOCAL, True, True, True), (OFFICE, True, True, True), (MEMBER, False, False, False),
    (VISITOR, False, False, False), (STRANGER, False, False, False)])
def test_what_each_role_may_do(role, writes, provisional, respondents):
    person = Person(role)
    assert (person.may_write, person.sees_provisional, person.sees_respondents) == (writes, provisional, respondents)


def test_visitors_see_data_only_where_rounds_are_public():
    assert not Person(VISITOR).sees_data(POLICY)
    assert Person(VISITOR).sees_data(AccessPolicy(public=True))
    assert not Person(STRANGER).sees_data(AccessPolicy(public=True))
    assert Person(MEMBER, "a@camden.gov.uk", "E09000007").sees_data(POLICY)


def test_whom_to_ask_falls_back_to_the_office():
    assert POLICY.who_to_ask() == "director@office.example"


@pytest.mark.parametrize(("text", "message"), [
    ("office: [director]\n", "office entry 'director' is not an email address"),
    ("members:\n  '@camden.gov.uk': E09000099\n", "members entry '@camden.gov.uk' names 'E09000099', which is not the ONS code"),
    ("members:\n  camden.gov.uk: E09000007\n", "members entry 'camden.gov.uk' is neither an email address nor"),
    ("public: sometimes\n", "public must be true or false, got 'sometimes'"),
    ("offices: [a@b.example]\n", "unknown key\\(s\\) offices"),
    ("- a list\n", "the access file must be a mapping"),
    ("office: [a@b.example\n", "cannot read the access file"),
])
def test_a_malformed_access_file_names_the_entry(tmp_path, text, message):
    path = tmp_path / "access.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AccessFileError, match=message):
        load_access(path)


def test_a_missing_access_file_says_how_to_make_one(tmp_path):
    with pytest.raises(AccessFileError, match="does not exist: copy config/access.example.yaml"):
        load_access(tmp_path / "nowhere.yaml")
