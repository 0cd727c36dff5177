"""The virus-scan hook itself (regiekamer/core/uploads.py): clamd's INSTREAM framing, the verdicts,
fail closed or open, and off by default. The upload pages are tested through the Django test client
in tests/knowledge, tests/registry, tests/exchange, tests/meldingen and tests/meldpunt."""

import logging
import os

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import TemporaryUploadedFile

from regiekamer.core import uploads

from .clamd import EICAR, SIGNATURE, clamd, clamd_tcp, scanner_down, socket_connects  # noqa: F401 (fixtures)


def test_the_scan_is_off_unless_a_socket_is_configured():
    assert "REGIEKAMER_CLAMAV_SOCKET" not in os.environ
    assert django_settings.CLAMAV_SOCKET == "" and django_settings.CLAMAV_FAIL_OPEN is False


def test_the_file_goes_to_clamd_in_length_prefixed_chunks_and_comes_back_clean(clamd):
    data = bytes(range(256)) * 2500  # 640,000 bytes: two full chunks of 256 KiB and a short one
    # On disk, as Django keeps an upload over 2.5 MB (an in-memory one goes as a single chunk).
    upload = TemporaryUploadedFile("export.pdf", "application/pdf", len(data), None)
    upload.write(data)

    assert uploads.instream(clamd.address, upload) is None

    [stream] = clamd.streams
    assert stream.data == data and stream.chunks == 3
    assert upload.tell() == 0  # left at its start, for storing


def test_host_and_port_reach_clamd_over_tcp(clamd_tcp):
    uploads.scan(ContentFile(b"%PDF-1.7 a letter", name="brief.pdf"), field="file")
    assert [s.data for s in clamd_tcp.streams] == [b"%PDF-1.7 a letter"]


def test_eicar_is_reported_with_clamds_signature_name(clamd):
    assert uploads.instream(clamd.address, ContentFile(EICAR, name="eicar.com")) == SIGNATURE


def test_a_found_file_is_refused_on_its_field_with_the_name_and_what_was_found(clamd, caplog):
    with pytest.raises(ValidationError) as raised, caplog.at_level(logging.WARNING, "regiekamer.core.uploads"):
        uploads.scan(ContentFile(EICAR, name="factuur.pdf"), field="attachments")
    assert raised.value.message_dict == {"attachments": [
        f"„factuur.pdf” is geweigerd: de virusscanner vond er {SIGNATURE} in. Er is niets opgeslagen."]}
    assert raised.value.error_dict["attachments"][0].code == "virus"
    assert f"Virus scanner found {SIGNATURE} in an upload for field attachments; refused" in caplog.text
    assert "factuur" not in caplog.text  # an upload's name may identify a person


def test_an_error_reply_is_no_verdict_and_refuses(clamd, caplog):
    clamd.stream_max_length = 10  # clamd.conf's StreamMaxLength, exceeded
    with pytest.raises(ValidationError) as raised, caplog.at_level(logging.ERROR, "regiekamer.core.uploads"):
        uploads.scan(ContentFile(b"%PDF-1.7 more than ten bytes", name="brief.pdf"))
    assert raised.value.code == "scanner_unavailable"
    assert raised.value.messages == ["Virusscanner niet bereikbaar: „brief.pdf” is niet aangenomen en er is niets "
                                     "opgeslagen. Probeer het later opnieuw."]
    assert "INSTREAM size limit exceeded. ERROR" in caplog.text


def test_an_unreachable_scanner_refuses_and_logs_an_error(scanner_down, caplog):
    with pytest.raises(ValidationError) as raised, caplog.at_level(logging.ERROR, "regiekamer.core.uploads"):
        uploads.scan(ContentFile(b"%PDF-1.7", name="brief.pdf"), field="file")
    assert raised.value.error_dict["file"][0].code == "scanner_unavailable"
    [record] = [r for r in caplog.records if r.name == "regiekamer.core.uploads"]
    assert record.levelno == logging.ERROR and scanner_down in record.getMessage()
    assert record.getMessage().endswith("upload for field file refused")


def test_fail_open_accepts_an_unscanned_upload_but_still_logs_the_error(scanner_down, settings, caplog):
    settings.CLAMAV_FAIL_OPEN = True
    with caplog.at_level(logging.ERROR, "regiekamer.core.uploads"):
        assert uploads.scan(ContentFile(b"%PDF-1.7", name="brief.pdf"), field="file") is None
    [record] = [r for r in caplog.records if r.name == "regiekamer.core.uploads"]
    assert record.levelno == logging.ERROR
    assert record.getMessage().endswith("upload for field file accepted unscanned (CLAMAV_FAIL_OPEN)")


def test_a_port_that_is_not_a_number_is_no_verdict(settings):
    settings.CLAMAV_SOCKET = "clamav.gemeente.local:clamd"
    with pytest.raises(ValidationError) as raised:
        uploads.scan(ContentFile(b"%PDF-1.7", name="brief.pdf"))
    assert raised.value.code == "scanner_unavailable"


def test_off_the_scan_opens_no_socket(settings, socket_connects):
    settings.CLAMAV_SOCKET = ""
    uploads.scan(ContentFile(EICAR, name="eicar.com"), field="file")
    assert socket_connects == []


def test_the_connection_watch_sees_a_scan(clamd, socket_connects):
    # The watch used above (and by the "off by default" page tests) does see a scan's connection.
    uploads.scan(ContentFile(b"%PDF-1.7", name="brief.pdf"))
    assert socket_connects == [clamd.address]


@pytest.mark.parametrize("name, extension, expected", [
    ("foto 1.JPG", ".jpg", "foto 1.jpg"),
    ("C:\\Users\\x\\scan.pdf.exe", ".pdf", "scan_pdf.pdf"),
    ("..", ".png", "bijlage.png"),
])
def test_safe_name_is_shared(name, extension, expected):
    assert uploads.safe_name(name, extension) == expected


def test_match_signature_reads_only_the_magic_number():
    signatures = ((b"%PDF-", "application/pdf", ".pdf"), (b"\xff\xd8\xff", "image/jpeg", ".jpg"))
    assert uploads.match_signature(b"\xff\xd8\xff\xe0rest", signatures) == ("image/jpeg", ".jpg")
    assert uploads.match_signature(b"GIF89a", signatures) is None
