"""Attachments: type from the content, a size limit, a safe name, append-only, scoped downloads."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction
from django.test import Client

from regiekamer.knowledge import attachments as files, services
from regiekamer.knowledge.models import Attachment, Visibility

from .conftest import write

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office:document/>"})


@pytest.mark.parametrize("data, expected", [
    (PDF, ("application/pdf", ".pdf")),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 20, ("image/png", ".png")),
    (b"\xff\xd8\xff\xe0" + b"\0" * 20, ("image/jpeg", ".jpg")),
    (DOCX, ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")),
    (_zip({"xl/workbook.xml": b"<workbook/>"}), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                                 ".xlsx")),
    (ODT, ("application/vnd.oasis.opendocument.text", ".odt")),
    (_zip({"evil.exe": b"MZ"}), None),
    (b"PK\x03\x04 not really a zip", None),
    (b"<html><script>alert(1)</script></html>", None),
    (b"MZ\x90\x00", None),
])
def test_type_is_read_from_the_content(data, expected):
    assert files.detect_type(io.BytesIO(data)) == expected


@pytest.mark.parametrize("name, extension, expected", [
    ("brief.docx", ".docx", "brief.docx"),
    ("../../etc/passwd", ".pdf", "passwd.pdf"),
    ('aan"bod;\r\nX-Evil: 1.pdf', ".pdf", "aan_bod___X-Evil_ 1.pdf"),
    ("factuur.pdf.exe", ".pdf", "factuur_pdf.pdf"),
    ("", ".png", "bijlage.png"),
])
def test_safe_name(name, extension, expected):
    assert files.safe_name(name, extension) == expected


def test_add_stores_with_detected_type_and_safe_name(cast):
    article = write(cast.author)
    item = services.add_attachment(actor=cast.author, article=article,
                                   upload=SimpleUploadedFile("Brief dwangsom.html", PDF, content_type="text/html"))
    assert (item.original_name, item.content_type, item.size) == ("Brief dwangsom.pdf", "application/pdf", len(PDF))
    assert item.file.read() == PDF


def test_wrong_type_is_refused_and_nothing_stored(cast):
    article = write(cast.author)
    with pytest.raises(ValidationError) as raised:
        services.add_attachment(actor=cast.author, article=article,
                                upload=SimpleUploadedFile("brief.pdf", b"#!/bin/sh\nrm -rf /\n"))
    assert raised.value.message_dict["file"] == [
        "brief.pdf is geen PDF, Word- (docx), Excel- (xlsx), OpenDocument-tekst (odt), PNG- of JPEG-bestand."]
    assert Attachment.objects.count() == 0


def test_too_large_is_refused(cast, settings):
    article = write(cast.author)
    big = SimpleUploadedFile("groot.pdf", PDF + b"0" * (files.MAX_ATTACHMENT_BYTES - len(PDF) + 1))
    with pytest.raises(ValidationError) as raised:
        services.add_attachment(actor=cast.author, article=article, upload=big)
    assert raised.value.message_dict["file"] == ["groot.pdf is groter dan 10 MB."]
    assert Attachment.objects.count() == 0


def test_attachments_are_append_only(cast):
    article = write(cast.author)
    services.add_attachment(actor=cast.author, article=article, upload=SimpleUploadedFile("a.pdf", PDF))
    with pytest.raises(DatabaseError), transaction.atomic():
        Attachment.objects.update(original_name="b.pdf")
    with pytest.raises(DatabaseError), transaction.atomic():
        Attachment.objects.all().delete()


def test_download_has_safe_headers_and_is_scoped(cast):
    article = write(cast.author, visibility=Visibility.REGION)
    item = services.add_attachment(actor=cast.author, article=article,
                                   upload=SimpleUploadedFile("Brief aan verhuurder.docx", DOCX))
    url = f"/kennisbank/artikel/{article.pk}/bijlagen/{item.pk}/"
    client = Client()
    client.force_login(cast.fire_viewer)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Brief aan verhuurder.docx"'
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == DOCX
    client.force_login(cast.utrecht_handler)
    assert client.get(url).status_code == 404
    other = write(cast.author, title="Ander artikel")
    client.force_login(cast.fire_viewer)
    assert client.get(f"/kennisbank/artikel/{other.pk}/bijlagen/{item.pk}/").status_code == 404


def test_upload_through_the_page(cast):
    article = write(cast.author)
    client = Client()
    client.force_login(cast.author)
    response = client.post(f"/kennisbank/artikel/{article.pk}/bijlagen/",
                           {"file": SimpleUploadedFile("script.pdf", b"<script>")}, follow=True)
    assert "script.pdf is geen PDF" in response.content.decode()
    assert Attachment.objects.count() == 0
    client.post(f"/kennisbank/artikel/{article.pk}/bijlagen/", {"file": SimpleUploadedFile("ok.pdf", PDF)})
    assert list(Attachment.objects.values_list("original_name", flat=True)) == ["ok.pdf"]
    client.force_login(cast.horst_handler)  # sees the article, may not change it
    assert client.post(f"/kennisbank/artikel/{article.pk}/bijlagen/",
                       {"file": SimpleUploadedFile("ok.pdf", PDF)}).status_code == 403
