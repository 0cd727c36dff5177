"""The virus-scan hook on the BAG import's upload page (Django test client, clamd stand-in on a real
socket: tests/core/clamd.py): scanned after the content checks, before the file is stored."""

import io
import zipfile

import pytest

from regiekamer.registry.models import ImportRun
from tests.core.clamd import EICAR, SIGNATURE, clamd, scanner_down  # noqa: F401 (fixtures)

from .test_import_runs import admin_client, administrator, doesburg_zip, stored_files, upload, upload_root  # noqa: F401

pytestmark = pytest.mark.django_db


def _infected_extract() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("0221NUM15092020-000001.xml", b"<?xml version='1.0'?><sl-bag-extract/>")
        archive.writestr("leesmij.com", EICAR)
    return buffer.getvalue()


def _file_error(response) -> str:
    page = response.content.decode()
    error = page[page.index('id="id_file_error"'):]
    return error[: error.index("</div>")]


def test_a_clean_extract_is_scanned_stored_and_queued(admin_client, upload_root, clamd):
    data = doesburg_zip()
    response = upload(admin_client, "doesburg.zip", data)

    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/bag/{run.pk}/"
    assert [s.data for s in clamd.streams] == [data]
    assert [p.read_bytes() for p in stored_files(upload_root)] == [data]


def test_an_infected_extract_is_refused_and_nothing_is_stored(admin_client, upload_root, clamd):
    response = upload(admin_client, "extract.zip", _infected_extract())

    assert response.status_code == 400
    assert f"„extract.zip” is geweigerd: de virusscanner vond er {SIGNATURE} in. Er is niets opgeslagen." in (
        _file_error(response))
    assert ImportRun.objects.count() == 0 and stored_files(upload_root) == []


def test_an_unreachable_scanner_refuses_the_extract(admin_client, upload_root, scanner_down):
    response = upload(admin_client, "doesburg.zip", doesburg_zip())

    assert response.status_code == 400
    assert "Virusscanner niet bereikbaar: „doesburg.zip” is niet aangenomen" in _file_error(response)
    assert ImportRun.objects.count() == 0 and stored_files(upload_root) == []


def test_with_fail_open_the_extract_is_stored_unscanned(admin_client, upload_root, scanner_down, settings):
    settings.CLAMAV_FAIL_OPEN = True
    response = upload(admin_client, "doesburg.zip", doesburg_zip())
    assert response.status_code == 302 and ImportRun.objects.count() == 1 and len(stored_files(upload_root)) == 1
