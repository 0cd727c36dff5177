import re

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, strategies as st

from regiekamer.core.validators import (
    BAG_OBJECT_TYPES, bsn_is_valid, normalise_postcode, validate_bag_id, validate_bsn, validate_kvk_number,
    validate_municipality_code,
)


@pytest.mark.parametrize("bsn, valid", [
    ("123456782", True),  # the domain brief's example: 9*1+8*2+...+2*8-1*2 = 154 = 14*11
    ("111222333", True),  # 9+8+7+12+10+8+9+6-3 = 66
    ("12345678", False),  # padded to 012345678: 0+8*1+7*2+...+2*7-8 = 104, not divisible by 11
    ("123456789", False),
    ("000000000", False),  # all zeros is explicitly invalid although 0 % 11 == 0
    ("12345678a", False),
    ("1234567820", False),
    ("", False),
])
def test_elfproef(bsn, valid):
    assert bsn_is_valid(bsn) is valid


def test_validate_bsn_pads_eight_digits():
    # 8 digits are padded with a leading zero: 012345672 -> 0+8+14+18+20+20+18+14-2 = 110 = 10*11
    assert validate_bsn("12345672") == "012345672"


@given(st.integers(min_value=1, max_value=999_999_999))
def test_elfproef_matches_its_definition(number):
    digits = [int(c) for c in f"{number:09d}"]
    weighted = sum(w * d for w, d in zip([9, 8, 7, 6, 5, 4, 3, 2, -1], digits))
    assert bsn_is_valid(f"{number:09d}") is (weighted % 11 == 0)


@given(st.text(max_size=12))
def test_validate_bsn_never_accepts_non_digits(text):
    if not text.isascii() or not text.strip().isdigit():
        with pytest.raises(ValidationError):
            validate_bsn(text)


@pytest.mark.parametrize("raw, expected", [("5911 ab", "5911AB"), ("5911AB", "5911AB"), (" 1011 AB ", "1011AB")])
def test_postcode_normalised(raw, expected):
    assert normalise_postcode(raw) == expected


@pytest.mark.parametrize("raw", ["0911AB", "5911", "5911 A", "59112AB", "5911 SS", "ABCD12", ""])
def test_postcode_refused_with_dutch_message(raw):
    with pytest.raises(ValidationError) as error:
        normalise_postcode(raw)
    assert "postcode" in error.value.messages[0]


@given(st.integers(1000, 9999), st.sampled_from("ABCDEFGHJKLMNPRTUVWXYZ"), st.sampled_from("ABCDEFGHJKLMNPRTUVWXYZ"))
def test_every_well_formed_postcode_round_trips(digits, a, b):
    assert normalise_postcode(f"{digits} {a}{b}".lower()) == f"{digits}{a}{b}"


def test_bag_id():
    assert validate_bag_id("0221010000000001") == "0221010000000001"
    assert validate_bag_id("0221100000000001", "10") == "0221100000000001"
    for bad in ["221010000000001", "02210100000000012", "0221990000000001", "02210100000000x1"]:
        with pytest.raises(ValidationError):
            validate_bag_id(bad)
    with pytest.raises(ValidationError, match="pand"):
        validate_bag_id("0221010000000001", "10")


def test_kvk_and_municipality_code():
    assert validate_kvk_number("12345678") == "12345678"
    for bad in ["1234567", "123456789", "1234567a"]:
        with pytest.raises(ValidationError, match="KvK"):
            validate_kvk_number(bad)
    assert validate_municipality_code("gm0983") == "GM0983"
    with pytest.raises(ValidationError):
        validate_municipality_code("0983")


# Properties (issue 8): every well-formed identifier is accepted as it is, and whatever else comes in,
# the answer is either a Dutch ValidationError or a value of exactly the documented form.
BAG_FORM = re.compile(r"[0-9]{4}(01|02|03|10|20|30)[0-9]{10}")


@given(st.from_regex(r"\A[0-9]{4}\Z"), st.sampled_from(sorted(BAG_OBJECT_TYPES)), st.from_regex(r"\A[0-9]{10}\Z"),
       st.sampled_from(["", " ", "\t"]))
def test_every_well_formed_bag_id_is_accepted_as_it_is(municipality, object_type, serial, padding):
    bag_id = f"{municipality}{object_type}{serial}"
    assert validate_bag_id(f"{padding}{bag_id}{padding}") == bag_id
    assert validate_bag_id(bag_id, object_type) == bag_id


@given(st.text(max_size=20))
def test_a_bag_id_is_refused_or_of_the_documented_form(text):
    try:
        value = validate_bag_id(text)
    except ValidationError as error:
        assert error.code == "bag_id"
    else:
        assert BAG_FORM.fullmatch(value) and value == text.strip()


@given(st.from_regex(r"\A[0-9]{8}\Z"))
def test_every_eight_digit_kvk_number_is_accepted(number):
    assert validate_kvk_number(number) == number


@given(st.text(max_size=12))
def test_a_kvk_number_is_refused_or_eight_ascii_digits(text):
    try:
        value = validate_kvk_number(text)
    except ValidationError as error:
        assert error.code == "kvk"
    else:
        assert re.fullmatch(r"[0-9]{8}", value) and value == text.strip()


@given(st.text(max_size=10))
def test_a_municipality_code_is_refused_or_gm_and_four_digits(text):
    try:
        value = validate_municipality_code(text)
    except ValidationError as error:
        assert error.code == "gm_code"
    else:
        assert re.fullmatch(r"GM[0-9]{4}", value) and value == text.strip().upper()
