"""The virus-scan hook on the intake's attachments and on the LAA file import (clamd stand-in on a
real socket: tests/core/clamd.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from regiekamer.meldingen import services
from regiekamer.meldingen.models import LaaSignal, Melding, MeldingAttachment
from tests.core.clamd import EICAR, SIGNATURE, clamd  # noqa: F401 (fixture)

from .test_laa import GOOD, addresses  # noqa: F401 (fixture)
from .test_services import TODAY, files_on_disk

PDF = b"%PDF-1.7\n"


def _register(actor, address, files):
    return services.register_melding(actor=actor, address=address, category="overbewoning", source="burger",
                                     description="Veel fietsen en matrassen.", received_on=TODAY, attachments=files)


def test_an_infected_attachment_refuses_the_whole_melding(handler, addresses, clamd, settings):
    files = [SimpleUploadedFile("foto.jpg", b"\xff\xd8\xff\xe0 a photo"),
             SimpleUploadedFile("brief.pdf", PDF + EICAR)]
    with pytest.raises(ValidationError) as raised:
        _register(handler, addresses["parade"], files)

    assert raised.value.message_dict == {"attachments": [
        f"„brief.pdf” is geweigerd: de virusscanner vond er {SIGNATURE} in. Er is niets opgeslagen."]}
    assert (Melding.objects.count(), MeldingAttachment.objects.count()) == (0, 0)
    assert files_on_disk(settings.MEDIA_ROOT) == []


def test_clean_attachments_are_each_scanned_and_stored(handler, addresses, clamd):
    melding = _register(handler, addresses["parade"], [SimpleUploadedFile("brief.pdf", PDF + b"clean")])
    assert melding.attachments.get().file.read() == PDF + b"clean"
    assert [s.data for s in clamd.streams] == [PDF + b"clean"]


def test_a_melding_with_other_errors_is_not_scanned(handler, addresses, clamd):
    with pytest.raises(ValidationError):
        services.register_melding(actor=handler, address=addresses["parade"], category="onzin", source="burger",
                                  description="x", received_on=TODAY, attachments=[SimpleUploadedFile("b.pdf", PDF)])
    assert clamd.connections == 0


def test_an_infected_laa_file_is_refused_before_a_row_is_read(client, handler, addresses, clamd):
    client.force_login(handler)
    response = client.post("/meldingen/laa/inlezen/", {"file": SimpleUploadedFile("laa.csv", GOOD + EICAR)})

    assert response.status_code == 400
    assert f"„laa.csv” is geweigerd: de virusscanner vond er {SIGNATURE} in." in response.content.decode()
    assert (Melding.objects.count(), LaaSignal.objects.count()) == (0, 0)


def test_a_clean_laa_file_is_scanned_and_read(client, handler, addresses, clamd):
    client.force_login(handler)
    response = client.post("/meldingen/laa/inlezen/", {"file": SimpleUploadedFile("laa.csv", GOOD)}, follow=True)
    assert "3 signalen ingelezen" in response.content.decode()
    assert [s.data for s in clamd.streams] == [GOOD]
