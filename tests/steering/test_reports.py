"""The quarterly council report: its figures are the dashboard's, and the PDF, CSV and Excel file write them.

A small Venlo, reported for the third quarter of 2025 on 15 November 2025:
  meldingen: 10 July (overbewoning, burger, handled 1 August: in time), 30 September (brandonveiligheid,
             anoniem; the quarter's last day), 1 October (after the quarter), 15 March (the year's first
             quarter), and one in Horst on 10 July (another municipality)
    -> received in the quarter: July 1, August 0, September 1 = 2; the year to date: Q1 1, Q2 0, Q3 2 = 3
    -> handled: August 1; in time 1 of 1 = 100%
  inspections: 1 July (no violation; the quarter's first day), 20 August (a serious violation, in a case),
               and 30 June (no access; the quarter before)
    -> carried out in the quarter 2 (July 1, August 1), with access 2, with a violation 1: hit rate 50%
    -> the year to date: 3 carried out, 2 with access, 1 violation: 50%
  one open case (overbewoning, opened 1 August 2025, due 1 September): open 1, over its term 1, 106 days old
  occupancy snapshots of neighbourhood BU09830101: 3 over the norm on 31 August, 2 on 30 September
  a project for 2025 with the target of 10 inspections: 3 by 15 November, 8.7 expected at an even pace
"""

import csv
import datetime as dt
import io
import re

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from pypdf import PdfReader

from regiekamer.inspections.models import Inspection
from regiekamer.meldingen.models import Melding
from regiekamer.organisations.models import OrganisationKind as K
from regiekamer.organisations.models import Role
from regiekamer.steering import report_services, reports
from regiekamer.steering.dashboard import municipal
from regiekamer.steering.models import (
    OccupancySnapshot,
    Project,
    Report,
    ReportStatus,
    Target,
)
from regiekamer.steering.reports import report_figures
from tests.factories import (
    AddressFactory,
    CaseFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    municipality,
)

TODAY = dt.date(2025, 11, 15)
AREA = "BU09830101"


@pytest.fixture
def venlo(db):
    return municipality("GM0983")


@pytest.fixture
def world(venlo):
    horst = municipality("GM1507")
    address = AddressFactory(street="Geheimstraat", house_number=7, postcode="5911ZZ", area_code=AREA)
    other = AddressFactory(street="Geheimstraat", house_number=9, postcode="5911ZZ", area_code=AREA)
    horst_address = AddressFactory(municipality=horst, area_code="BU15070101", building__municipality=horst)
    case = CaseFactory(address=address, opened_on=dt.date(2025, 8, 1), due_on=dt.date(2025, 9, 1),
                       responsible=OrganisationFactory(municipality=venlo))
    melding = {"address": address, "municipality": address.municipality, "category": "overbewoning",
               "source": "burger"}
    Melding.objects.create(**melding, received_on=dt.date(2025, 7, 10), handled_on=dt.date(2025, 8, 1),
                           status="gekoppeld", case=case)
    Melding.objects.create(address=other, municipality=other.municipality, category="brandonveiligheid",
                           source="anoniem", received_on=dt.date(2025, 9, 30))
    Melding.objects.create(**melding, received_on=dt.date(2025, 10, 1))
    Melding.objects.create(**melding, received_on=dt.date(2025, 3, 15))
    Melding.objects.create(address=horst_address, municipality=horst, category="overbewoning", source="burger",
                           received_on=dt.date(2025, 7, 10))
    Inspection.objects.create(address=other, municipality=other.municipality, inspected_on=dt.date(2025, 7, 1),
                              outcome="no_violation")
    Inspection.objects.create(address=address, municipality=address.municipality,
                              inspected_on=dt.date(2025, 8, 20), outcome="violation",
                              severity="serious", case=case)
    Inspection.objects.create(address=other, municipality=other.municipality, inspected_on=dt.date(2025, 6, 30),
                              outcome="no_access")
    for day, over in ((dt.date(2025, 8, 31), 3), (dt.date(2025, 9, 30), 2)):
        OccupancySnapshot.objects.create(municipality=venlo, area_code=AREA, on=day, addresses=10, over_norm=over,
                                         persons=40, latitude=51.37, longitude=6.17, taken_at=dt.datetime(
                                             day.year, day.month, day.day, 23, 0, tzinfo=dt.UTC))
    project = Project.objects.create(name="Aanpak 2025", municipality=venlo, aim="Minder overbewoning",
                                     starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 12, 31))
    Target.objects.create(project=project, measure="controles_uitgevoerd", kind="count", value=10)
    return {"case": case, "address": address}


def test_the_report_counts_the_quarter_and_the_year_by_hand(venlo, world):
    figures = report_figures(venlo, 2025, 3, TODAY)
    q, y = "2025-Q3", "2025-Q1/2025-Q3"
    assert [m.key for m in figures.months] == ["2025-07", "2025-08", "2025-09"]
    value = figures.value
    assert [value("meldingen_ontvangen", p) for p in ("2025-07", "2025-08", "2025-09", q)] == [1, 0, 1, 2]
    assert [value("meldingen_ontvangen", p) for p in ("2025-Q1", "2025-Q2", y)] == [1, 0, 3]
    assert value("meldingen_ontvangen", q, "categorie", "Overbewoning") == 1
    assert value("meldingen_ontvangen", q, "categorie", "Brandonveiligheid") == 1
    assert value("meldingen_ontvangen", y, "categorie", "Overbewoning") == 2
    assert value("meldingen_ontvangen", y, "bron", "Anoniem") == 1
    assert [value("meldingen_afgehandeld", p) for p in ("2025-07", "2025-08", q, y)] == [0, 1, 1, 1]
    assert value("meldingen_op_tijd_pct", q) == 100.0
    assert [value("controles_uitgevoerd", p) for p in ("2025-07", "2025-08", "2025-09", q, y)] == [1, 1, 0, 2, 3]
    assert value("controles_met_toegang", y) == 2
    assert value("controles_overtreding", q, "ernst", "Ernstig") == 1
    assert [value("trefkans", p) for p in ("2025-07", "2025-08", "2025-09", q, y)] == [0.0, 100.0, None, 50.0, 50.0]
    assert [value("adressen_boven_norm", p) for p in ("2025-07", "2025-08", "2025-09", q)] == [None, 3, 2, 2]
    assert value("zaken_geopend", q) == 1
    state = TODAY.isoformat()
    assert value("zaken_open", state) == 1
    assert value("zaken_over_termijn", state, "status", "Nieuw") == 1
    assert value("zaken_leeftijd_mediaan", state, "status", "Nieuw") == (TODAY - dt.date(2025, 8, 1)).days == 106
    assert value("buurt_meldingen", q, "buurt", AREA) == 2
    assert value("buurt_meldingen", y, "buurt", AREA) == 3
    assert value("buurt_overtredingen", q, "buurt", AREA) == 1
    assert value("buurt_boven_norm", "2025-09-30", "buurt", AREA) == 2
    project_period = "2025-01-01/2025-11-15"
    assert value("controles_uitgevoerd", project_period, "doel", "streefwaarde") == 10
    assert value("controles_uitgevoerd", project_period, "doel", "gerealiseerd") == 3
    assert value("controles_uitgevoerd", project_period, "doel", "verwacht bij gelijk tempo") == round(10 * 319 / 365, 1)


def test_the_report_equals_the_dashboards_on_the_screen(venlo, world):
    """Every figure of the quarter page (per month) and of the year page (per quarter) is in the report."""
    figures = report_figures(venlo, 2025, 3, TODAY)
    quarter = municipal(venlo, dt.date(2025, 7, 1), dt.date(2025, 9, 30), "month", TODAY)
    year = municipal(venlo, dt.date(2025, 1, 1), dt.date(2025, 9, 30), "quarter", TODAY)
    checked = 0
    for view, total_key in ((quarter, "2025-Q3"), (year, "2025-Q1/2025-Q3")):
        for figure in [f for s in view.sections for f in s.figures] + [view.occupancy]:
            assert figures.value(figure.key, total_key) == figure.total, figure.key
            for point in figure.series:
                assert figures.value(figure.key, point.bucket.key) == point.value, (figure.key, point.bucket.key)
            for breakdown in figure.breakdowns:
                for part in breakdown.parts:
                    assert figures.value(figure.key, total_key, breakdown.label, part.label) == part.count
            checked += 1
    assert checked == 2 * (sum(len(s.figures) for s in quarter.sections) + 1)


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark, for Excel in Dutch
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_has_one_row_per_figure_period_and_breakdown(venlo, world):
    figures = report_figures(venlo, 2025, 3, TODAY)
    rows = _csv_rows(reports.csv_bytes(figures))
    assert rows[0] == list(reports.COLUMNS)
    assert len(rows) == len(figures.lines) + 1
    by_key = {(r[1], r[4], r[8], r[9]): r for r in rows[1:]}
    assert len(by_key) == len(rows) - 1  # no figure twice
    quarter = by_key[("meldingen_ontvangen", "2025-Q3", "", "")]
    assert quarter == ["Meldingen", "meldingen_ontvangen", "Meldingen ontvangen", "aantal", "2025-Q3", "kwartaal",
                       "2025-07-01", "2025-09-30", "", "", "2"]
    assert by_key[("meldingen_ontvangen", "2025-Q1/2025-Q3", "", "")][5:] == [
        "jaar tot en met kwartaal", "2025-01-01", "2025-09-30", "", "", "3"]
    assert by_key[("meldingen_ontvangen", "2025-08", "", "")][-1] == "0"
    assert by_key[("trefkans", "2025-Q3", "", "")][-1] == "50"
    assert by_key[("trefkans", "2025-09", "", "")][-1] == ""  # nothing to divide
    assert by_key[("meldingen_ontvangen", "2025-Q3", "categorie", "Overbewoning")][-1] == "1"
    assert by_key[("controles_uitgevoerd", "2025-01-01/2025-11-15", "doel", "verwacht bij gelijk tempo")][-1] == "8,7"
    assert by_key[("zaken_open", "2025-11-15", "status", "Nieuw")][-1] == "1"


def test_the_excel_file_holds_the_same_rows_as_numbers_and_dates(venlo, world):
    figures = report_figures(venlo, 2025, 3, TODAY)
    book = openpyxl.load_workbook(io.BytesIO(reports.xlsx_bytes(figures)))
    assert book.sheetnames == ["Cijfers", "Toelichting"]
    sheet_rows = list(book["Cijfers"].iter_rows(values_only=True))
    assert list(sheet_rows[0]) == list(reports.COLUMNS)
    csv_rows = _csv_rows(reports.csv_bytes(figures))
    assert len(sheet_rows) == len(csv_rows)
    for cells, text in zip(sheet_rows[1:], csv_rows[1:]):
        value = cells[10]
        assert isinstance(cells[6], dt.datetime) and cells[6].date().isoformat() == text[6]
        assert ("" if value is None else reports._csv_number(value)) == text[10]
        assert [c or "" for c in cells[:6]] + [c or "" for c in cells[8:10]] == text[:6] + text[8:10]
    row = next(r for r in sheet_rows if r[1] == "controles_uitgevoerd" and r[4] == "2025-Q1/2025-Q3" and not r[8])
    assert row[10] == 3
    notes = [r[0] for r in book["Toelichting"].iter_rows(values_only=True)]
    assert notes[0] == "Kwartaalrapportage Venlo, K3 2025"
    assert "Bron: Regiekamer, geregistreerde gegevens" in notes


def _pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def test_the_pdf_has_the_title_page_the_tables_and_no_address(venlo, world):
    figures = report_figures(venlo, 2025, 3, TODAY)
    text = _pdf_text(reports.pdf_bytes(figures))
    assert "Gemeente Venlo" in text
    assert "bron: Regiekamer, geregistreerde gegevens" in text
    assert "Gemaakt op 15 november 2025" in text
    assert "3e kwartaal van 2025: 1 juli 2025 tot en met 30 september 2025" in text
    # per section: the months, the quarter, the year to date
    assert "Meldingen ontvangen 1 0 1 2 3" in text
    assert "Controles uitgevoerd 1 1 0 2 3" in text
    assert "Trefkans: controles met een overtreding 0% 100% - 50% 50%" in text
    assert "Adressen boven de oppervlaktenorm - 3 2 2 2" in text
    assert "Meldingen ontvangen categorie Overbewoning 1 2" in text
    # the targets, the open cases, the neighbourhoods
    assert "Aanpak 2025: Controles uitgevoerd" in text
    assert "3 van 10; bij gelijk tempo 8.7 op 2025-11-15" in text
    assert "Nieuw 1 1 106 106" in text
    assert f"{AREA} 2 3 2 3 1 2" in text
    for secret in ("Geheimstraat", "5911ZZ", world["address"].bag_id, world["case"].reference):
        assert secret not in text


def test_a_quarter_that_has_not_begun_is_refused(venlo, world):
    with pytest.raises(reports.ReportRefused, match="nog niet begonnen"):
        report_figures(venlo, 2026, 1, TODAY)
    with pytest.raises(reports.ReportRefused, match="1, 2, 3 of 4"):
        report_figures(venlo, 2025, 5, TODAY)


# --- the background task -------------------------------------------------------------------------


def _user(kind=K.MUNICIPAL_ENFORCEMENT, role=Role.VIEWER, place="GM0983"):
    municipal = kind in (K.MUNICIPAL_ENFORCEMENT, K.MUNICIPAL_CIVIL_AFFAIRS, K.MUNICIPAL_SOCIAL, K.MUNICIPAL_TAXES)
    organisation = OrganisationFactory(kind=kind, municipality=municipality(place) if municipal else None)
    return MembershipFactory(organisation=organisation, role=role).user


def test_a_requested_report_is_made_in_the_background_with_the_screens_figures(
        venlo, world, django_capture_on_commit_callbacks):
    user = _user(K.MUNICIPAL_SOCIAL, Role.VIEWER)
    with django_capture_on_commit_callbacks(execute=True):
        report = report_services.request_report(user=user, municipality=venlo, year=2025, quarter=3)
    report.refresh_from_db()
    assert (report.status, report.progress, report.step, report.error) == (ReportStatus.DONE, 100, "Klaar", "")
    assert report.requested_by_name == user.get_username() and report.finished_at is not None
    figures = report_figures(venlo, 2025, 3, timezone.localdate())
    assert bytes(report.csv) == reports.csv_bytes(figures)
    assert "Meldingen ontvangen 1 0 1 2 3" in _pdf_text(bytes(report.pdf))
    sheet = openpyxl.load_workbook(io.BytesIO(bytes(report.xlsx)))["Cijfers"]
    assert sheet.max_row == len(figures.lines) + 1
    # asked again for the same quarter (the first is done): a new report, made again
    with django_capture_on_commit_callbacks(execute=True):
        again = report_services.request_report(user=user, municipality=venlo, year=2025, quarter=3)
    assert again.pk != report.pk and Report.objects.get(pk=again.pk).status == ReportStatus.DONE


def test_the_progress_goes_up_step_by_step(venlo, world):
    report = Report.objects.create(municipality=venlo, year=2025, quarter=3, requested_by_name="t")
    steps = []
    pdf, csv_file, xlsx = reports.build(report, TODAY, lambda percent, step: steps.append((percent, step)))
    assert steps == [(10, "Cijfers van het kwartaal tellen"), (40, "Cijfers van het jaar tot nu tellen"),
                     (70, "PDF opmaken"), (85, "CSV en Excel maken")]
    assert pdf.startswith(b"%PDF") and csv_file.startswith(b"\xef\xbb\xbf") and xlsx.startswith(b"PK")


@pytest.mark.parametrize("year, quarter, message", [
    (2999, 1, "Het 1e kwartaal van 2999 is nog niet begonnen; er is niets te rapporteren."),
    (2025, 5, "Een kwartaal is 1, 2, 3 of 4."),
    (0, 1, "Onverwachte fout bij het maken van de rapportage (ValueError); er is niets opgeslagen."),
])
def test_a_report_that_cannot_be_made_fails_with_a_dutch_error_and_no_file(venlo, year, quarter, message):
    report = Report.objects.create(municipality=venlo, year=year, quarter=quarter, requested_by_name="t")
    assert reports.execute_report(report.pk) == ReportStatus.FAILED
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and report.step == "Mislukt" and report.finished_at is not None
    assert report.error.startswith(message)
    assert report.pdf is None and report.csv is None and report.xlsx is None


def test_a_report_is_made_once(venlo, world):
    report = Report.objects.create(municipality=venlo, year=2025, quarter=3, requested_by_name="t")
    assert reports.execute_report(report.pk) == ReportStatus.DONE
    finished = Report.objects.get(pk=report.pk).finished_at
    assert reports.execute_report(report.pk) == "skipped"
    assert Report.objects.get(pk=report.pk).finished_at == finished


def test_a_report_that_cannot_be_queued_fails_instead_of_waiting_forever(
        venlo, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "regiekamer.steering.no_such_backend.Backend"}}
    with django_capture_on_commit_callbacks(execute=True):
        report = report_services.request_report(user=_user(), municipality=venlo, year=2025, quarter=3)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.error.startswith("De rapportage kon niet in de wachtrij worden gezet")


@pytest.mark.parametrize("year, quarter, field, message", [
    (2025, 4, "quarter", "Het 4e kwartaal van 2025 is nog niet begonnen."),
    (2025, 0, "quarter", "Kies kwartaal 1, 2, 3 of 4."),
    (1999, 4, "year", "Kies een jaar van 2000 tot en met 2025."),
    (2026, 1, "year", "Kies een jaar van 2000 tot en met 2025."),
])
def test_a_request_for_a_quarter_that_has_not_begun_changes_nothing(venlo, year, quarter, field, message):
    with pytest.raises(ValidationError) as refused:
        report_services.request_report(user=_user(), municipality=venlo, year=year, quarter=quarter,
                                       today=dt.date(2025, 8, 15))
    assert refused.value.message_dict == {field: [message]}
    assert not Report.objects.exists()


def test_the_current_quarter_may_be_reported_but_not_twice_at_once(venlo, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}  # stays queued
    user = _user()
    report = report_services.request_report(user=user, municipality=venlo, year=2025, quarter=3,
                                            today=dt.date(2025, 8, 15))
    assert report.status == ReportStatus.QUEUED
    with pytest.raises(ValidationError, match="wordt al gemaakt"):
        report_services.request_report(user=user, municipality=venlo, year=2025, quarter=3, today=dt.date(2025, 8, 15))
    assert Report.objects.count() == 1


@pytest.mark.parametrize("kind, role, place", [
    (K.MUNICIPAL_ENFORCEMENT, Role.VIEWER, "GM1507"),  # another municipality
    (K.POLICE, Role.COORDINATOR, None),
    (K.REGIONAL_PROGRAMME, Role.COORDINATOR, None),
])
def test_only_the_municipality_itself_asks_for_its_report(venlo, kind, role, place):
    with pytest.raises(PermissionDenied):
        report_services.request_report(user=_user(kind, role, place or "GM0983"), municipality=venlo, year=2025,
                                       quarter=3)
    assert not Report.objects.exists()


# --- the pages -----------------------------------------------------------------------------------


def _client(client, user):
    client.force_login(user)
    return client


def test_a_municipal_user_asks_for_a_report_and_downloads_its_files(
        client, venlo, world, django_capture_on_commit_callbacks):
    c = _client(client, _user(K.MUNICIPAL_TAXES, Role.PRIVACY_OFFICER))
    page = c.get("/sturing/gemeente/GM0983/rapportages/")
    assert page.status_code == 200 and 'id="report-form"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post("/sturing/gemeente/gm0983/rapportages/", {"year": "2025", "quarter": "3"})
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/sturing/rapportages/{report.pk}/"
    detail = c.get(f"/sturing/rapportages/{report.pk}/").content.decode()
    assert "hx-get" not in detail and f"/sturing/rapportages/{report.pk}/pdf" in detail
    assert "?van=2025-07-01&amp;tot=2025-09-30&amp;per=maand" in detail  # the same figures on the screen
    assert "?van=2025-01-01&amp;tot=2025-09-30&amp;per=kwartaal" in detail
    for kind, content_type in (("pdf", "application/pdf"), ("csv", "text/csv; charset=utf-8"),
                               ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")):
        file = c.get(f"/sturing/rapportages/{report.pk}/{kind}")
        assert file.status_code == 200 and file["Content-Type"] == content_type
        assert file["Content-Disposition"] == f'attachment; filename="kwartaalrapportage-GM0983-2025-K3.{kind}"'
        assert "no-store" in file["Cache-Control"]
        assert file.content == bytes(getattr(report, kind))
    assert c.get(f"/sturing/rapportages/{report.pk}/docx").status_code == 404
    listing = c.get("/sturing/gemeente/GM0983/rapportages/").content.decode()
    assert f'href="/sturing/rapportages/{report.pk}/"' in listing and "Klaar" in listing


@pytest.mark.parametrize("data, message", [
    ({"year": "twintig", "quarter": "3"}, "Vul een jaar in, bijvoorbeeld 2026."),
    ({"year": "2025", "quarter": "7"}, "Kies kwartaal 1, 2, 3 of 4."),
    ({"year": "1999", "quarter": "1"}, "Kies een jaar van 2000"),
    ({"year": str(dt.date.today().year + 1), "quarter": "1"}, "Kies een jaar van 2000 tot en met"),
    ({}, "Vul een jaar in."),
])
def test_bad_input_gets_a_dutch_message_and_changes_nothing(client, venlo, data, message):
    response = _client(client, _user()).post("/sturing/gemeente/GM0983/rapportages/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Report.objects.exists()


def test_the_progress_is_polled_until_the_report_is_done(client, venlo):
    c = _client(client, _user(K.MUNICIPAL_CIVIL_AFFAIRS, Role.HANDLER))
    report = Report.objects.create(municipality=venlo, year=2025, quarter=3, requested_by_name="t",
                                   status=ReportStatus.RUNNING, progress=40, step="Cijfers van het jaar tot nu tellen")
    page = c.get(f"/sturing/rapportages/{report.pk}/").content.decode()
    assert f'hx-get="/sturing/rapportages/{report.pk}/voortgang/"' in page and 'hx-trigger="every 1s"' in page
    assert "40% · Cijfers van het jaar tot nu tellen" in page
    assert c.get(f"/sturing/rapportages/{report.pk}/pdf").status_code == 404  # not made yet
    partial = c.get(f"/sturing/rapportages/{report.pk}/voortgang/", HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and 'id="report-progress"' in partial.content.decode()
    assert "<html" not in partial.content.decode()
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.FAILED, error="Het ging mis.")
    ended = c.get(f"/sturing/rapportages/{report.pk}/voortgang/", HTTP_HX_REQUEST="true")
    assert ended["HX-Refresh"] == "true"
    assert "Het ging mis." in c.get(f"/sturing/rapportages/{report.pk}/").content.decode()


def test_a_session_that_ended_while_polling_goes_to_the_login_page(client, venlo):
    report = Report.objects.create(municipality=venlo, year=2025, quarter=3, requested_by_name="t")
    response = client.get(f"/sturing/rapportages/{report.pk}/voortgang/", HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].startswith("/inloggen/?next=")


@pytest.mark.parametrize("kind, role, place", [
    (K.MUNICIPAL_ENFORCEMENT, Role.COORDINATOR, "GM1507"),  # another municipality's department
    (K.GGD, Role.COORDINATOR, None),
    (K.REGIONAL_PROGRAMME, Role.VIEWER, None),
])
def test_others_do_not_see_a_municipalitys_reports(client, venlo, kind, role, place):
    report = Report.objects.create(municipality=venlo, year=2025, quarter=3, requested_by_name="t",
                                   status=ReportStatus.DONE, pdf=b"%PDF-1.4", csv=b"x", xlsx=b"x")
    c = _client(client, _user(kind, role, place or "GM0983"))
    for path in ("/sturing/gemeente/GM0983/rapportages/", f"/sturing/rapportages/{report.pk}/",
                 f"/sturing/rapportages/{report.pk}/voortgang/", f"/sturing/rapportages/{report.pk}/pdf"):
        assert c.get(path).status_code == 404, path
    assert c.post("/sturing/gemeente/GM0983/rapportages/", {"year": "2025", "quarter": "3"}).status_code == 404
    assert Report.objects.count() == 1
    no_membership = _client(client, UserFactory())
    assert no_membership.get(f"/sturing/rapportages/{report.pk}/pdf").status_code == 404


def test_a_running_first_quarter_is_its_own_year_to_date(venlo, world):
    """Reported on 10 February 2025: the quarter still runs, and the year to date is the quarter itself."""
    figures = report_figures(venlo, 2025, 1, dt.date(2025, 2, 10))
    assert figures.running and figures.year_key == "2025-Q1/2025-Q1"
    assert [figures.value("meldingen_ontvangen", p) for p in ("2025-01", "2025-02", "2025-03", "2025-Q1")] == [0, 0, 1, 1]
    assert figures.value("meldingen_ontvangen", "2025-Q1/2025-Q1") == 1
    assert not [line for line in figures.lines if line.kind == "kwartaal" and line.period != "2025-Q1"]
    text = _pdf_text(reports.pdf_bytes(figures))
    assert "Het kwartaal loopt nog: de cijfers gaan tot en met 10 februari 2025." in text
    assert "Jaar t/m K1" in text
