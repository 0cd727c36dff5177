"""LAA signals: deadlines, transitions, entering one, importing RvIG's file, overdue flags, the pages."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction
from hypothesis import HealthCheck, given, settings, strategies as st

from regiekamer.audit.models import ProcessingLogEntry
from regiekamer.demo.generator import generate_demo_region
from regiekamer.meldingen import laa
from regiekamer.meldingen.laa_selectors import figures, rows, signal_list
from regiekamer.meldingen.models import LaaSignal, LaaStatusChange, Melding, MeldingSource
from regiekamer.organisations.access import scope_for
from tests.factories import AddressFactory, MembershipFactory, municipality

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
STATUS, RESULT = laa.DEADLINE_BY_KEY["status"], laa.DEADLINE_BY_KEY["resultaat"]
HEADER = "signaalnummer;bag_id;postcode;huisnummer;huisletter;toevoeging;indicator;datum"


@pytest.fixture
def addresses(venlo):
    return {
        "parade": AddressFactory(bag_id="0983019000000012", postcode="5911AA", house_number=12, street="Parade"),
        "14a": AddressFactory(bag_id="0983019000000141", postcode="5911AA", house_number=14, house_letter="A",
                              street="Parade"),
        "14b": AddressFactory(bag_id="0983019000000142", postcode="5911AA", house_number=14, house_letter="B",
                              street="Parade"),
        "horst": AddressFactory(bag_id="1507019000000003", postcode="5961CC", house_number=3, street="Kerkstraat",
                                city="Horst",
                                municipality=municipality("GM1507")),
    }


def enter(actor, **overrides):
    data = {"signal_number": "LAA-1", "indicator": "veel_bewoners", "received_on": dt.date(2026, 1, 31),
            "postcode": "5911 aa", "house_number": "12"}
    return laa.register_laa_signal(actor=actor, municipality=municipality("GM0983"), **{**data, **overrides})


def counts() -> tuple[int, int]:
    return Melding.objects.count(), LaaSignal.objects.count()


def csv_file(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode()


def import_file(actor, data: bytes) -> laa.LaaImportReport:
    return laa.import_laa_file(actor=actor, municipality=municipality("GM0983"), data=data)


# --- deadlines ---------------------------------------------------------------------------------


@pytest.mark.parametrize("received, status_due, result_due", [
    (dt.date(2026, 1, 31), dt.date(2026, 2, 28), dt.date(2026, 7, 31)),
    (dt.date(2026, 8, 31), dt.date(2026, 9, 28), dt.date(2027, 2, 28)),  # no 31 February: the last day
    (dt.date(2023, 8, 31), dt.date(2023, 9, 28), dt.date(2024, 2, 29)),  # a leap year
    (dt.date(2026, 3, 15), dt.date(2026, 4, 12), dt.date(2026, 9, 15)),
    (dt.date(2026, 12, 3), dt.date(2026, 12, 31), dt.date(2027, 6, 3)),  # over the turn of the year
])
def test_due_dates(received, status_due, result_due):
    assert (STATUS.due(received), RESULT.due(received)) == (status_due, result_due)


@pytest.mark.parametrize("deadline", [STATUS, RESULT])
def test_overdue_before_agrees_with_the_due_date_on_every_day(deadline):
    """The selectors filter on 'received before X'; that must mean exactly 'due date has passed'."""
    for today in (dt.date(2026, 2, 28) + dt.timedelta(days=n) for n in range(0, 400, 7)):
        cutoff = deadline.overdue_before(today)
        for received in (today - dt.timedelta(days=n) for n in range(0, 250)):
            assert (received < cutoff) == (today > deadline.due(received)), (today, received)


def test_received_31_august_is_result_overdue_from_1_march():
    assert RESULT.overdue_before(dt.date(2027, 2, 28)) == dt.date(2026, 8, 28)
    assert RESULT.overdue_before(dt.date(2027, 3, 1)) == dt.date(2026, 9, 1)


# --- entering one signal -------------------------------------------------------------------


def test_enter_makes_a_laa_melding_and_the_signal(handler, addresses):
    signal = enter(handler, note="Zes inschrijvingen op 40 m².")
    melding = signal.melding
    assert (melding.source, melding.category, melding.address, melding.municipality.code, melding.received_on) == (
        MeldingSource.LAA, "overbewoning", addresses["parade"], "GM0983", dt.date(2026, 1, 31))
    assert melding.description == "LAA-signaal LAA-1 van RvIG: Veel bewoners per m².\n\nZes inschrijvingen op 40 m²."
    assert melding.organisation.name == "Venlo handhaving" and melding.created_by == handler
    assert (signal.signal_number, signal.indicator, signal.municipality.code) == ("LAA-1", "veel_bewoners", "GM0983")
    assert not signal.status_changes.exists()


@pytest.mark.parametrize("indicator, category", [("veelverhuizers", "illegale_verhuur"), ("retourpost", "anders"),
                                                 ("geen_woonfunctie", "onveilige_woonsituatie")])
def test_indicator_decides_the_category(handler, addresses, indicator, category):
    assert enter(handler, indicator=indicator).melding.category == category


def test_enter_refuses_and_stores_nothing(handler, addresses):
    enter(handler)
    before = counts()
    cases = [
        ({"signal_number": "LAA-1"}, "signal_number", "Signaalnummer LAA-1 is al ingevoerd."),
        ({"signal_number": "LAA 2"}, "signal_number",
         "Een signaalnummer bestaat uit ten hoogste 40 letters, cijfers en de tekens - _ / ."),
        ({"signal_number": "LAA-2", "indicator": "zomaar"}, "indicator",
         "Onbekende indicator 'zomaar'; kies uit: veel_bewoners, veelverhuizers, doorgangsadres, retourpost, "
         "geen_woonfunctie, recreatieverblijf, anders."),
        ({"signal_number": "LAA-2", "received_on": TODAY + dt.timedelta(days=1)}, "received_on",
         "De datum van ontvangst ligt in de toekomst."),
        ({"signal_number": "LAA-2", "postcode": "591AA"}, "postcode",
         "Een postcode bestaat uit 4 cijfers en 2 letters, zoals 5911 AA."),
        ({"signal_number": "LAA-2", "house_number": "13"}, "postcode",
         "Venlo heeft geen adres met postcode 5911 AA, huisnummer 13."),
        ({"signal_number": "LAA-2", "house_number": "14"}, "postcode",
         "Venlo heeft geen adres met postcode 5911 AA, huisnummer 14; op dit nummer staan: Parade 14A, Parade 14B."),
        # The Horst address is in the BAG, but not in Venlo.
        ({"signal_number": "LAA-2", "postcode": "5961CC", "house_number": "3"}, "postcode",
         "Venlo heeft geen adres met postcode 5961 CC, huisnummer 3."),
        ({"signal_number": "LAA-2", "house_letter": "AB"}, "house_letter", "Een huisletter is één letter."),
    ]
    for overrides, field, message in cases:
        with pytest.raises(ValidationError) as error:
            enter(handler, **overrides)
        assert error.value.message_dict == {field: [message]}, overrides
    assert counts() == before


def test_enter_with_a_house_letter(handler, addresses):
    assert enter(handler, house_number="14", house_letter="b").melding.address == addresses["14b"]


# --- statuses ------------------------------------------------------------------------------


def set_status(actor, signal, status, on=dt.date(2026, 2, 10), note=""):
    return laa.set_laa_status(actor=actor, signal=signal, status=status, on=on, note=note)


def test_transitions_are_the_table(handler, addresses):
    assert laa.TRANSITIONS == {
        "ontvangen": {"in_onderzoek", "afgerond_met_mutatie", "afgerond_zonder_mutatie"},
        "in_onderzoek": {"afgerond_met_mutatie", "afgerond_zonder_mutatie"},
        "afgerond_met_mutatie": set(), "afgerond_zonder_mutatie": set(),
    }


def test_status_goes_through_investigation_to_closed(handler, addresses):
    signal = enter(handler)
    set_status(handler, signal, "in_onderzoek", on=dt.date(2026, 2, 10))
    with pytest.raises(ValidationError) as error:
        set_status(handler, signal, "in_onderzoek", on=dt.date(2026, 2, 11))
    assert error.value.message_dict == {
        "status": ["Van In onderzoek kan het signaal alleen naar: Afgerond met BRP-mutatie, Afgerond zonder BRP-mutatie."]}
    with pytest.raises(ValidationError) as error:
        set_status(handler, signal, "afgerond_met_mutatie", on=dt.date(2026, 3, 1))
    assert error.value.message_dict == {"note": ["Licht toe wat het onderzoek opleverde."]}
    with pytest.raises(ValidationError) as error:
        set_status(handler, signal, "afgerond_met_mutatie", on=dt.date(2026, 2, 9), note="Vier personen uitgeschreven.")
    assert error.value.message_dict == {"on": ["De datum ligt voor de vorige status (10-02-2026)."]}
    set_status(handler, signal, "afgerond_met_mutatie", on=dt.date(2026, 3, 1), note="Vier personen uitgeschreven.")
    with pytest.raises(ValidationError) as error:
        set_status(handler, signal, "afgerond_zonder_mutatie", on=dt.date(2026, 3, 2), note="Toch niet.")
    assert error.value.message_dict == {
        "status": ["Dit signaal is afgerond (Afgerond met BRP-mutatie); de status verandert niet meer."]}
    history = list(signal.status_changes.values_list("status", "on", "note", "actor_name"))
    assert history == [("in_onderzoek", dt.date(2026, 2, 10), "", handler.username),
                       ("afgerond_met_mutatie", dt.date(2026, 3, 1), "Vier personen uitgeschreven.", handler.username)]


def test_status_may_close_at_once_but_not_go_back_to_received(handler, addresses):
    signal = enter(handler)
    with pytest.raises(ValidationError) as error:
        set_status(handler, signal, "ontvangen")
    assert list(error.value.message_dict) == ["status"]
    set_status(handler, signal, "afgerond_zonder_mutatie", note="Bewoners staan juist ingeschreven.")
    assert signal.status_changes.get().status == "afgerond_zonder_mutatie"


def test_status_date_not_in_the_future_nor_before_the_signal(handler, addresses):
    signal = enter(handler)
    for on, message in ((TODAY + dt.timedelta(days=1), "De datum ligt in de toekomst."),
                        (dt.date(2026, 1, 30), "De datum ligt voor de ontvangst van het signaal (31-01-2026)."),
                        (None, "Vul de datum in.")):
        with pytest.raises(ValidationError) as error:
            set_status(handler, signal, "in_onderzoek", on=on)
        assert error.value.message_dict == {"on": [message]}
    assert not LaaStatusChange.objects.exists()
    set_status(handler, signal, "in_onderzoek", on=dt.date(2026, 1, 31))  # the same day is allowed


def test_history_is_never_edited(handler, addresses):
    change = set_status(handler, enter(handler), "in_onderzoek")
    with pytest.raises(DatabaseError), transaction.atomic():
        LaaStatusChange.objects.filter(pk=change.pk).update(note="achteraf")
    with pytest.raises(DatabaseError), transaction.atomic():
        LaaStatusChange.objects.filter(pk=change.pk).delete()


# --- overdue flags and figures -------------------------------------------------------------


def test_overdue_flags_filters_and_figures(handler, addresses):
    """On 1 March 2026: a signal received 31 January has its status due 28 February (late), its
    result due 31 July (open); one received 1 February has its status due 1 March (on time)."""
    today = dt.date(2026, 3, 1)
    late = enter(handler, signal_number="A", received_on=dt.date(2026, 1, 31))
    on_time = enter(handler, signal_number="B", received_on=dt.date(2026, 2, 1))
    investigating = enter(handler, signal_number="C", received_on=dt.date(2026, 1, 2))
    set_status(handler, investigating, "in_onderzoek", on=dt.date(2026, 2, 27))
    # Received 31 August 2025: result due 28 February 2026, so late on 1 March though its status came in time.
    result_late = enter(handler, signal_number="D", received_on=dt.date(2025, 8, 31))
    set_status(handler, result_late, "in_onderzoek", on=dt.date(2025, 9, 5))
    closed_with = enter(handler, signal_number="E", received_on=dt.date(2025, 6, 1))
    set_status(handler, closed_with, "afgerond_met_mutatie", on=dt.date(2025, 7, 1), note="Uitgeschreven.")
    closed_without = [enter(handler, signal_number=n, received_on=dt.date(2025, 6, 1)) for n in ("F", "G")]
    for signal in closed_without:
        set_status(handler, signal, "afgerond_zonder_mutatie", on=dt.date(2025, 7, 1), note="Klopt.")
    scope = scope_for(handler)

    def numbers(**filters):
        return [s.signal_number for s in signal_list(scope, today=today, **filters)]

    assert numbers() == ["B", "A", "C", "D", "G", "F", "E"]
    assert numbers(overdue="status") == ["A"]
    assert numbers(overdue="resultaat") == ["D"]
    assert numbers(status="in_onderzoek") == ["C", "D"]
    assert numbers(status="ontvangen") == ["B", "A"]
    by_number = {row.signal.signal_number: row for row in rows(list(signal_list(scope, today=today)), today)}
    flags = {n: [(s.due, s.met, s.overdue) for s in row.deadlines] for n, row in by_number.items()}
    assert flags["A"] == [(dt.date(2026, 2, 28), False, True), (dt.date(2026, 7, 31), False, False)]
    assert flags["B"] == [(dt.date(2026, 3, 1), False, False), (dt.date(2026, 8, 1), False, False)]
    assert flags["D"] == [(dt.date(2025, 9, 28), True, False), (dt.date(2026, 2, 28), False, True)]
    assert flags["E"] == [(dt.date(2025, 6, 29), True, False), (dt.date(2025, 12, 1), True, False)]
    result = figures(scope, today)
    assert (result.total, result.open, result.overdue, result.closed_with_change, result.closed_without_change) == (
        7, 4, {"status": 1, "resultaat": 1}, 1, 2)
    assert result.hit_percentage == 33  # 1 of 3 closed led to a BRP change
    # A day later B's status is late too.
    assert [s.signal_number for s in signal_list(scope, today=dt.date(2026, 3, 2), overdue="status")] == ["B", "A"]


def test_hit_rate_without_closed_signals_is_unknown(handler, addresses):
    enter(handler)
    assert figures(scope_for(handler), TODAY).hit_rate is None


# --- importing RvIG's file -----------------------------------------------------------------


GOOD = csv_file(
    "LAA-10;0983019000000012;;;;;veel_bewoners;2026-01-31",
    "LAA-11;;5911 aa;14;a;;veelverhuizers;31-01-2026",
    "",  # empty lines are skipped
    "LAA-12;0983019000000142;5911AA;14;B;;retourpost;2026-02-02",
)


def test_import_stores_every_row_and_twice_changes_nothing(handler, addresses):
    report = import_file(handler, GOOD)
    assert report.accepted and (report.created, report.skipped) == (3, 0)
    signals = {s.signal_number: s for s in LaaSignal.objects.select_related("melding__address")}
    assert {n: (s.melding.address, s.indicator, s.received_on, s.melding.source) for n, s in signals.items()} == {
        "LAA-10": (addresses["parade"], "veel_bewoners", dt.date(2026, 1, 31), "laa"),
        "LAA-11": (addresses["14a"], "veelverhuizers", dt.date(2026, 1, 31), "laa"),
        "LAA-12": (addresses["14b"], "retourpost", dt.date(2026, 2, 2), "laa"),
    }
    before = counts()
    again = import_file(handler, GOOD)
    assert again.accepted and (again.created, again.skipped) == (0, 3)
    assert counts() == before == (3, 3)


def test_import_with_commas_and_columns_in_another_order(handler, addresses):
    data = b"\xef\xbb\xbfDatum,Indicator,Signaalnummer,Postcode,Huisnummer\n2026-01-31,anders,X-1,5911AA,12\n"
    report = import_file(handler, data)
    assert report.accepted and report.created == 1
    assert LaaSignal.objects.get().melding.address == addresses["parade"]


def test_a_refused_file_names_row_column_and_rule_and_stores_nothing(handler, addresses):
    enter(handler, signal_number="LAA-OLD", received_on=dt.date(2026, 1, 5))
    before = counts()
    future = (TODAY + dt.timedelta(days=1)).isoformat()
    data = csv_file(
        "LAA-20;0983019000000012;;;;;veel_bewoners;2026-01-31",  # good, but the file is refused as a whole
        "LAA 21;;5911AA;12;;;veel_bewoners;2026-01-31",
        "LAA-22;;5911AA;12;;;zomaar;2026-01-31",
        "LAA-23;;5911AA;12;;;veel_bewoners;31-02-2026",
        f"LAA-24;;5911AA;12;;;veel_bewoners;{future}",
        "LAA-25;;5911AA;13;;;veel_bewoners;2026-01-31",
        "LAA-26;;5911AA;14;;;veel_bewoners;2026-01-31",
        "LAA-27;1507019000000003;;;;;veel_bewoners;2026-01-31",
        "LAA-28;12345;;;;;veel_bewoners;2026-01-31",
        "LAA-29;0983019000000012;5911AA;14;A;;veel_bewoners;2026-01-31",
        "LAA-30;;;;;;veel_bewoners;2026-01-31",
        "LAA-20;0983019000000141;;;;;veel_bewoners;2026-01-31",
        "LAA-OLD;0983019000000012;;;;;veel_bewoners;2026-01-31",
        "LAA-31;;5911AA;0;;;veel_bewoners;",
        "LAA-32;0983019000000012;veel_bewoners;2026-01-31",
    )
    report = import_file(handler, data)
    assert not report.accepted and report.created == 0
    assert [str(fault) for fault in report.faults] == [
        "Rij 3, kolom signaalnummer: Een signaalnummer bestaat uit ten hoogste 40 letters, cijfers en de tekens - _ / .",
        "Rij 4, kolom indicator: Onbekende indicator 'zomaar'; kies uit: veel_bewoners, veelverhuizers, "
        "doorgangsadres, retourpost, geen_woonfunctie, recreatieverblijf, anders.",
        "Rij 5, kolom datum: '31-02-2026' is geen datum; schrijf JJJJ-MM-DD of DD-MM-JJJJ.",
        "Rij 6, kolom datum: De datum van ontvangst ligt in de toekomst.",
        "Rij 7, kolom postcode: Venlo heeft geen adres met postcode 5911 AA, huisnummer 13.",
        "Rij 8, kolom postcode: Venlo heeft geen adres met postcode 5911 AA, huisnummer 14; "
        "op dit nummer staan: Parade 14A, Parade 14B.",
        "Rij 9, kolom bag_id: Venlo heeft geen adres met BAG-id 1507019000000003.",
        "Rij 10, kolom bag_id: Een BAG-id bestaat uit 16 cijfers.",
        "Rij 11, kolom postcode: Postcode en huisnummer horen niet bij BAG-id 0983019000000012.",
        "Rij 12, kolom postcode: Vul een BAG-id of een postcode en huisnummer in.",
        "Rij 13, kolom signaalnummer: Dit signaalnummer staat ook in rij 2.",
        "Rij 14, kolom signaalnummer: Signaalnummer LAA-OLD is al ingelezen met een ander adres, een andere "
        "indicator of datum.",
        "Rij 15, kolom datum: Vul de datum van ontvangst in.",
        "Rij 15, kolom huisnummer: Een huisnummer is een geheel getal groter dan 0.",
        "Rij 16: 4 velden, de kopregel heeft er 8.",
    ]
    assert counts() == before


@pytest.mark.parametrize("data, faults", [
    (b"", ["Het bestand is leeg."]),
    (b"\xff\xfe\x00s", ["Het bestand is geen tekst in UTF-8; sla het op als CSV UTF-8."]),
    (HEADER.encode() + b"\n", ["Het bestand bevat geen signalen."]),
    (b"signaalnummer;bag_id;indicator;datum;opmerking\nA;0983019000000012;anders;2026-01-31;x\n",
     ["Rij 1, kolom opmerking: Onbekende kolom; toegestaan zijn: signaalnummer, indicator, datum, bag_id, postcode, "
      "huisnummer, huisletter, toevoeging."]),
    (b"signaalnummer;postcode;indicator\nA;5911AA;anders\n",
     ["Rij 1, kolom datum: Deze kolom ontbreekt.",
      "Rij 1, kolom bag_id: Geef de kolom bag_id of de kolommen postcode en huisnummer."]),
    (b"signaalnummer;bag_id;bag_id;indicator;datum\nA;0983019000000012;0983019000000012;anders;2026-01-31\n",
     ["Rij 1, kolom bag_id: Deze kolom staat er twee keer in."]),
])
def test_a_file_that_is_not_a_signal_list_is_refused(handler, addresses, data, faults):
    report = import_file(handler, data)
    assert [str(fault) for fault in report.faults] == faults
    assert counts() == (0, 0)


def test_too_many_rows_are_refused(handler, addresses, monkeypatch):
    monkeypatch.setattr(laa, "MAX_ROWS", 2)
    report = import_file(handler, GOOD)
    assert [str(fault) for fault in report.faults] == ["Het bestand bevat 3 signalen; ten hoogste 2 per bestand."]


def test_import_reads_addresses_in_one_query(handler, addresses, django_assert_max_num_queries):
    lines = [f"N-{n};;5911AA;12;;;anders;2026-01-31" for n in range(40)]
    venlo = municipality("GM0983")
    with django_assert_max_num_queries(2):  # the addresses, the signals already known
        report = laa.check_laa_file(municipality=venlo, data=csv_file(*lines))
    assert report.accepted and len(report.new) == 40


_FIELD = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "LAA-1", "0983019000000012", "1507019000000003", "5911AA", "5911 aa", "12", "14", "a", "B",
                     "veel_bewoners", "anders", "2026-01-31", "31-01-2026", "2999-01-01", '"', ";", "\n"]),
)
_ROW = st.lists(_FIELD, min_size=0, max_size=10).map(";".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=st.one_of(st.just(HEADER), _ROW), lines=st.lists(_ROW, max_size=6), noise=st.binary(max_size=40))
def test_the_file_check_answers_every_input_with_faults_or_rows(handler, addresses, header, lines, noise):
    """Whatever the file, the check never fails with an error of its own: it accepts rows on Venlo
    addresses, or names faults within the file's rows."""
    venlo = municipality("GM0983")
    for data in (csv_file(*lines, header=header), noise, csv_file(*lines, header=header) + noise):
        report = laa.check_laa_file(municipality=venlo, data=data)
        if report.accepted:
            assert all(row.address.municipality_id == venlo.pk for row in report.new)
        else:
            assert not report.new or report.faults
            last_row = data.count(b"\n") + data.count(b"\r") + 1  # the csv module ends a row at either
            assert all(fault.row is None or 1 <= fault.row <= last_row for fault in report.faults)
            assert all(str(fault) for fault in report.faults)


# --- pages ---------------------------------------------------------------------------------


def test_list_page_shows_figures_filters_and_the_link_from_the_queue(client, handler, addresses):
    late = enter(handler, signal_number="LATE-1", received_on=TODAY - dt.timedelta(days=29))
    enter(handler, signal_number="INTIME-1", received_on=TODAY - dt.timedelta(days=28))
    client.force_login(handler)
    html = client.get("/meldingen/").content.decode()
    assert 'id="laa-link" href="/meldingen/laa/"' in html
    response = client.get("/meldingen/laa/")
    html = response.content.decode()
    assert response.status_code == 200 and "LATE-1" in html and "INTIME-1" in html
    assert '<dd id="laa-open">2</dd>' in html and '<dd id="laa-overdue-status">1</dd>' in html
    assert html.count("Status te laat</span>") == 1
    html = client.get("/meldingen/laa/?te_laat=status").content.decode()
    assert "LATE-1" in html and "INTIME-1" not in html
    laa.set_laa_status(actor=handler, signal=late, status="afgerond_met_mutatie", on=TODAY, note="Uitgeschreven.")
    html = client.get("/meldingen/laa/").content.decode()
    assert '<dd id="laa-hit-rate">100% (1 van 1 afgerond met BRP-mutatie)</dd>' in html
    assert '<dd id="laa-open">1</dd>' in html and '<dd id="laa-overdue-status">0</dd>' in html


def test_signal_page_logs_the_read_and_sets_a_status(client, handler, addresses):
    signal = enter(handler, received_on=TODAY - dt.timedelta(days=3))
    client.force_login(handler)
    response = client.get(f"/meldingen/laa/{signal.pk}/")
    html = response.content.decode()
    assert response.status_code == 200 and f'href="/meldingen/{signal.melding.pk}/"' in html
    assert "no-store" in response["Cache-Control"]
    melding_page = client.get(f"/meldingen/{signal.melding.pk}/").content.decode()
    assert f'<a href="/meldingen/laa/{signal.pk}/">signaal {signal.signal_number}</a>' in melding_page
    entry = ProcessingLogEntry.objects.get(name="LAA-signaal inzien")
    assert entry.actor == handler
    response = client.post(f"/meldingen/laa/{signal.pk}/status/",
                           {"status": "afgerond_met_mutatie", "on": TODAY.isoformat(), "note": ""})
    assert response.status_code == 400 and "Licht toe wat het onderzoek opleverde." in response.content.decode()
    response = client.post(f"/meldingen/laa/{signal.pk}/status/",
                           {"status": "in_onderzoek", "on": TODAY.isoformat(), "note": ""})
    assert response.status_code == 302
    assert list(signal.status_changes.values_list("status", flat=True)) == ["in_onderzoek"]
    html = client.get(f"/meldingen/laa/{signal.pk}/").content.decode()
    assert '<dd id="laa-status">In onderzoek</dd>' in html and 'value="in_onderzoek"' not in html


def test_enter_page(client, handler, addresses):
    client.force_login(handler)
    data = {"postcode": "5911AA", "house_number": "13", "signal_number": "P-1", "indicator": "anders",
            "received_on": "2026-01-31", "note": ""}
    response = client.post("/meldingen/laa/nieuw/", data)
    assert response.status_code == 400 and "Venlo heeft geen adres met postcode 5911 AA, huisnummer 13." in (
        response.content.decode())
    assert counts() == (0, 0)
    response = client.post("/meldingen/laa/nieuw/", {**data, "house_number": "12"})
    signal = LaaSignal.objects.get()
    assert response.status_code == 302 and response.url == f"/meldingen/laa/{signal.pk}/"


def test_import_page_refuses_with_the_report_and_accepts(client, handler, addresses):
    client.force_login(handler)
    bad = SimpleUploadedFile("laa.csv", csv_file("A;;5911AA;13;;;anders;2026-01-31"))
    response = client.post("/meldingen/laa/inlezen/", {"file": bad})
    html = response.content.decode()
    assert response.status_code == 400 and "Er is niets opgeslagen." in html
    assert "Rij 2, kolom postcode: Venlo heeft geen adres met postcode 5911 AA, huisnummer 13." in html
    assert counts() == (0, 0)
    response = client.post("/meldingen/laa/inlezen/", {"file": SimpleUploadedFile("laa.csv", GOOD)}, follow=True)
    assert "3 signalen ingelezen; 0 stonden er al in en zijn overgeslagen." in response.content.decode()
    assert counts() == (3, 3)


def test_access(client, handler, viewer, horst_handler, fire_handler, orgs, addresses):
    signal = enter(handler)
    post = {"status": "in_onderzoek", "on": TODAY.isoformat(), "note": ""}
    client.force_login(viewer)  # reads, may not act
    assert client.get(f"/meldingen/laa/{signal.pk}/").status_code == 200
    assert "Status vastleggen" not in client.get(f"/meldingen/laa/{signal.pk}/").content.decode()
    assert client.post(f"/meldingen/laa/{signal.pk}/status/", post).status_code == 403
    assert client.get("/meldingen/laa/nieuw/").status_code == 403
    assert client.post("/meldingen/laa/inlezen/", {"file": SimpleUploadedFile("laa.csv", GOOD)}).status_code == 403
    client.force_login(horst_handler)  # Horst's own list, without Venlo's signal
    response = client.get("/meldingen/laa/")
    assert response.status_code == 200 and "LAA-1" not in response.content.decode()
    client.force_login(fire_handler)
    assert client.get("/meldingen/laa/").status_code == 404
    for outsider in (horst_handler, fire_handler):
        client.force_login(outsider)
        assert client.get(f"/meldingen/laa/{signal.pk}/").status_code == 404
        assert client.post(f"/meldingen/laa/{signal.pk}/status/", post).status_code == 404
    client.force_login(fire_handler)
    assert client.get("/meldingen/laa/inlezen/").status_code == 404
    assert 'id="laa-link"' not in client.get("/meldingen/").content.decode()
    # Another Venlo department reads and handles the municipality's signals too.
    civil = MembershipFactory(organisation=orgs["burgerzaken"]).user
    client.force_login(civil)
    assert client.post(f"/meldingen/laa/{signal.pk}/status/", post).status_code == 302
    assert not LaaStatusChange.objects.exclude(actor=civil).exists()


# --- the demo region -----------------------------------------------------------------------


def test_demo_signals_follow_the_rules():
    counts = generate_demo_region(addresses=600, seed=7, today=TODAY)
    signals = list(LaaSignal.objects.select_related("melding").prefetch_related("status_changes"))
    assert counts["laa_signals"] == len(signals) > 0
    statuses = set()
    for signal in signals:
        assert signal.melding.source == "laa" and signal.municipality_id == signal.melding.municipality_id
        current, last_on = "ontvangen", signal.received_on
        for change in signal.status_changes.all():
            assert change.status in laa.TRANSITIONS[current], signal
            assert last_on <= change.on <= TODAY and (change.note or change.status not in laa.CLOSED)
            current, last_on = change.status, change.on
        statuses.add(current)
    assert statuses == {"ontvangen", "in_onderzoek", "afgerond_met_mutatie", "afgerond_zonder_mutatie"}
