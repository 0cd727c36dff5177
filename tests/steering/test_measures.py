"""Every figure against hand-counted fixtures: one record at a time, on and beside the period's edges."""

import datetime as dt

import pytest

from regiekamer.enforcement.models import Intervention, LhsoCell, ProcedureStep
from regiekamer.meldingen.models import Melding
from regiekamer.steering.dashboard import measure_figures
from regiekamer.steering.measures import BY_AREA, BY_MONTH, BY_QUARTER, MEASURES, buckets, count, quarter_of
from tests.care.factories import CareReferralFactory
from tests.factories import AddressFactory, CaseFactory, InspectionFactory, MeldingFactory, municipality

pytestmark = pytest.mark.django_db

Q1 = (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
Q2 = (dt.date(2026, 4, 1), dt.date(2026, 6, 30))


def total(key: str, ids, period) -> int:
    return count(MEASURES[key], ids, *period).total()


@pytest.fixture
def venlo():
    return municipality("GM0983")


@pytest.fixture
def horst():
    return municipality("GM1507")


def test_a_melding_counts_on_the_day_it_was_received_and_only_in_its_municipality(venlo, horst):
    MeldingFactory(address=AddressFactory(area_code="BU09830101"), received_on=dt.date(2026, 3, 31))
    assert total("meldingen_ontvangen", [venlo.pk], Q1) == 1
    assert total("meldingen_ontvangen", [venlo.pk], Q2) == 0
    assert total("meldingen_ontvangen", [horst.pk], Q1) == 0
    MeldingFactory(received_on=dt.date(2026, 4, 1))  # the first day of the next quarter
    assert total("meldingen_ontvangen", [venlo.pk], Q1) == 1
    assert total("meldingen_ontvangen", [venlo.pk], Q2) == 1
    by = count(MEASURES["meldingen_ontvangen"], [venlo.pk], Q1[0], Q2[1], by=(BY_MONTH, BY_AREA)).values
    assert by == {("2026-03", "BU09830101"): 1, ("2026-04", ""): 1}


def test_a_melding_at_a_map_point_counts_for_the_municipality_it_was_placed_in(venlo, horst):
    Melding.objects.create(municipality=horst, latitude=51.4, longitude=6.0, category="overlast", source="burger",
                           received_on=dt.date(2026, 2, 1))
    assert total("meldingen_ontvangen", [horst.pk], Q1) == 1
    assert total("meldingen_ontvangen", [venlo.pk], Q1) == 0


def test_handled_within_eight_weeks_is_56_days_at_most(venlo):
    MeldingFactory(received_on=dt.date(2026, 1, 1), handled_on=dt.date(2026, 2, 26), status="gekoppeld",
                   case=CaseFactory())  # 56 days
    MeldingFactory(received_on=dt.date(2026, 1, 1), handled_on=dt.date(2026, 2, 27), status="afgewezen",
                   rejection_reason="Geen aanwijzingen.")  # 57 days
    MeldingFactory(received_on=dt.date(2026, 1, 1))  # not handled
    assert total("meldingen_afgehandeld", [venlo.pk], Q1) == 2
    assert total("meldingen_op_tijd", [venlo.pk], Q1) == 1
    _, sections = measure_figures([venlo.pk], *Q1, "quarter")
    figures = {f.key: f for s in sections for f in s.figures}
    assert figures["meldingen_op_tijd_pct"].total == 50.0
    assert [p.value for p in figures["meldingen_afgehandeld"].series] == [2]
    assert {(b.field, p.value, p.count) for b in figures["meldingen_afgehandeld"].breakdowns for p in b.parts} == {
        ("status", "gekoppeld", 1), ("status", "afgewezen", 1)}


def test_inspections_the_hit_rate_counts_only_inspections_with_access(venlo):
    InspectionFactory(inspected_on=dt.date(2026, 2, 1), status="recorded", outcome="violation", severity="serious")
    InspectionFactory(inspected_on=dt.date(2026, 2, 2), status="recorded", outcome="no_access")
    InspectionFactory(inspected_on=dt.date(2026, 2, 3), status="planned", outcome="")
    assert total("controles_uitgevoerd", [venlo.pk], Q1) == 2
    assert total("controles_met_toegang", [venlo.pk], Q1) == 1
    assert total("controles_overtreding", [venlo.pk], Q1) == 1
    InspectionFactory(inspected_on=dt.date(2026, 3, 3), status="recorded", outcome="no_violation")
    _, sections = measure_figures([venlo.pk], *Q1, "month")
    figures = {f.key: f for s in sections for f in s.figures}
    assert figures["trefkans"].total == 50.0
    assert [p.value for p in figures["trefkans"].series] == [None, 100.0, 0.0]


def test_an_intervention_and_its_forfeiture_count_on_their_own_days(venlo):
    case = CaseFactory(opened_on=dt.date(2025, 12, 1))
    cell = LhsoCell.objects.get(behaviour="B", consequence="2", municipality=None)
    intervention = Intervention.objects.create(case=case, intervention_type="dwangsom", cell=cell, reasons="r",
                                               decided_on=dt.date(2026, 3, 31), decided_by_name="t")
    ProcedureStep.objects.create(intervention=intervention, kind="verbeurd", on=dt.date(2026, 4, 30),
                                 recorded_by_name="t")
    assert total("interventies", [venlo.pk], Q1) == 1
    assert total("dwangsommen_verbeurd", [venlo.pk], Q1) == 0
    assert total("dwangsommen_verbeurd", [venlo.pk], Q2) == 1
    assert total("procedurestappen", [venlo.pk], Q2) == 1
    assert total("zaken_geopend", [venlo.pk], Q1) == 0


def test_people_referred_count_each_person_once(venlo):
    case = CaseFactory()
    CareReferralFactory(case=case, person_ref="p1")
    CareReferralFactory(case=case, person_ref="p1", kind="ggd")
    CareReferralFactory(case=case, person_ref="p2")
    today = dt.date.today()
    period = (today - dt.timedelta(days=1), today + dt.timedelta(days=1))
    assert total("verwijzingen", [venlo.pk], period) == 3
    assert total("mensen_verwezen", [venlo.pk], period) == 2


def test_a_person_referred_twice_in_a_quarter_counts_once_in_it_and_moments_count_on_their_local_day(venlo):
    case = CaseFactory()
    amsterdam = dt.timezone(dt.timedelta(hours=2))  # summer time
    for moment in (dt.datetime(2026, 4, 2, 9, 0, tzinfo=amsterdam), dt.datetime(2026, 5, 20, 14, 30, tzinfo=amsterdam)):
        CareReferralFactory(case=case, person_ref="p1", created_at=moment)
    # 00:30 on 1 July in Amsterdam is 30 June 22:30 UTC: a referral of the third quarter.
    CareReferralFactory(case=case, person_ref="p2", created_at=dt.datetime(2026, 7, 1, 0, 30, tzinfo=amsterdam))
    year = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert count(MEASURES["mensen_verwezen"], [venlo.pk], *year, by=(BY_QUARTER,)).values == {
        ("2026-Q2",): 1, ("2026-Q3",): 1}
    assert count(MEASURES["verwijzingen"], [venlo.pk], *year, by=(BY_MONTH,)).values == {
        ("2026-04",): 1, ("2026-05",): 1, ("2026-07",): 1}
    assert total("verwijzingen", [venlo.pk], Q2) == 2


def test_a_melding_within_a_year_after_a_case_closed_at_the_address_is_a_repeat(venlo):
    address = AddressFactory()
    CaseFactory(address=address, opened_on=dt.date(2025, 1, 1), closed_on=dt.date(2026, 1, 10), status="afgesloten",
                result="gelegaliseerd")
    MeldingFactory(address=address, received_on=dt.date(2026, 1, 9))  # before the closure
    MeldingFactory(address=address, received_on=dt.date(2026, 2, 1))  # a repeat
    MeldingFactory(address=AddressFactory(), received_on=dt.date(2026, 2, 1))  # another address
    MeldingFactory(address=address, received_on=dt.date(2027, 1, 11))  # 366 days later
    assert total("herhaalde_meldingen", [venlo.pk], (dt.date(2026, 1, 1), dt.date(2027, 12, 31))) == 1
    assert total("adressen_binnen_norm", [venlo.pk], Q1) == 1
    assert total("zaken_gesloten", [venlo.pk], Q1) == 1


def test_quarters_and_months_cover_the_period():
    assert quarter_of(dt.date(2026, 11, 28)).key == "2026-Q4"
    assert [b.key for b in buckets(dt.date(2026, 2, 15), dt.date(2026, 7, 1), "quarter")] == ["2026-Q1", "2026-Q2",
                                                                                              "2026-Q3"]
    months = buckets(dt.date(2024, 12, 31), dt.date(2025, 2, 1), "month")
    assert [(b.key, b.first, b.last) for b in months] == [
        ("2024-12", dt.date(2024, 12, 1), dt.date(2024, 12, 31)), ("2025-01", dt.date(2025, 1, 1), dt.date(2025, 1, 31)),
        ("2025-02", dt.date(2025, 2, 1), dt.date(2025, 2, 28))]
