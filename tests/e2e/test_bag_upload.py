"""A municipal administrator imports a BAG extract in the browser and follows it to the end.

The e2e server queues tasks in the database (django-tasks-db), as production does, so a queued
import needs a worker: this test starts `regiekamer db_worker` against the e2e database itself,
and only after the progress page shows the run waiting, so that the page is seen polling from
"In de wachtrij" to "Klaar" without a reload.
"""

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import log_in

pytestmark = pytest.mark.e2e

REPO_ROOT = Path(__file__).resolve().parents[2]
DOESBURG_SMALL = REPO_ROOT.parent / "shared" / "data" / "bag" / "doesburg-0221-small"
ZIP_NAME = "doesburg-0221-small.zip"
FINISH_TIMEOUT_MS = 60_000

RUN_INFO = """
from regiekamer.registry.imports import stored_path
from regiekamer.registry.models import Address, ImportRun
run = ImportRun.objects.get(pk={pk})
print(run.status, run.organisation.name, run.started_by_name, stored_path(run),
      Address.objects.filter(municipality__code="GM0221").count(), sep="|")
"""


@pytest.fixture
def doesburg_zip(tmp_path) -> Path:
    path = tmp_path / ZIP_NAME
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(DOESBURG_SMALL.iterdir()):
            archive.write(file, file.name)
    path.write_bytes(buffer.getvalue())
    return path


def test_administrator_uploads_a_bag_zip_and_sees_the_import_finish(page, e2e_server, doesburg_zip, start_worker):
    csp_errors: list[str] = []
    page.on("console", lambda message: csp_errors.append(message.text)
            if "Content Security Policy" in message.text else None)
    log_in(page, "venlo.beheer")

    page.goto("/imports/bag/")
    expect(page.get_by_role("heading", level=1)).to_have_text("BAG importeren")
    page.get_by_label("BAG-bestand").set_input_files(str(doesburg_zip))
    page.get_by_role("button", name="Import starten").click()

    # The progress page, while no worker runs yet: queued, polling, an indeterminate bar.
    expect(page).to_have_url(re.compile(r"/imports/bag/\d+/$"))
    run_id = int(re.search(r"/imports/bag/(\d+)/$", page.url).group(1))
    expect(page.get_by_role("heading", level=1)).to_have_text(ZIP_NAME)
    expect(page.get_by_role("status").filter(has_text="is ontvangen")).to_contain_text(ZIP_NAME)
    progress = page.locator("#import-progress")
    expect(progress).to_have_attribute("data-status", "queued")
    expect(progress).to_have_attribute("hx-trigger", "every 2s")
    expect(progress).to_contain_text("In de wachtrij")
    bar = page.get_by_role("progressbar")
    expect(bar).to_be_visible()
    assert bar.get_attribute("value") is None  # indeterminate: nothing read yet

    try:
        start_worker()
        # htmx polls every 2 s; the page changes without a reload.
        expect(progress).to_have_attribute("data-status", "done", timeout=FINISH_TIMEOUT_MS)
        expect(progress).to_contain_text("Klaar: 232 objecten gelezen en opgeslagen.")
        expect(bar).to_have_attribute("value", "1")
        expect(progress).not_to_have_attribute("hx-trigger", re.compile(".*"))  # polling stopped
        counts = page.locator("#import-counts")
        expect(counts.locator("#count-buildings td").first).to_have_text("2")
        for kind in ("Verblijfsobject", "Ligplaats", "Standplaats"):
            row = counts.get_by_role("row").filter(has=page.get_by_role("rowheader", name=f"Adressen: {kind}"))
            expect(row.locator("td").first).to_have_text("2")
        expect(counts.locator("#count-addresses td").first).to_have_text("6")

        status, organisation, started_by, stored, addresses = e2e_server.run_django(
            RUN_INFO.format(pk=run_id)).strip().split("|")
        assert (status, organisation, started_by) == ("done", "Gemeente Venlo handhaving", "venlo.beheer")
        assert int(addresses) == 6

        # The list shows the run, done.
        page.get_by_role("link", name="Naar alle BAG-imports en een nieuwe import").click()
        run_row = page.locator("#import-runs").get_by_role("row").filter(
            has=page.get_by_role("link", name=ZIP_NAME)).first
        expect(run_row).to_contain_text("Klaar")
        assert csp_errors == []
    finally:
        info = e2e_server.run_django(RUN_INFO.format(pk=run_id)).strip().split("|")
        stored_file = Path(info[3])
        _remove_upload(stored_file)


def _remove_upload(stored_file: Path) -> None:
    """Remove the upload's own folder (var/uploads/bag/YYYY/MM/<uuid>/) and the folders it leaves empty."""
    folder = stored_file.parent
    if not stored_file.is_file() or "uploads" not in folder.parts or folder.name == "uploads":
        return
    shutil.rmtree(folder)
    for parent in folder.parents:
        if parent.name == "uploads" or any(parent.iterdir()):
            break
        parent.rmdir()
