"""Borough name matching: codes, '&'/'and', case, spacing, prefixes, abbreviations, errors."""

import pytest

from survey.areas import BoroughMatcher, load_boroughs, normalise_name


@pytest.fixture(scope="module")
def matcher() -> BoroughMatcher:
    return BoroughMatcher()


def test_there_are_33_authorities_with_consecutive_ons_codes():
    codes = [b.ons_code for b in load_boroughs()]
    assert codes == [f"E09{n:06d}" for n in range(1, 34)]


@pytest.mark.parametrize(
    "typed, code",
    [
        ("E09000007", "E09000007"),
        ("e09000007", "E09000007"),
        (" E09000033 ", "E09000033"),
        ("Camden", "E09000007"),
        ("CAMDEN", "E09000007"),
        ("LB Camden", "E09000007"),
        ("London Borough of Camden", "E09000007"),
        ("Camden Council", "E09000007"),
        ("Hammersmith & Fulham", "E09000013"),
        ("Hammersmith and Fulham", "E09000013"),
        ("hammersmith  &  fulham", "E09000013"),
        ("London Borough of Hammersmith & Fulham", "E09000013"),
        ("Royal Borough of Kensington and Chelsea", "E09000020"),
        ("Kingston", "E09000021"),
        ("Kingston-upon-Thames", "E09000021"),
        ("Richmond", "E09000027"),
        ("City of Westminster", "E09000033"),
        ("Westminster City Council", "E09000033"),
        ("City of London", "E09000001"),
        ("Corporation of London", "E09000001"),
        ("Tower   Hamlets", "E09000030"),
        ("Barking", "E09000002"),
    ],
)
def test_common_spellings_match_one_ons_code(matcher, typed, code):
    match = matcher.match(typed)
    assert (match.ons_code, match.error) == (code, None)


def test_a_prefix_shorter_than_four_letters_is_not_taken_as_an_abbreviation(matcher):
    match = matcher.match("Ham")
    assert match.ons_code is None
    assert match.error == "Unknown borough 'Ham'. Nearest names: Newham, Hammersmith and Fulham, Lewisham."


def test_a_shared_prefix_is_ambiguous_not_a_guess(matcher):
    match = matcher.match("City of")
    assert match.ons_code is None
    assert match.error == "Borough 'City of' is ambiguous: it could be City of London, Westminster."


def test_an_unknown_name_suggests_the_nearest_valid_names(matcher):
    match = matcher.match("Lambert")
    assert match.ons_code is None
    assert match.error.startswith("Unknown borough 'Lambert'. Nearest names: Lambeth")


def test_a_code_outside_london_is_rejected(matcher):
    assert matcher.match("E09000034").error == "'E09000034' is not a London borough ONS code (E09000001-E09000033)."


def test_a_blank_borough_is_an_error(matcher):
    assert matcher.match("  ").ons_code is None


def test_normalise_name_folds_punctuation_ampersands_and_prefixes():
    assert normalise_name("  The Royal Borough of Kensington & Chelsea ") == "kensington and chelsea"
