"""Planning and recording inspections: stored parameters, dated municipal norms, deviations, conflicts."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from regiekamer.cases.models import CaseStatus, EventKind
from regiekamer.cases.services import Conflict
from regiekamer.inspections import selectors
from regiekamer.inspections.models import ChecklistTemplate, Finding, InspectionStatus
from regiekamer.inspections.services import plan_inspection, record_inspection
from regiekamer.norms.models import Norm, NormKey
from regiekamer.organisations.access import scope_for
from regiekamer.organisations.models import OrganisationKind as K, Role
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

# 14 persons on 96 m2: 96 / 12 = 8 allowed; 9 persons need 2 toilets.
OVERCROWDED = {"persons_present": "14", "floor_area_m2": "96", "toilets": "1", "showers": "2",
               "escape_routes_free": "yes", "separate_contracts": "yes"}


def _record(inspection, actor, answers=OVERCROWDED, *, on=dt.date(2025, 6, 1), outcome="violation",
            severity="other", reason="", version=None):
    return record_inspection(actor=actor, inspection=inspection, expected_version=version or inspection.version,
                             inspected_on=on, answers=answers, notes={"toilets": "één toilet, verstopt"},
                             outcome=outcome, severity=severity, reason=reason)


def test_default_checklist_ships_every_question_in_order(checklist):
    codes = list(checklist.items.values_list("code", flat=True))
    assert codes[:3] == ["persons_present", "persons_registered", "floor_area_m2"]
    assert {"smallest_bedroom_m2", "smallest_bedroom_persons", "toilets", "showers", "smoke_detectors_present",
            "smoke_detectors_working", "co_detector", "escape_routes_free", "extinguisher_checked",
            "separate_contracts", "language_information"} <= set(codes)
    assert checklist.items.get(code="floor_area_m2").prefill == "bag_floor_area"
    assert checklist.items.get(code="persons_registered").prefill == "registered_persons"


def test_snf_norms_are_dated_national_rows_with_a_source():
    for key, value in ((NormKey.SNF_BEDROOM_PER_PERSON, D("3.5")), (NormKey.SNF_PERSONS_PER_TOILET, D(8)),
                       (NormKey.SNF_PERSONS_PER_SHOWER, D(8))):
        row = Norm.objects.get(key=key, municipality=None)
        assert row.value == value and row.valid_from == dt.date(2024, 1, 1) and "SNF" in row.source


def test_plan_puts_the_team_together_and_appends_to_the_case(inspection, handler, fire_service, case):
    assert inspection.status == InspectionStatus.PLANNED and inspection.outcome == ""
    assert set(inspection.team.values_list("organisation__name", flat=True)) == {
        "Venlo handhaving", "Brandweer Limburg-Noord"}
    event = case.events.filter(kind=EventKind.INSPECTION).get()
    assert "Pandcontrole gepland op" in event.text and event.data["inspection"] == inspection.pk


def test_plan_refuses_a_team_member_outside_the_case_and_a_date_in_the_past(handler, address, case, checklist):
    police = OrganisationFactory(name="Politie", kind=K.POLICE, municipality=None)
    with pytest.raises(ValidationError) as error:
        plan_inspection(actor=handler, address=address, planned_on=dt.date.today() - dt.timedelta(days=1),
                        checklist=checklist, team=[police], case=case)
    assert set(error.value.message_dict) == {"planned_on", "team"}


def test_recording_stores_findings_outcome_and_the_norms_of_that_day(inspection, inspector, case):
    recorded = _record(inspection, inspector)
    assert (recorded.status, recorded.outcome, recorded.severity) == ("recorded", "violation", "other")
    assert recorded.proposed_outcome == "violation" and recorded.deviation_reason == ""
    assert recorded.persons_present == 14 and recorded.version == inspection.version + 1
    assert recorded.parameters == {"floor_area_m2_per_person": "12.00", "bedroom_m2_per_person": "3.50",
                                   "persons_per_toilet": "8.00", "persons_per_shower": "8.00"}
    assert Finding.objects.get(inspection=recorded, item_code="toilets").note == "één toilet, verstopt"
    broken = [check.rule for check in selectors.recorded_checks(recorded) if check.broken]
    assert broken == ["floor_area", "toilets"]
    # The case gets a timeline line, and its status stays where the handler put it.
    event = case.events.filter(kind=EventKind.INSPECTION).last()
    assert event.text.startswith("Pandcontrole vastgelegd: Overtreding (overig)")
    case.refresh_from_db()
    assert case.status == CaseStatus.INSPECTION_PLANNED


def test_a_later_change_of_the_norm_does_not_rewrite_a_recorded_inspection(inspection, inspector):
    recorded = _record(inspection, inspector, {"persons_present": "8", "floor_area_m2": "96"},
                       outcome="no_violation", severity="")
    Norm.objects.filter(key=NormKey.FLOOR_AREA_PER_PERSON, municipality=None).update(value=D(20))
    [check] = selectors.recorded_checks(recorded)
    assert not check.broken and "norm 12 m² (ten hoogste 8 personen)" in check.explanation


def test_a_municipal_stricter_norm_applies_only_from_its_date(inspection, inspector, address):
    Norm.objects.create(key=NormKey.FLOOR_AREA_PER_PERSON, municipality=address.municipality, value=D(15),
                        valid_from=dt.date(2025, 7, 1), source="Omgevingsplan Venlo (test)")
    assert selectors.parameters_on(address, dt.date(2025, 6, 30)).floor_area_m2_per_person == D(12)
    assert selectors.parameters_on(address, dt.date(2025, 7, 1)).floor_area_m2_per_person == D(15)
    # 7 persons on 96 m2: within 12 m2 (8 allowed), not within 15 m2 (96 / 15 = 6.4: 6 allowed).
    recorded = _record(inspection, inspector, {"persons_present": "7", "floor_area_m2": "96"},
                       on=dt.date(2025, 6, 30), outcome="no_violation", severity="")
    assert recorded.parameters["floor_area_m2_per_person"] == "12.00"
    assert not selectors.recorded_checks(recorded)[0].broken


def test_a_deviation_needs_a_reason(inspection, inspector):
    with pytest.raises(ValidationError) as error:
        _record(inspection, inspector, outcome="no_violation", severity="")
    assert error.value.message_dict == {"reason": ["U wijkt af van de voorgestelde uitkomst: geef de reden."]}
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.PLANNED and not inspection.findings.exists()
    recorded = _record(inspection, inspector, outcome="violation", severity="serious",
                       reason="Matrassen blokkeren de trap")
    assert recorded.severity == "serious" and recorded.deviation_reason == "Matrassen blokkeren de trap"


def test_severity_only_with_a_violation(inspection, inspector):
    with pytest.raises(ValidationError) as error:
        _record(inspection, inspector, outcome="violation", severity="")
    assert "severity" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _record(inspection, inspector, outcome="no_access", severity="other", reason="niemand thuis")
    assert "severity" in error.value.message_dict


def test_bad_input_stores_nothing(inspection, inspector):
    with pytest.raises(ValidationError) as error:
        _record(inspection, inspector, {"persons_present": "-3", "floor_area_m2": "tachtig"})
    assert error.value.message_dict == {"persons_present": ["Vul een getal in van 0 of meer."],
                                        "floor_area_m2": ["Vul een getal in, bijvoorbeeld 12 of 12,5."]}
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.PLANNED and inspection.version == 1
    assert not inspection.findings.exists()


def test_a_date_in_the_future_is_refused(inspection, inspector):
    with pytest.raises(ValidationError) as error:
        _record(inspection, inspector, on=dt.date.today() + dt.timedelta(days=1))
    assert "inspected_on" in error.value.message_dict


def test_two_recorders_the_second_gets_a_conflict(inspection, inspector, handler):
    loaded_version = inspection.version
    _record(inspection, inspector, version=loaded_version)
    with pytest.raises(Conflict):
        _record(inspection, handler, {"persons_present": "2", "floor_area_m2": "96"}, outcome="no_violation",
                severity="", version=loaded_version)
    inspection.refresh_from_db()
    assert inspection.recorded_by == inspector and inspection.persons_present == 14
    assert inspection.findings.count() == len(OVERCROWDED)


def test_no_answers_propose_no_access(inspection, inspector):
    recorded = _record(inspection, inspector, {}, outcome="no_access", severity="")
    assert recorded.proposed_outcome == "no_access"
    # Only the note was entered: it is kept, without a value.
    assert list(recorded.findings.values_list("item_code", "value")) == [("toilets", "")]


def test_who_may_record(inspection, handler, inspector, fire_service):
    assert selectors.may_record(scope_for(handler), inspection)
    assert selectors.may_record(scope_for(inspector), inspection)
    viewer = MembershipFactory(organisation=fire_service, role=Role.VIEWER).user
    assert not selectors.may_record(scope_for(viewer), inspection)
    other_municipal = MembershipFactory(organisation=OrganisationFactory(kind=K.MUNICIPAL_SOCIAL)).user
    assert not selectors.may_record(scope_for(other_municipal), inspection)  # may read, not in the team
    assert selectors.inspections_for(scope_for(other_municipal)).filter(pk=inspection.pk).exists()


def test_an_inactive_checklist_cannot_be_planned(handler, address):
    old = ChecklistTemplate.objects.create(name="Oud", version=1, active=False)
    with pytest.raises(ValidationError) as error:
        plan_inspection(actor=handler, address=address, planned_on=dt.date.today(), checklist=old, team=[])
    assert "checklist" in error.value.message_dict
