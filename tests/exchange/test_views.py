"""Deliveries in the browser: upload a zip, the background task checks and stores it while the page
shows its progress, and the report (a table of faults, or the counts); the export download."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from regiekamer.audit.models import Operation, ProcessingActivity, ProcessingLogEntry
from regiekamer.exchange.models import Channel, Delivery, DeliveryStatus
from regiekamer.exchange import services
from regiekamer.exchange.services import SavedProgress, execute, start_upload
from regiekamer.organisations.models import Organisation, OrganisationKind, Role
from regiekamer.registry.models import Address, Registration
from tests.exchange.conftest import ADDRESSES, REGISTRATIONS, counts, zip_bytes
from tests.factories import MembershipFactory, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _uploads(settings, tmp_path):
    settings.UPLOAD_ROOT = tmp_path / "uploads"


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """Post a zip; the task is queued once the request's transaction commits (run here, as in production)."""
    def post(client, data: bytes, name: str = "levering.zip"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/uitwisseling/leveringen/", {"file": SimpleUploadedFile(name, data)})
    return post


def member(organisation, role=Role.COORDINATOR):
    return MembershipFactory(organisation=organisation, role=role).user


def test_upload_runs_the_task_and_shows_the_counts(client, venlo, upload):
    user = member(venlo)
    client.force_login(user)
    response = upload(client, zip_bytes({"addresses.csv": ADDRESSES, "registrations.csv": REGISTRATIONS}))
    delivery = Delivery.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/uitwisseling/leveringen/{delivery.pk}/"
    # Tests run tasks at once: by the time the page opens, the delivery is stored.
    assert (delivery.status, delivery.channel, delivery.delivered_by, delivery.file_name) == (
        DeliveryStatus.ACCEPTED, Channel.BROWSER, user, "levering.zip")
    assert Address.objects.count() == 2 and Registration.objects.count() == 3
    # The uploaded zip (personal data) is not kept once processed.
    assert delivery.upload_path and not (services.upload_root() / delivery.upload_path).exists()
    page = client.get(response["Location"]).content.decode()
    assert "De levering is opgeslagen: 5 nieuw, 0 gewijzigd, 0 ongewijzigd." in page
    assert 'id="count-registrations"' in page and "hx-get" not in page  # finished: no more polling
    logged = ProcessingLogEntry.objects.filter(processing_activity=ProcessingActivity.IMPORT)
    assert {(e.actor_id, e.operation) for e in logged} == {(user.pk, Operation.CREATE)} and logged.count() == 3
    listing = client.get("/uitwisseling/leveringen/").content.decode()
    assert f"/uitwisseling/leveringen/{delivery.pk}/" in listing and user.username in listing


def test_a_refused_upload_shows_the_report_as_a_table(client, venlo, upload):
    client.force_login(member(venlo, Role.ADMINISTRATOR))
    before = counts()
    response = upload(client, zip_bytes({"addresses.csv": ADDRESSES.replace("GM0983", "GM9999", 1)}))
    assert counts() == before
    page = client.get(response["Location"]).content.decode()
    assert "De levering is geweigerd: 1 fout. Er is niets opgeslagen." in page
    row = page[page.index('id="delivery-faults"'):]
    for cell in ("addresses.csv", ">2<", "municipality_code", "<code>unknown_municipality</code>"):
        assert cell in row


def test_progress_while_queued_and_running(client, venlo, settings, upload):
    """With a real queue (the database backend) the delivery waits; the partial polls and shows the step."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    user = member(venlo)
    client.force_login(user)
    response = upload(client, zip_bytes({"addresses.csv": ADDRESSES}))
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.QUEUED and delivery.task_id
    partial = client.get(f"/uitwisseling/leveringen/{delivery.pk}/voortgang/", HTTP_HX_REQUEST="true")
    text = partial.content.decode()
    assert 'hx-trigger="every 2s"' in text and "wacht op de achtergrondverwerking" in text
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.RUNNING)
    SavedProgress(delivery.pk, lambda: 0.0)(35, "controleren")
    text = client.get(f"/uitwisseling/leveringen/{delivery.pk}/voortgang/").content.decode()
    assert 'value="35" max="100"' in text and "35% – controleren" in text
    # The worker picks it up: claimed from the queue, processed, and the partial stops polling.
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.QUEUED)
    assert execute(delivery.pk) == {"delivery": delivery.pk, "status": DeliveryStatus.ACCEPTED}
    assert execute(delivery.pk) == {"delivery": delivery.pk, "status": "skipped"}  # never twice
    text = client.get(f"/uitwisseling/leveringen/{delivery.pk}/voortgang/").content.decode()
    assert "hx-get" not in text and "De levering is opgeslagen: 2 nieuw" in text
    assert response.status_code == 302


def test_not_a_zip_is_refused_at_the_door(client, venlo, upload):
    client.force_login(member(venlo))
    response = upload(client, b"address_id\n1\n", name="addresses.csv")
    assert response.status_code == 400 and "is geen .zip-bestand" in response.content.decode()
    assert not Delivery.objects.exists()


@override_settings(EXCHANGE_UPLOAD_MAX_BYTES=100)
def test_an_upload_over_the_limit(client, venlo, upload):
    client.force_login(member(venlo))
    response = upload(client, zip_bytes({"addresses.csv": ADDRESSES * 5}))
    assert response.status_code == 400 and "is groter dan" in response.content.decode()
    assert not Delivery.objects.exists()


def test_who_may_deliver(client, venlo):
    for role, status in ((Role.VIEWER, 404), (Role.HANDLER, 404), (Role.PRIVACY_OFFICER, 404),
                         (Role.COORDINATOR, 200), (Role.ADMINISTRATOR, 200)):
        client.force_login(member(venlo, role))
        assert client.get("/uitwisseling/leveringen/").status_code == status, role
    with pytest.raises(Exception):
        start_upload(actor=member(venlo, Role.HANDLER), uploaded_file=SimpleUploadedFile("a.zip", b"x"))


def test_the_municipality_sees_a_regional_delivery_about_it(client, venlo, tmp_path):
    from regiekamer.exchange.services import deliver
    from tests.exchange.conftest import write
    from tests.factories import RegionFactory

    region = RegionFactory()
    for code in ("GM0983", "GM1507"):
        place = municipality(code)
        place.region = region
        place.save()
    police = Organisation.objects.create(name="Politie", kind=OrganisationKind.POLICE, region=region)
    horst = Organisation.objects.create(name="Horst", kind=OrganisationKind.MUNICIPAL_ENFORCEMENT,
                                        municipality=municipality("GM1507"))
    delivery = deliver(source=write(tmp_path / "p", addresses_csv=ADDRESSES), organisation=police)
    for organisation, status in ((venlo, 200), (police, 200), (horst, 404)):
        client.force_login(member(organisation))
        assert client.get(f"/uitwisseling/leveringen/{delivery.pk}/").status_code == status, organisation


def test_export_download(client, venlo, tmp_path):
    from regiekamer.exchange.services import deliver
    from tests.exchange.conftest import full_delivery

    deliver(source=full_delivery(tmp_path / "l"), organisation=venlo)
    user = member(venlo)
    client.force_login(user)
    page = client.get("/uitwisseling/export/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    response = client.post("/uitwisseling/export/", {"format": "csv"})
    assert response["Content-Type"] == "application/zip" and "no-store" in response["Cache-Control"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert sorted(archive.namelist()) == ["addresses.csv", "inspections.csv", "ownership.csv", "permits.csv",
                                              "registrations.csv", "signals.csv"]
        assert archive.read("registrations.csv").decode().count("\n") == 4
    exported = ProcessingLogEntry.objects.filter(operation=Operation.EXPORT)
    assert exported.count() == 4 and {e.actor_id for e in exported} == {user.pk}
    assert client.post("/uitwisseling/export/", {"format": "xlsx"}).status_code == 400
