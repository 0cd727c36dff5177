"""Following a report by its code: the status and dates, never the content."""

import datetime as dt

from django.test import Client

from regiekamer.cases.models import CaseType
from regiekamer.meldingen import services as meldingen
from regiekamer.meldingen.models import Melding

from .conftest import VENLO_FORM, valid


def _report(client: Client, **changes) -> str:
    response = client.post(VENLO_FORM, valid(**changes))
    assert response.status_code == 302
    return client.get(response.url).content.decode().split('id="reference-code">')[1].split("<")[0]


def test_the_code_shows_the_status_and_dates_only(world):
    client = Client()
    code = _report(client, description="Geheime inhoud: zestien mensen in vier kamers.")
    response = client.post("/meldpunt/nl/status/", {"code": code.lower().replace("-", " ")})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ontvangen" in page and f"{dt.date.today():%-d-%-m-%Y}" in page
    for secret in ("Geheime inhoud", "Parade", "Anna Nowak", "anna@example.org", Melding.objects.get().reference):
        assert secret not in page
    assert "no-store" in response["Cache-Control"]


def test_the_status_follows_the_intake(world):
    client = Client()
    code = _report(client)
    melding = Melding.objects.get()
    meldingen.promote_melding(actor=world["handler"], melding=melding, case_type=CaseType.values[0],
                              responsible=world["orgs"]["venlo"])
    page = client.post("/meldpunt/nl/status/", {"code": code}).content.decode()
    assert "Ontvangen" in page and "In behandeling" in page and "Afgesloten" not in page


def test_a_rejected_melding_reads_closed(world):
    client = Client()
    code = _report(client)
    meldingen.reject_melding(actor=world["handler"], melding=Melding.objects.get(), reason="Geen aanwijzingen gevonden.")
    page = client.post("/meldpunt/nl/status/", {"code": code}).content.decode()
    assert "Afgesloten" in page


def test_a_wrong_code_gets_a_clear_message(world):
    response = Client().post("/meldpunt/nl/status/", {"code": "ABCD-EFGH-JKLM"})
    assert response.status_code == 400
    assert "We vinden geen melding met deze code." in response.content.decode()
    response = Client().post("/meldpunt/nl/status/", {"code": ""})
    assert response.status_code == 400 and "Vul dit veld in." in response.content.decode()


def test_codes_are_twelve_symbols_without_look_alikes():
    from regiekamer.meldpunt import codes
    made = {codes.new_code() for _ in range(200)}
    assert len(made) == 200
    for code in made:
        assert len(code) == 14 and code[4] == code[9] == "-"
        assert not set(code.replace("-", "")) & set("01OI")
    assert codes.normalise(" 7kqm 4wxa-p9zd ") == "7KQM4WXAP9ZD"
    assert codes.normalise("7KQM-4WXA-P9Z0") is None  # 0 is not in the alphabet


def test_a_case_passed_on_reads_referred_and_a_closed_case_closed_with_its_date(world):
    from regiekamer.cases.models import Case, CaseStatus
    client = Client()
    code = _report(client)
    melding = meldingen.promote_melding(actor=world["handler"], melding=Melding.objects.get(),
                                        case_type=CaseType.values[0], responsible=world["orgs"]["venlo"])
    Case.objects.filter(pk=melding.case_id).update(status=CaseStatus.REFERRED)
    page = client.post("/meldpunt/nl/status/", {"code": code}).content.decode()
    assert "Doorgestuurd naar een andere organisatie" in page and "In behandeling" not in page
    Case.objects.filter(pk=melding.case_id).update(status=CaseStatus.CLOSED, closed_on=dt.date(2026, 1, 5))
    page = client.post("/meldpunt/nl/status/", {"code": code}).content.decode()
    assert "In behandeling" in page and "Afgesloten</strong>: 5-1-2026" in page


def test_old_throttle_rows_of_every_rule_go_when_a_new_request_comes(world):
    from django.utils import timezone

    from regiekamer.meldpunt import throttle
    from regiekamer.meldpunt.models import ThrottleEvent
    ThrottleEvent.objects.create(bucket="status-code", digest="0" * 64, at=timezone.now() - dt.timedelta(hours=2))
    throttle.take("post-ip", "192.0.2.1")
    assert list(ThrottleEvent.objects.values_list("bucket", flat=True)) == ["post-ip"]
