"""The access file and the roles it gives: who sees what, who may change what."""

from __future__ import annotations

import pytest

from survey.access import (LOCAL, MEMBER, OFFICE, STRANGER, VISITOR, AccessFileError, AccessPolicy, Person,
                           identify, identify_claims, load_access, sign_in_expired)
from tests.conftest import ROOT

POLICY = AccessPolicy(office=frozenset({"director@office.example"}),
                      members={"@camden.gov.uk": "E09000007", "cio@hackney.gov.uk": "E09000012"},
                      deny=frozenset({"leaver@camden.gov.uk"}))
NOT_LISTED = "This address is not on the list of people who may see this dashboard's survey results."


def test_the_example_access_file_is_valid():
    policy = load_access(ROOT / "config" / "access.example.yaml")
    assert policy.office == {"director@office.example", "analyst@office.example"}
    assert policy.members == {"@camden.gov.uk": "E09000007", "cio@hackney.gov.uk": "E09000012"}
    assert policy.deny == {"leaver@camden.gov.uk"}
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
    assert identify(POLICY, "someone@elsewhere.example") == Person(STRANGER, "someone@elsewhere.example", reason=NOT_LISTED)
    assert identify(POLICY, None) == Person(VISITOR)


def test_a_denied_address_beats_its_domain_s_member_entry_and_an_office_entry():
    assert identify(POLICY, "Leaver@Camden.gov.uk") == Person(STRANGER, "leaver@camden.gov.uk",
                                                              reason="The access file excludes this address.")
    assert identify(POLICY, "ann.lee@camden.gov.uk").role == MEMBER  # the rest of the domain keeps its role
    both = AccessPolicy(office=frozenset({"director@office.example"}), deny=frozenset({"director@office.example"}))
    assert identify(both, "director@office.example").role == STRANGER


@pytest.mark.parametrize(("address", "odd"), [
    ("director@o\ufb03ce.example", "\ufb03"),  # "ffi" as one ligature: NFKC would turn it into the office's address
    ("director@offic\u0435.example", "\u0435"),  # a Cyrillic "e"
    ("\uff44irector@office.example", "\uff44"),  # a full-width "d"
    ("director@office.example\u200b", "\u200b"),  # a zero-width space after it
])
def test_an_address_that_is_not_plain_ascii_gets_no_role_and_is_told_why(address, odd):
    person = identify(POLICY, address)
    assert (person.role, person.email) == (STRANGER, address)
    assert person.reason == (f"The address you signed in with has characters that are not plain ASCII letters, digits or "
                             f"punctuation ({odd}). The dashboard accepts only plain addresses, so that no address can "
                             "pass for another that looks the same.")


def test_what_is_not_an_address_gets_no_role():
    assert identify(POLICY, "director").reason == "What your identity provider gave as your address is not an email address."


OFFICE_CLAIMS = {"is_logged_in": True, "sub": "123", "email": "director@office.example", "iat": 1_767_000_000}


@pytest.mark.parametrize(("claims", "require_verified", "role"), [
    ({}, False, OFFICE),  # a provider that says nothing about verifying
    ({"email_verified": True}, False, OFFICE),
    ({"email_verified": "true"}, False, OFFICE),  # some providers send it as text
    ({"email_verified": False}, False, STRANGER),
    ({"email_verified": "false"}, False, STRANGER),
    ({}, True, STRANGER),
    ({"email_verified": True}, True, OFFICE),
])
def test_an_address_the_provider_says_is_unverified_gets_no_role(claims, require_verified, role):
    assert identify_claims(POLICY, {**OFFICE_CLAIMS, **claims}, "email", require_verified).role == role


def test_the_unverified_are_told_why():
    person = identify_claims(POLICY, {**OFFICE_CLAIMS, "email_verified": False}, "email", False)
    assert person == Person(STRANGER, "director@office.example",
                            reason="Your identity provider has not verified this address, so it cannot give you a role.")


def test_the_claim_the_dashboard_identifies_people_by_is_a_setting():
    entra = {"is_logged_in": True, "preferred_username": "Director@Office.Example", "email": "someone@elsewhere.example"}
    assert identify_claims(POLICY, entra, "preferred_username", False) == Person(OFFICE, "director@office.example")
    assert identify_claims(POLICY, {"is_logged_in": True}, "preferred_username", False).reason == (
        "Your identity provider did not give the 'preferred_username' claim this dashboard identifies people by "
        "(setting access.identity_claim).")


@pytest.mark.parametrize(("seconds_since", "hours", "why"), [
    (8 * 3600, 8, ""),  # exactly eight hours: still signed in
    (8 * 3600 + 1, 8, "Your sign-in is more than 8 hours old: sign in again."),
    (1801, 0.5, "Your sign-in is more than 0.5 hours old: sign in again."),
    (3601, 1, "Your sign-in is more than 1 hour old: sign in again."),
    (-60, 8, ""),  # the provider's clock a minute ahead
])
def test_a_sign_in_older_than_the_session_hours_must_be_made_again(seconds_since, hours, why):
    assert sign_in_expired({"iat": 1_767_000_000}, 1_767_000_000 + seconds_since, hours) == why


def test_a_sign_in_that_does_not_say_when_it_was_made_must_be_made_again():
    assert (sign_in_expired({"email": "a@b.example"}, 1_767_000_000, 8)
            == "Your sign-in does not say when it was made: sign in again.")


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
    ("office: [director]\n", "office entry 'director' is not a plain ASCII email address"),
    ("office: ['director@o\ufb03ce.example']\n", "office entry 'director@o\ufb03ce.example' is not a plain ASCII email"),
    ("deny: ['@camden.gov.uk']\n", "deny entry '@camden.gov.uk' is not a plain ASCII email address \\(deny lists exact"),
    ("members:\n  '@camden.gov.uk': E09000099\n", "members entry '@camden.gov.uk' names 'E09000099', which is not the ONS code"),
    ("members:\n  camden.gov.uk: E09000007\n", "members entry 'camden.gov.uk' is neither a plain ASCII email address nor"),
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
