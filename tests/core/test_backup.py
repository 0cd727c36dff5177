"""`regiekamer backup` / `regiekamer restore`: a round trip on the test database, on SQLite and PostgreSQL.

pg_dump and pg_restore work in their own sessions, so the data must be committed: these tests run
outside pytest-django's per-test transaction (and outside transactional_db's flush, which the
append-only tables refuse). They put the database back themselves: the `db` fixture below backs it
up first and restores that afterwards, which is the round trip once more.
"""

from __future__ import annotations

import json
import shutil
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection

from regiekamer.core.backup import DUMP_FILE, MANIFEST, MEDIA_ARCHIVE, backup, restore, sha256
from regiekamer.organisations.models import Membership, Organisation
from regiekamer.registry.models import Address, Building
from tests.factories import AddressFactory, MembershipFactory, OrganisationFactory


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded files live in a folder of this test, never in the checkout's var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def db(media_root, django_db_setup, django_db_blocker, tmp_path_factory):
    """This module's own `db`: the test database, set up by pytest-django (which looks for a fixture
    of this name), but in autocommit instead of a rolled-back transaction. Whatever a test commits is
    undone by restoring a backup taken before it."""
    with django_db_blocker.unblock():
        # Never a real database: pytest-django has switched the connection to the test one.
        name = str(connection.settings_dict["NAME"])
        assert "test" in name or "memorydb" in name, name
        baseline = tmp_path_factory.mktemp("baseline") / "backup"
        backup(baseline)
        try:
            yield
        finally:
            restore(baseline)


def _snapshot() -> dict:
    return {
        "users": sorted(User.objects.values_list("username", "password")),
        "organisations": sorted(Organisation.objects.values_list("id", "name")),
        "memberships": Membership.objects.count(),
        "addresses": sorted(Address.objects.values_list("bag_id", "street", "house_number")),
        "buildings": Building.objects.count(),
    }


def test_round_trip_restores_counts_and_content(db, media_root, tmp_path):
    memberships = MembershipFactory.create_batch(3)
    AddressFactory.create_batch(4)
    (media_root / "meldingen" / "2026").mkdir(parents=True)
    (media_root / "meldingen" / "2026" / "foto.jpg").write_bytes(b"\xff\xd8 een foto")
    (media_root / "brief.pdf").write_bytes(b"%PDF-1.7 een brief")
    before = _snapshot()
    target = tmp_path / "backup"

    stderr, stdout = StringIO(), StringIO()
    call_command("backup", str(target), stdout=stdout, stderr=stderr)
    assert "Backup klaar" in stdout.getvalue()
    assert "100%" in stderr.getvalue()  # the progress bar reached its end

    manifest = json.loads((target / MANIFEST).read_text())
    dump = target / DUMP_FILE[connection.vendor]
    assert manifest["engine"] == connection.vendor
    assert manifest["sha256"] == sha256(dump) and manifest["size"] == dump.stat().st_size
    assert manifest["tables"]["auth_user"] == User.objects.count() >= 3
    assert manifest["tables"]["registry_address"] == Address.objects.count() >= 4
    assert manifest["tables"]["organisations_membership"] == before["memberships"]
    assert "organisations.0001_initial" in manifest["migrations"]
    assert manifest["media"]["files"] == 2
    assert manifest["media"]["sha256"] == sha256(target / manifest["media"]["file"])

    # Change, delete and add after the backup.
    memberships[0].user.delete()
    Organisation.objects.filter(pk=memberships[1].organisation_id).update(name="Hernoemd")
    Address.objects.filter(bag_id=before["addresses"][0][0]).update(street="Andere straat")
    Address.objects.filter(bag_id=before["addresses"][1][0]).delete()
    OrganisationFactory(name="Na de backup")
    (media_root / "brief.pdf").write_bytes(b"overschreven")
    (media_root / "meldingen" / "2026" / "foto.jpg").unlink()
    (media_root / "later.jpg").write_bytes(b"na de backup")
    assert _snapshot() != before

    stdout = StringIO()
    call_command("restore", str(target), "--no-input", stdout=stdout, stderr=StringIO())
    assert "aantallen kloppen" in stdout.getvalue()
    assert _snapshot() == before
    assert not Organisation.objects.filter(name="Na de backup").exists()
    files = {p.relative_to(media_root).as_posix(): p.read_bytes() for p in media_root.rglob("*") if p.is_file()}
    assert files == {"meldingen/2026/foto.jpg": b"\xff\xd8 een foto", "brief.pdf": b"%PDF-1.7 een brief"}
    # The sequences came back too: a new row does not collide with a restored one.
    assert OrganisationFactory(name="Daarna").pk > max(pk for pk, _ in before["organisations"])


@pytest.mark.parametrize("damaged", [DUMP_FILE["sqlite"], MEDIA_ARCHIVE])
def test_a_damaged_file_is_refused_before_anything_is_touched(db, media_root, tmp_path, damaged):
    MembershipFactory()
    media_root.mkdir()
    (media_root / "foto.jpg").write_bytes(b"foto")
    target = tmp_path / "backup"
    backup(target)
    OrganisationFactory(name="Blijft staan")
    (media_root / "foto.jpg").write_bytes(b"nieuwer")
    damaged = DUMP_FILE[connection.vendor] if damaged == DUMP_FILE["sqlite"] else damaged
    with (target / damaged).open("ab") as file:
        file.write(b"\0")
    with pytest.raises(CommandError, match="Controlegetal klopt niet"):
        call_command("restore", str(target), "--no-input", stdout=StringIO(), stderr=StringIO())
    assert Organisation.objects.filter(name="Blijft staan").exists()
    assert (media_root / "foto.jpg").read_bytes() == b"nieuwer"


def test_a_backup_of_the_other_engine_is_refused(db, tmp_path):
    target = tmp_path / "backup"
    backup(target)
    OrganisationFactory(name="Blijft staan")
    manifest = json.loads((target / MANIFEST).read_text())
    other = {"sqlite": "postgresql", "postgresql": "sqlite"}[connection.vendor]
    manifest["engine"] = other
    (target / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match=f"Deze backup is van {other}, de database is {connection.vendor}"):
        call_command("restore", str(target), "--no-input", stdout=StringIO(), stderr=StringIO())
    assert Organisation.objects.filter(name="Blijft staan").exists()


def test_backup_refuses_a_folder_in_use_and_restore_an_unfinished_backup(db, tmp_path):
    used = tmp_path / "used"
    used.mkdir()
    (used / "iets").write_text("x")
    with pytest.raises(CommandError, match="bestaat al en is niet leeg"):
        call_command("backup", str(used), stdout=StringIO(), stderr=StringIO())

    unfinished = tmp_path / "unfinished"
    backup(unfinished)
    shutil.copy(unfinished / MANIFEST, tmp_path / "manifest-copy.json")
    (unfinished / MANIFEST).unlink()
    with pytest.raises(CommandError, match="Geen manifest.json"):
        call_command("restore", str(unfinished), "--no-input", stdout=StringIO(), stderr=StringIO())
