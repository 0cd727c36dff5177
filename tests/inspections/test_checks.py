"""The norm checks as pure functions, with hand-computed boundaries."""

from decimal import Decimal as D
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from regiekamer.inspections.checks import (
    Parameters, evaluate, facilities_needed, max_persons, nl_number, parse_answers, propose,
)

NATIONAL = Parameters(floor_area_m2_per_person=D("12"), bedroom_m2_per_person=D("3.5"),
                      persons_per_toilet=D("8"), persons_per_shower=D("8"))


def by_rule(values, parameters=NATIONAL):
    return {check.rule: check for check in evaluate(values, parameters)}


def test_floor_area_example_from_the_issue():
    # 80 / 12 = 6.67 -> at most 6 persons; 80 / 14 = 5.714 -> 5,7 m2 per person.
    check = by_rule({"persons_present": D(14), "floor_area_m2": D(80)})["floor_area"]
    assert check.broken and check.legal
    assert check.explanation == "14 personen op 80 m²: 5,7 m² per persoon, norm 12 m² (ten hoogste 6 personen)"


def test_exactly_12_m2_per_person_is_within_the_norm():
    # 96 / 12 = 8 persons allowed: 8 is within, 9 is not.
    assert not by_rule({"persons_present": D(8), "floor_area_m2": D(96)})["floor_area"].broken
    assert by_rule({"persons_present": D(9), "floor_area_m2": D(96)})["floor_area"].broken
    assert max_persons(D(96), D(12)) == 8
    assert max_persons(D("95.9"), D(12)) == 7


def test_a_stricter_municipal_norm_counts_when_passed_in():
    stricter = Parameters(D("15"), D("3.5"), D("8"), D("8"))
    # 96 / 15 = 6.4 -> at most 6 persons.
    check = by_rule({"persons_present": D(7), "floor_area_m2": D(96)}, stricter)["floor_area"]
    assert check.broken
    assert check.explanation == "7 personen op 96 m²: 13,7 m² per persoon, norm 15 m² (ten hoogste 6 personen)"


def test_bedroom_at_least_3_5_m2_per_person():
    assert not by_rule({"smallest_bedroom_m2": D("7"), "smallest_bedroom_persons": D(2)})["bedroom"].broken
    check = by_rule({"smallest_bedroom_m2": D("6.9"), "smallest_bedroom_persons": D(2)})["bedroom"]
    assert check.broken and not check.legal  # SNF is a quality mark, not law
    assert check.explanation == ("2 personen in de kleinste slaapkamer van 6,9 m²: 3,5 m² per persoon, "
                                 "norm 3,5 m² per persoon")  # 3.45 rounds to 3,5 in the text, yet is below


def test_one_toilet_and_one_shower_per_eight_persons():
    assert facilities_needed(8, D(8)) == 1
    assert facilities_needed(9, D(8)) == 2
    assert facilities_needed(16, D(8)) == 2
    assert facilities_needed(17, D(8)) == 3
    eight = by_rule({"persons_present": D(8), "toilets": D(1), "showers": D(1)})
    assert not eight["toilets"].broken and not eight["showers"].broken
    nine = by_rule({"persons_present": D(9), "toilets": D(1), "showers": D(2)})
    assert nine["toilets"].broken and not nine["showers"].broken
    assert nine["showers"].explanation == "9 personen en 2 douches: ten minste 2 nodig (1 per 8 personen)"
    assert nine["toilets"].explanation == "9 personen en 1 toilet: ten minste 2 nodig (1 per 8 personen)"


def test_yes_no_flags():
    checks = by_rule({"smoke_detectors_present": True, "smoke_detectors_working": False, "escape_routes_free": True,
                      "extinguisher_checked": False, "separate_contracts": False, "language_information": True,
                      "co_detector": None})
    assert checks["smoke_detectors"].broken and checks["smoke_detectors"].explanation == "Rookmelders werken niet."
    assert not checks["escape_routes"].broken
    assert checks["extinguisher"].broken and not checks["extinguisher"].legal
    assert checks["separate_contracts"].broken and checks["separate_contracts"].legal
    assert not checks["language_information"].broken
    assert "co_detector" not in checks  # not answered, not judged


def test_missing_inputs_are_not_judged():
    assert by_rule({"persons_present": D(5)}) == {}
    assert by_rule({"persons_present": D(0), "floor_area_m2": D(80)}) == {}


def test_proposal():
    assert propose([], answered=False) == ("no_access", "")
    assert propose(evaluate({"persons_present": D(6), "floor_area_m2": D(80)}, NATIONAL), answered=True) == (
        "no_violation", "")
    # Only an SNF norm broken: a quality finding, no violation.
    assert propose(evaluate({"persons_present": D(9), "toilets": D(1)}, NATIONAL), answered=True) == (
        "no_violation", "")
    assert propose(evaluate({"persons_present": D(14), "floor_area_m2": D(80)}, NATIONAL), answered=True) == (
        "violation", "other")
    assert propose(evaluate({"escape_routes_free": False}, NATIONAL), answered=True) == ("violation", "serious")


def test_nl_number():
    assert [nl_number(D("12")), nl_number(D("3.5")), nl_number(D(80) / 14), nl_number(D("12.96"))] == [
        "12", "3,5", "5,7", "13"]


def test_parameters_round_trip():
    assert Parameters.from_json(NATIONAL.as_json()) == NATIONAL
    assert NATIONAL.as_json()["bedroom_m2_per_person"] == "3.5"


ITEMS = [SimpleNamespace(code="persons_present", answer_type="number", whole_number=True),
         SimpleNamespace(code="floor_area_m2", answer_type="number", whole_number=False),
         SimpleNamespace(code="escape_routes_free", answer_type="yes_no", whole_number=True),
         SimpleNamespace(code="remarks", answer_type="text", whole_number=True)]


def test_parse_answers():
    values = parse_answers(ITEMS, {"persons_present": " 14 ", "floor_area_m2": "80,5", "escape_routes_free": "no",
                                   "remarks": "matrassen op zolder"})
    assert values == {"persons_present": D(14), "floor_area_m2": D("80.5"), "escape_routes_free": False,
                      "remarks": "matrassen op zolder"}
    assert parse_answers(ITEMS, {})["persons_present"] is None


@pytest.mark.parametrize(("answers", "field", "message"), [
    ({"persons_present": "-1"}, "persons_present", "Vul een getal in van 0 of meer."),
    ({"persons_present": "veertien"}, "persons_present", "Vul een getal in, bijvoorbeeld 12 of 12,5."),
    ({"persons_present": "NaN"}, "persons_present", "Vul een getal in, bijvoorbeeld 12 of 12,5."),
    ({"persons_present": "2,5"}, "persons_present", "Vul een geheel getal in."),
    ({"floor_area_m2": "-80"}, "floor_area_m2", "Vul een getal in van 0 of meer."),
    ({"escape_routes_free": "misschien"}, "escape_routes_free", "Kies ja of nee."),
])
def test_bad_answers_are_refused_in_dutch(answers, field, message):
    with pytest.raises(ValidationError) as error:
        parse_answers(ITEMS, answers)
    assert error.value.message_dict == {field: [message]}
