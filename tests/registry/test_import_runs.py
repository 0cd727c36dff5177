"""BAG imports started in the browser: upload checks, the background run and its throttled progress,
the pages and who may see them. Counts are hand-checked against the small Doesburg extract
(see test_bag_import.py: 232 voorkomens, 2 panden, 2 verblijfsobjecten, 2 ligplaatsen, 2 standplaatsen)."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regiekamer.organisations.models import OrganisationKind as K, Role
from regiekamer.registry import imports
from regiekamer.registry.bag.importer import import_bag
from regiekamer.registry.models import Address, AddressKind, Building, ImportRun
from regiekamer.registry.tasks import run_bag_import
from tests.factories import MembershipFactory, OrganisationFactory, municipality

BAG_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "bag"
DOESBURG_SMALL = BAG_DATA / "doesburg-0221-small"
DOESBURG_PANDEN = BAG_DATA / "0221PND15092020.zip"
AMSTERDAM_CSV = BAG_DATA / "amsterdam-1011-adresplus.csv"
NUM_FILE = "0221NUM15092020-000001.xml"
LIST_URL = "/imports/bag/"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def upload_root(settings, tmp_path):
    settings.UPLOAD_ROOT = tmp_path / "uploads"
    return settings.UPLOAD_ROOT


@pytest.fixture
def administrator():
    return MembershipFactory(role=Role.ADMINISTRATOR, organisation__name="Gemeente Venlo handhaving")


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator.user)
    return client


def doesburg_zip(*, truncate: str | None = None) -> bytes:
    """The small Doesburg extract as a zip built here; truncate cuts that member after half its lines."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(DOESBURG_SMALL.iterdir()):
            data = file.read_bytes()
            if file.name == truncate:
                lines = data.splitlines(keepends=True)
                data = b"".join(lines[: len(lines) // 2])
            archive.writestr(file.name, data)
    return buffer.getvalue()


def upload(client, name: str, content: bytes):
    return client.post(LIST_URL, {"file": SimpleUploadedFile(name, content)})


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def a_run(membership, **fields) -> ImportRun:
    values = {"organisation": membership.organisation, "started_by": membership.user,
              "started_by_name": membership.user.username, "file_name": "extract.zip", "file_size": 1000,
              "upload_path": "bag/test/extract.zip", **fields}
    return ImportRun.objects.create(**values)


# --- the whole way: upload, queue on commit, run, done


def test_doesburg_zip_is_imported_in_the_background(admin_client, administrator, upload_root,
                                                    django_capture_on_commit_callbacks):
    content = doesburg_zip()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = upload(admin_client, "doesburg-0221-small.zip", content)

    run = ImportRun.objects.get()
    assert response.status_code == 302 and response.url == f"/imports/bag/{run.pk}/"
    assert len(callbacks) == 1  # the task is queued once the run is committed
    assert run.status == ImportRun.Status.DONE
    assert (run.organisation, run.started_by, run.started_by_name) == (
        administrator.organisation, administrator.user, administrator.user.username)
    assert (run.file_name, run.file_size) == ("doesburg-0221-small.zip", len(content))
    assert (upload_root / run.upload_path).read_bytes() == content
    assert run.upload_path.endswith("/doesburg-0221-small.zip")
    assert run.task_id and run.error == ""
    assert run.started_at <= run.read_finished_at <= run.finished_at
    # 1 WPL + 201 OPR + 15 NUM + 5 VBO + 6 PND + 2 LIG + 2 STA voorkomens.
    assert run.objects_read == run.objects_total == 232
    assert run.report["read"] == 232
    assert run.report["buildings"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert {kind: counts["created"] for kind, counts in run.report["addresses"].items()} == {
        "verblijfsobject": 2, "ligplaats": 2, "standplaats": 2}
    assert Building.objects.count() == 2
    doesburg = municipality("GM0221")
    assert Address.objects.filter(municipality=doesburg).count() == 6
    assert Address.objects.filter(kind=AddressKind.LIGPLAATS, street="Koppenberch", house_number=2).exists()

    page = admin_client.get(response.url).content.decode()
    assert "„doesburg-0221-small.zip” is ontvangen" in page  # the message after the redirect
    assert 'data-status="done"' in page and "hx-trigger" not in page
    assert '<progress class="rk-progress" id="import-progress-bar" aria-labelledby="progress-heading" value="1" max="1">' in page
    assert "Klaar: 232 objecten gelezen en opgeslagen." in page
    buildings_row = page[page.index('id="count-buildings"'):]
    assert ">2</td>" in buildings_row[: buildings_row.index("</tr>")]
    total_row = page[page.index('id="count-addresses"'):]
    assert ">6</td>" in total_row[: total_row.index("</tr>")]


def test_a_truncated_xml_inside_the_zip_fails_naming_file_and_line_and_stores_nothing(
        admin_client, django_capture_on_commit_callbacks):
    lines = (DOESBURG_SMALL / NUM_FILE).read_bytes().splitlines(keepends=True)
    with django_capture_on_commit_callbacks(execute=True):
        upload(admin_client, "doesburg-kapot.zip", doesburg_zip(truncate=NUM_FILE))

    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED
    # expat reports the line after the last one it got (see test_bag_import.py).
    assert run.error.startswith(f"doesburg-kapot.zip/{NUM_FILE}, regel {len(lines) // 2 + 1}: ongeldige XML")
    assert run.report is None and run.finished_at is not None
    assert run.read_finished_at is None  # it never got to writing
    assert Address.objects.count() == 0 and Building.objects.count() == 0

    page = admin_client.get(f"/imports/bag/{run.pk}/").content.decode()
    assert "De import is mislukt; er is niets opgeslagen." in page
    assert f"doesburg-kapot.zip/{NUM_FILE}, regel {len(lines) // 2 + 1}" in page
    assert "hx-trigger" not in page


def test_a_flat_csv_shows_progress_against_its_row_count(admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(admin_client, "amsterdam.csv", AMSTERDAM_CSV.read_bytes())

    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.DONE
    assert run.objects_read == run.objects_total == 99  # a header and 99 rows
    assert run.report["addresses"]["verblijfsobject"]["created"] == 87
    assert Address.objects.count() == 95  # 4 nevenadressen share an object


# --- refused uploads: a Dutch message on the field, no run, nothing stored


@pytest.mark.parametrize("name, content, message", [
    ("doesburg.zip", b"MZ\x90\x00\x03 this is a Windows program, not a zip",
     "„doesburg.zip” is geen zip-bestand, ook al eindigt de naam op .zip."),
    ("setup.exe", b"MZ\x90\x00\x03 a Windows program",
     "„setup.exe” is geen .zip-, .xml- of .csv-bestand."),
    ("foto.zip", None, "„foto.zip” bevat geen BAG-bestanden (WPL, OPR, NUM, VBO, PND, LIG of STA)."),
    ("0221NUM15092020-000001.xml", b"\x89PNG\r\n\x1a\n", "„0221NUM15092020-000001.xml” is geen XML-bestand."),
    ("adressen.csv", b"id;straat\n1;Markt\n", "„adressen.csv” is geen platte BAG-CSV: de kolommen adresseerbaarobject_id"),
    ("adressen.csv", "adresseerbaarobject_id\n".encode("utf-16"), "„adressen.csv” is geen tekstbestand in UTF-8."),
])
def test_refused_uploads_store_nothing_and_say_why(admin_client, upload_root, name, content, message):
    if content is None:  # a real zip without BAG files
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("vakantie.jpg", b"\xff\xd8\xff")
        content = buffer.getvalue()

    response = upload(admin_client, name, content)

    assert response.status_code == 400
    page = response.content.decode()
    error = page[page.index('id="id_file_error"'):]
    assert message in error[: error.index("</div>")]
    assert 'aria-invalid="true"' in page and 'id="error-summary"' in page
    assert ImportRun.objects.count() == 0
    assert stored_files(upload_root) == []


def test_an_upload_over_the_limit_is_cut_off_and_refused(admin_client, settings, upload_root):
    settings.BAG_UPLOAD_MAX_BYTES = 1000
    response = upload(admin_client, "doesburg.zip", doesburg_zip())

    assert response.status_code == 400
    page = response.content.decode()
    assert "„doesburg.zip” is groter dan 1000\xa0bytes" in page  # filesizeformat's non-breaking space
    assert "Dit veld is vereist" not in page
    assert ImportRun.objects.count() == 0 and stored_files(upload_root) == []


def test_an_empty_upload_is_refused(admin_client):
    response = upload(admin_client, "leeg.zip", b"")
    assert response.status_code == 400
    assert "Het verstuurde bestand is leeg." in response.content.decode()  # Django's own message
    assert ImportRun.objects.count() == 0


def test_only_a_municipal_administrator_may_start_an_import(upload_root):
    handler = MembershipFactory(role=Role.HANDLER)
    police = MembershipFactory(role=Role.ADMINISTRATOR,
                               organisation=OrganisationFactory(kind=K.POLICE, municipality=None))
    for membership in (handler, police):
        with pytest.raises(PermissionDenied):
            imports.start_bag_import(actor=membership.user,
                                     uploaded_file=SimpleUploadedFile("doesburg.zip", doesburg_zip()))
    assert ImportRun.objects.count() == 0 and stored_files(upload_root) == []


# --- progress: saved outside the import's transaction, and throttled


def test_progress_is_reported_before_the_write_transaction_starts():
    baseline = len(connection.atomic_blocks)  # the test's own transaction
    depths: list[tuple[str, int]] = []
    import_bag(path=DOESBURG_SMALL, progress=lambda n: depths.append(("progress", len(connection.atomic_blocks))),
               writing=lambda: depths.append(("writing", len(connection.atomic_blocks))))

    assert depths == [("progress", baseline), ("writing", baseline)]  # 232 objects: one step, then writing


def _pand_run(membership, upload_root: Path) -> ImportRun:
    target = upload_root / "bag" / "test" / DOESBURG_PANDEN.name
    target.parent.mkdir(parents=True)
    target.write_bytes(DOESBURG_PANDEN.read_bytes())
    return a_run(membership, file_name=DOESBURG_PANDEN.name, upload_path=f"bag/test/{DOESBURG_PANDEN.name}")


def _run_updates(queries) -> int:
    return sum(1 for q in queries if q["sql"].startswith('UPDATE "registry_importrun"'))


def test_progress_is_saved_every_thousand_objects_not_per_object(administrator, upload_root, monkeypatch):
    # The pand zip has 13,098 voorkomens; the importer reports them in steps of 500 (26 x 500, then 98).
    monkeypatch.setattr(imports, "_clock", lambda: 0.0)  # time stands still: only the object count counts
    run = _pand_run(administrator, upload_root)
    with CaptureQueriesContext(connection) as queries:
        run_bag_import.enqueue(run.pk)

    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE and run.objects_read == 13098
    # claim + saves at 1,000, 2,000 ... 13,000 + "writing" (13,098 read) + done = 1 + 13 + 1 + 1
    assert _run_updates(queries.captured_queries) == 16


def test_progress_is_saved_when_a_second_has_passed(administrator, upload_root, monkeypatch):
    ticks = iter(range(0, 10_000, 2))  # every call of the clock is two seconds later
    monkeypatch.setattr(imports, "_clock", lambda: float(next(ticks)))
    run = _pand_run(administrator, upload_root)
    with CaptureQueriesContext(connection) as queries:
        run_bag_import.enqueue(run.pk)

    # Each of the 27 progress calls (26 x 500 and 98) comes more than a second after the last save.
    assert _run_updates(queries.captured_queries) == 1 + 27 + 1 + 1


def test_a_run_is_never_imported_twice(administrator, upload_root):
    target = upload_root / "bag" / "test" / "extract.zip"
    target.parent.mkdir(parents=True)
    target.write_bytes(doesburg_zip())
    run = a_run(administrator)
    run_bag_import.enqueue(run.pk)
    result = run_bag_import.enqueue(run.pk)
    assert result.return_value == {"run": run.pk, "status": "skipped"}
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE and run.report["buildings"]["created"] == 2


def test_a_missing_stored_file_fails_the_run(administrator):
    run = a_run(administrator)
    run_bag_import.enqueue(run.pk)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    assert run.error == "extract.zip: het opgeslagen bestand is niet gevonden; er is niets opgeslagen."


# --- the pages: polling while active, and who may see them


@pytest.mark.parametrize("fields, polls, bar", [
    ({"status": ImportRun.Status.QUEUED}, True, '<progress class="rk-progress" id="import-progress-bar" aria-labelledby="progress-heading"></progress>'),
    ({"status": ImportRun.Status.RUNNING, "objects_read": 3000}, True, '<progress class="rk-progress" id="import-progress-bar" aria-labelledby="progress-heading"></progress>'),
    ({"status": ImportRun.Status.RUNNING, "objects_read": 40, "objects_total": 99}, True, 'value="40" max="99"'),
    ({"status": ImportRun.Status.DONE, "objects_read": 232, "objects_total": 232}, False, 'value="1" max="1"'),
    ({"status": ImportRun.Status.FAILED, "error": "x.zip/y.xml, regel 3: kapot"}, False, None),
])
def test_the_progress_partial_polls_only_while_queued_or_running(admin_client, administrator, fields, polls, bar):
    run = a_run(administrator, **fields)
    response = admin_client.get(f"/imports/bag/{run.pk}/voortgang/", HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<section id="import-progress"')  # the part only, not the page
    assert "<html" not in fragment
    assert (f'hx-get="/imports/bag/{run.pk}/voortgang/" hx-trigger="every 2s" hx-swap="outerHTML"' in fragment) is polls
    if bar:
        assert bar in fragment
    else:
        assert "<progress" not in fragment
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_partial_says_when_everything_is_read_and_it_is_writing(admin_client, administrator):
    from django.utils import timezone

    run = a_run(administrator, status=ImportRun.Status.RUNNING, objects_read=13098, objects_total=13098,
                read_finished_at=timezone.now())
    fragment = admin_client.get(f"/imports/bag/{run.pk}/voortgang/").content.decode()
    assert "Alle 13.098 objecten gelezen en gecontroleerd; bezig met opslaan." in fragment
    assert 'hx-trigger="every 2s"' in fragment


def test_pages_and_partial_answer_404_to_anyone_but_the_organisations_administrator(client, administrator):
    run = a_run(administrator, status=ImportRun.Status.RUNNING)
    handler = MembershipFactory(role=Role.HANDLER, organisation=administrator.organisation)
    horst_admin = MembershipFactory(role=Role.ADMINISTRATOR, organisation=OrganisationFactory(
        name="Gemeente Horst handhaving", municipality=municipality("GM1507")))
    police_admin = MembershipFactory(role=Role.ADMINISTRATOR,
                                     organisation=OrganisationFactory(kind=K.POLICE, municipality=None))
    urls = [f"/imports/bag/{run.pk}/", f"/imports/bag/{run.pk}/voortgang/"]
    for membership, list_status in ((handler, 404), (horst_admin, 200), (police_admin, 404)):
        client.force_login(membership.user)
        assert client.get(LIST_URL).status_code == list_status, membership
        for url in urls:
            assert client.get(url, HTTP_HX_REQUEST="true").status_code == 404, (membership, url)
    # A non-administrator cannot upload either; the body is not even read.
    client.force_login(handler.user)
    assert upload(client, "doesburg.zip", doesburg_zip()).status_code == 404
    assert ImportRun.objects.count() == 1


def test_the_partial_sends_a_logged_out_poller_to_the_login_page(client, administrator):
    run = a_run(administrator, status=ImportRun.Status.RUNNING)
    url = f"/imports/bag/{run.pk}/voortgang/"

    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == f"/inloggen/?next=/imports/bag/{run.pk}/"
    response = client.get(url)
    assert response.status_code == 302 and response.url == f"/inloggen/?next={url}"


def test_the_list_shows_the_organisations_runs_newest_first(admin_client, administrator):
    older = a_run(administrator, file_name="maart.zip", status=ImportRun.Status.DONE)
    newer = a_run(administrator, file_name="april.zip", status=ImportRun.Status.FAILED)
    other = MembershipFactory(role=Role.ADMINISTRATOR, organisation=OrganisationFactory(name="Gemeente Venlo belastingen",
                                                                                       kind=K.MUNICIPAL_TAXES))
    a_run(other, file_name="van-een-ander.zip")

    page = admin_client.get(LIST_URL).content.decode()
    assert page.index(f'href="/imports/bag/{newer.pk}/"') < page.index(f'href="/imports/bag/{older.pk}/"')
    assert "van-een-ander.zip" not in page
    assert 'enctype="multipart/form-data"' in page and 'accept=".zip,.xml,.csv"' in page
