"""The virus-scan hook on the public meldpunt's photos, through the form (clamd stand-in on a real
socket: tests/core/clamd.py)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from regiekamer.meldingen.models import Melding, MeldingAttachment
from regiekamer.meldpunt.models import Report
from tests.core.clamd import EICAR, SIGNATURE, clamd, scanner_down  # noqa: F401 (fixtures)

from .conftest import VENLO_FORM, valid

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def _post(files):
    return Client(REMOTE_ADDR="192.0.2.10").post(VENLO_FORM, {**valid(), "photos": files})


def test_an_infected_photo_is_refused_on_the_photo_field_and_nothing_is_stored(world, clamd, settings):
    response = _post([SimpleUploadedFile("kamer.jpg", JPEG + EICAR, "image/jpeg")])

    page = response.content.decode()
    assert response.status_code == 400
    assert (f'<a class="utrecht-link utrecht-link--html-a" href="#id_photos">Foto&#x27;s (als u die heeft): '
            f"„kamer.jpg” is geweigerd: de virusscanner vond er {SIGNATURE} in. Er is niets opgeslagen.</a>") in page
    assert (Melding.objects.count(), Report.objects.count(), MeldingAttachment.objects.count()) == (0, 0, 0)
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_a_clean_photo_is_scanned_once_and_stored(world, clamd):
    assert _post([SimpleUploadedFile("kamer.jpg", JPEG, "image/jpeg")]).status_code == 302
    assert MeldingAttachment.objects.get().file.read() == JPEG
    assert [s.data for s in clamd.streams] == [JPEG]


def test_an_unreachable_scanner_refuses_the_report(world, scanner_down):
    response = _post([SimpleUploadedFile("kamer.jpg", JPEG, "image/jpeg")])
    assert response.status_code == 400 and "Virusscanner niet bereikbaar: „kamer.jpg”" in response.content.decode()
    assert Melding.objects.count() == 0
