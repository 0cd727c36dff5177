"""The access request (AVG art. 15): one ZIP with everything about one person, and nothing about others."""

import io
import json
import zipfile

import pytest
from django.test import Client

from regiekamer.audit.models import ProcessingActivity, ProcessingLogEntry, SubjectType
from regiekamer.audit.services import Subject, record
from regiekamer.meldpunt.models import Report
from regiekamer.privacy.models import AccessRequest, AccessStatus
from regiekamer.registry.services import pseudonymise_bsn
from tests.care.factories import CareReferralFactory
from tests.factories import AddressFactory, CaseFactory, MeldingFactory, RegistrationFactory, municipality

from .helpers import D, officer

pytestmark = pytest.mark.django_db
BSN = "111222333"


def _export(client: Client, kind: str, identifier: str, capture) -> tuple[AccessRequest, dict]:
    with capture(execute=True):  # the task is queued on commit; tests run it at once
        response = client.post("/privacy/inzageverzoeken/", {"subject_kind": kind, "identifier": identifier})
    assert response.status_code == 302
    request = AccessRequest.objects.latest("pk")
    assert request.status == AccessStatus.DONE and request.identifier_encrypted == ""
    download = client.get(f"/privacy/inzageverzoeken/{request.pk}/download/")
    assert download.status_code == 200 and download["Cache-Control"].startswith("no-store")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content) if download.streaming else download.content))
    assert sorted(archive.namelist()) == ["inzage.json", "overzicht.html"]
    return request, json.loads(archive.read("inzage.json"))


def test_a_person_gets_everything_about_them_and_nothing_about_others(django_capture_on_commit_callbacks):
    person, other = pseudonymise_bsn(BSN), pseudonymise_bsn("123456782")
    home = AddressFactory(street="Parade", house_number=7, postcode="5911AA")
    earlier = AddressFactory(street="Maasboulevard", house_number=3, postcode="5911BB")
    RegistrationFactory(address=home, person_ref=person, start_date=D(2024, 2, 1))
    RegistrationFactory(address=earlier, person_ref=person, start_date=D(2022, 1, 1), end_date=D(2023, 12, 31))
    RegistrationFactory(address=home, person_ref=other, start_date=D(2024, 2, 1))
    horst = AddressFactory(municipality=municipality("GM1507"), bag_id="1507010000000099")
    RegistrationFactory(address=horst, person_ref=person, start_date=D(2021, 1, 1))  # another controller
    case = CaseFactory(address=home, opened_on=D(2025, 5, 1))
    CaseFactory(address=earlier, opened_on=D(2025, 1, 1))  # after they left: not about them
    CareReferralFactory(case=case, person_ref=person, reason="Paspoort ingenomen")
    CareReferralFactory(case=case, person_ref=other, reason="Ander persoon-X1")
    user = officer()
    record(actor=user, name="Dossier", operation="read", activity=ProcessingActivity.DOSSIER,
           subjects=[Subject(person, SubjectType.PERSON), Subject(other, SubjectType.PERSON)])

    client = Client()
    client.force_login(user)
    request, document = _export(client, "bsn", BSN, django_capture_on_commit_callbacks)
    data = document["gegevens"]
    assert [(r["adres"].split(",")[0], r["vanaf"], r["tot"]) for r in data["inschrijvingen"]] == [
        ("Maasboulevard 3", "2022-01-01", "2023-12-31"), ("Parade 7", "2024-02-01", None)]
    assert [r["zaak"] for r in data["zaken_op_uw_adres"]] == [case.reference]
    assert [r["reden"] for r in data["doorverwijzingen_naar_zorg"]] == ["Paspoort ingenomen"]
    assert data["trajecten"] == [] and data["eigendom"] == []
    assert [(r["handeling"], r["verwerkingsactiviteit"]) for r in data["verwerkingen"]] == [
        ("Dossier", "Adresdossier raadplegen")]
    text = json.dumps(document)
    assert other not in text and "Ander persoon-X1" not in text and BSN not in text and "1507" not in text
    made = ProcessingLogEntry.objects.filter(processing_activity=ProcessingActivity.ACCESS_REQUEST)
    assert made.count() == 2  # made, and downloaded
    assert BSN not in AccessRequest.objects.get(pk=request.pk).identifier_encrypted


def test_a_meldpunt_reporter_by_e_mail(django_capture_on_commit_callbacks):
    mine = MeldingFactory(source="meldpunt", description="Te veel mensen in de schuur")
    Report.objects.create(melding=mine, topic="te-veel-mensen", landlord="particulier", happened_on=D(2026, 11, 1),
                          language="pl", anonymous=False, contact_email="Anna@Example.org", code_digest="b" * 64)
    theirs = MeldingFactory(source="meldpunt", description="Iemand anders-Y2")
    Report.objects.create(melding=theirs, topic="te-veel-mensen", landlord="particulier", happened_on=D(2026, 11, 1),
                          language="nl", anonymous=False, contact_email="piet@example.org", code_digest="c" * 64)
    client = Client()
    client.force_login(officer())
    _, document = _export(client, "email", "anna@example.org", django_capture_on_commit_callbacks)
    rows = document["gegevens"]["meldingen_als_melder"]
    assert [(r["melding"], r["omschrijving"], r["e_mailadres"]) for r in rows] == [
        (mine.reference, "Te veel mensen in de schuur", "Anna@Example.org")]
    assert "Iemand anders-Y2" not in json.dumps(document)


def test_bad_identifiers_are_refused_and_only_the_asker_downloads(django_capture_on_commit_callbacks):
    user, colleague = officer(), officer(name="collega")
    client = Client()
    client.force_login(user)
    refused = client.post("/privacy/inzageverzoeken/", {"subject_kind": "bsn", "identifier": "123456789"})
    assert refused.status_code == 400 and "geen geldig BSN" in refused.content.decode()
    assert "123456789" not in refused.content.decode()
    assert not AccessRequest.objects.exists()
    request, _ = _export(client, "pseudoniem", "ab" * 16, django_capture_on_commit_callbacks)
    other = Client()
    other.force_login(colleague)
    assert other.get(f"/privacy/inzageverzoeken/{request.pk}/download/").status_code == 404
    assert other.get(f"/privacy/inzageverzoeken/{request.pk}/").status_code == 404
