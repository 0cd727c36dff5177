"""The virus-scan hook on the knowledge base's attachment upload, through the page (Django test
client) with a clamd stand-in on a real socket (tests/core/clamd.py)."""

import io
import logging
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from regiekamer.knowledge.models import Attachment
from tests.core.clamd import EICAR, SIGNATURE, clamd, scanner_down, socket_connects  # noqa: F401 (fixtures)

from .conftest import write


def _docx(extra: dict[str, bytes] | None = None) -> bytes:
    """A Word document (a zip with word/document.xml); extra members stored as they are."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"<w:document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


CLEAN = _docx()
INFECTED = _docx({"word/media/eicar.com": EICAR})  # ClamAV looks inside archives


def _post(client, cast, data: bytes, name: str = "Checklist.docx"):
    client.force_login(cast.author)
    article = write(cast.author)
    response = client.post(f"/kennisbank/artikel/{article.pk}/bijlagen/", {"file": SimpleUploadedFile(name, data)},
                           follow=True)
    return article, response


def _files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_a_clean_attachment_is_scanned_and_stored(client, cast, media, clamd):
    article, response = _post(client, cast, CLEAN)

    assert response.status_code == 200 and "De bijlage is toegevoegd." in response.content.decode()
    [stored] = article.attachments.all()
    assert stored.original_name == "Checklist.docx" and stored.file.read() == CLEAN
    assert [s.data for s in clamd.streams] == [CLEAN]


def test_eicar_is_refused_with_a_message_and_nothing_is_stored(client, cast, media, clamd):
    _article, response = _post(client, cast, INFECTED, name="Checklist kamerverhuur.docx")

    page = response.content.decode()
    assert (f"„Checklist kamerverhuur.docx” is geweigerd: de virusscanner vond er {SIGNATURE} in. "
            "Er is niets opgeslagen.") in page
    assert Attachment.objects.count() == 0 and _files(media) == []
    assert len(clamd.streams) == 1


def test_an_unreachable_scanner_refuses_the_upload(client, cast, media, scanner_down, caplog):
    with caplog.at_level(logging.ERROR, "regiekamer.core.uploads"):
        _article, response = _post(client, cast, CLEAN)

    assert ("Virusscanner niet bereikbaar: „Checklist.docx” is niet aangenomen en er is niets opgeslagen. "
            "Probeer het later opnieuw.") in response.content.decode()
    assert Attachment.objects.count() == 0 and _files(media) == []
    assert any(r.levelno == logging.ERROR and scanner_down in r.getMessage() for r in caplog.records)


def test_with_fail_open_an_unreachable_scanner_lets_the_upload_through(client, cast, media, scanner_down, settings,
                                                                       caplog):
    settings.CLAMAV_FAIL_OPEN = True
    with caplog.at_level(logging.ERROR, "regiekamer.core.uploads"):
        article, response = _post(client, cast, CLEAN)

    assert "De bijlage is toegevoegd." in response.content.decode()
    assert article.attachments.get().file.read() == CLEAN
    assert any(r.levelno == logging.ERROR and "accepted unscanned" in r.getMessage() for r in caplog.records)


def test_off_by_default_no_socket_is_touched(client, cast, media, settings, socket_connects):
    settings.CLAMAV_SOCKET = ""  # as config/settings.py leaves it without REGIEKAMER_CLAMAV_SOCKET

    article, response = _post(client, cast, INFECTED)

    assert "De bijlage is toegevoegd." in response.content.decode()  # nothing scans it
    assert article.attachments.get().file.read() == INFECTED
    assert socket_connects == []


@pytest.mark.parametrize("data", [b"#!/bin/sh\n", b""])
def test_a_file_the_cheap_checks_refuse_never_reaches_the_scanner(client, cast, media, clamd, data):
    _post(client, cast, data, name="script.docx")
    assert Attachment.objects.count() == 0 and clamd.connections == 0
