"""`regiekamer exchange import`, killed with SIGKILL while it stores a delivery, and run again (issue 8).

Venlo's enforcement department first delivers 200 addresses with every table (committed before the
kill), then 1,500 addresses, the first 200 again with their registrations now ended: 10,500 rows
in six tables. That import is killed once its one write transaction has begun, and run again. The
store recognises rows by their natural keys (registrations by address, person and start date; ownership
and permits likewise; signals and inspections by the organisation's own id through ExternalRef;
exchange/storage.py), so the kill leaves exactly what was there before, and the second try ends in the
state of one clean pair of deliveries (made in this process on the test database, rolled back).
"""

import json
from pathlib import Path

import pytest
from django.db import DEFAULT_DB_ALIAS, transaction

from regiekamer.audit.models import ProcessingLogEntry
from regiekamer.exchange.models import Delivery, DeliveryStatus, ExternalRef, RecordChange
from regiekamer.exchange.services import deliver
from regiekamer.inspections.models import Inspection
from regiekamer.meldingen.models import Melding
from regiekamer.organisations.models import Organisation, OrganisationKind
from regiekamer.registry.models import Address, Building, Municipality, Owner, Ownership, Permit, Registration
from tests.reliability.conftest import checksum, wait_for

pytestmark = pytest.mark.xdist_group("reliability")

ORGANISATION = "Gemeente Venlo handhaving"
FIRST, SECOND = 200, 1_500


def delivery(folder: Path, n: int, *, ended: int = 0) -> Path:
    """n addresses with two registrations, a signal, an inspection, an owner and a permit each; the
    registrations of the first `ended` addresses have ended on 2025-06-30."""
    tables = {
        "addresses": ["address_id,municipality_code,postcode,house_number,street,city,floor_area_m2,building_id"],
        "registrations": ["address_id,person_ref,registry,start_date,end_date"],
        "signals": ["signal_id,address_id,date,category,source"],
        "inspections": ["inspection_id,address_id,date,outcome,severity"],
        "ownership": ["address_id,owner_ref,start_date,end_date"],
        "permits": ["address_id,kind,valid_from,valid_to"],
    }
    for i in range(n):
        bag = f"0983010{i:09d}"
        end = "2025-06-30" if i < ended else ""
        tables["addresses"].append(f"{bag},GM0983,5911AB,{i + 1},Parade,Venlo,{50 + i % 100},0983100{i // 4:09d}")
        tables["registrations"] += [f"{bag},p{i}-{j},{('BRP', 'RNI')[j]},2024-01-0{j + 1},{end}" for j in range(2)]
        tables["signals"].append(f"S{i},{bag},2025-01-01,overbewoning,burger")
        tables["inspections"].append(f"I{i},{bag},2025-02-01,{('violation', 'no_violation')[i % 2]},"
                                     f"{('serious', '')[i % 2]}")
        tables["ownership"].append(f"{bag},{60000000 + i % 50},2020-01-01,")
        tables["permits"].append(f"{bag},verhuurvergunning,2024-01-01,")
    folder.mkdir(parents=True)
    for table, lines in tables.items():
        (folder / f"{table}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def stored(alias: str) -> dict:
    """Counts per model and a checksum of every stored row by its natural key and facts."""
    db = alias
    meldingen = {pk: row for pk, *row in Melding.objects.using(db).values_list(
        "pk", "address__bag_id", "municipality__code", "received_on", "category", "source", "organisation__name")}
    inspections = {pk: row for pk, *row in Inspection.objects.using(db).values_list(
        "pk", "address__bag_id", "inspected_on", "outcome", "severity", "organisation__name")}
    addresses = {pk: bag for pk, bag in Address.objects.using(db).values_list("pk", "bag_id")}
    resolve = {"signals": meldingen, "inspections": inspections, "addresses": addresses}
    refs = [(table, external, repr(resolve[table][object_id]))
            for table, external, object_id in ExternalRef.objects.using(db).values_list("table", "external_id",
                                                                                        "object_id")]
    rows = {
        "Address": list(Address.objects.using(db).values_list(
            "bag_id", "municipality__code", "street", "house_number", "postcode", "city", "floor_area_m2",
            "building__bag_id")),
        "Building": list(Building.objects.using(db).values_list("bag_id", "municipality__code")),
        "Registration": list(Registration.objects.using(db).values_list(
            "address__bag_id", "person_ref", "registry", "start_date", "end_date")),
        "Melding": list(meldingen.values()),
        "Inspection": list(inspections.values()),
        "Owner": list(Owner.objects.using(db).values_list("kind", "kvk_number", "pseudonym")),
        "Ownership": list(Ownership.objects.using(db).values_list(
            "address__bag_id", "owner__kvk_number", "start_date", "end_date")),
        "Permit": list(Permit.objects.using(db).values_list("address__bag_id", "kind", "valid_from", "valid_to")),
        "ExternalRef": refs,
        "RecordChange": [(table, json.dumps(changes, sort_keys=True))
                         for table, changes in RecordChange.objects.using(db).values_list("table", "changes")],
    }
    for name in ("Address", "Building", "Registration", "Ownership", "Permit", "ExternalRef"):
        assert len(set(rows[name])) == len(rows[name]), f"{name}: a natural key twice"
    return {"counts": {name: len(found) for name, found in rows.items()},
            "processing log": ProcessingLogEntry.objects.using(db).count(),
            "checksum": {name: checksum(found) for name, found in rows.items()}}


def test_exchange_import_killed_while_storing_then_rerun_equals_one_clean_delivery(scratch_factory, tmp_path):
    first = delivery(tmp_path / "eerste", FIRST)
    second = delivery(tmp_path / "tweede", SECOND, ended=FIRST)
    drill = scratch_factory()
    Organisation.objects.using(drill.alias).create(
        name=ORGANISATION, kind=OrganisationKind.MUNICIPAL_ENFORCEMENT,
        municipality=Municipality.objects.using(drill.alias).get(code="GM0983"))

    drill.run("exchange", "import", str(first), "--organisation", ORGANISATION)
    before = stored(drill.alias)
    assert before["counts"] == {"Address": 200, "Building": 50, "Registration": 400, "Melding": 200,
                                "Inspection": 200, "Owner": 50, "Ownership": 200, "Permit": 200,
                                "ExternalRef": 600, "RecordChange": 0}

    importing = drill.start("exchange", "import", str(second), "--organisation", ORGANISATION)
    deliveries = Delivery.objects.using(drill.alias)
    # The command records its delivery (committed) before it reads; after that the only writer is the
    # transaction that stores it.
    wait_for(lambda: deliveries.count() == 2, timeout=120, what="the second delivery", process=importing)
    wait_for(drill.writing, timeout=120, what="the store transaction", process=importing)
    importing.kill()

    assert stored(drill.alias) == before
    killed = deliveries.latest("pk")
    # Nobody is left to say so: the command-line delivery stays "running", with nothing of it stored
    # (a delivery uploaded in the browser runs in the worker, which marks it failed: test_risk_run_killed).
    assert killed.status == DeliveryStatus.RUNNING and killed.counts == {}
    assert not RecordChange.objects.using(drill.alias).filter(delivery=killed).exists()

    output = drill.run("exchange", "import", str(second), "--organisation", ORGANISATION)
    assert "Levering opgeslagen" in output
    after = stored(drill.alias)
    rerun = deliveries.latest("pk")
    assert rerun.status == DeliveryStatus.ACCEPTED
    assert rerun.counts["registrations"] == {"new": 2600, "changed": 400, "unchanged": 0}

    with transaction.atomic():
        venlo = Organisation.objects.create(name=ORGANISATION, kind=OrganisationKind.MUNICIPAL_ENFORCEMENT,
                                            municipality=Municipality.objects.get(code="GM0983"))
        assert deliver(source=first, organisation=venlo).status == DeliveryStatus.ACCEPTED
        assert deliver(source=second, organisation=venlo).status == DeliveryStatus.ACCEPTED
        clean = stored(DEFAULT_DB_ALIAS)
        transaction.set_rollback(True)
    assert clean == after
    assert after["counts"] == {"Address": 1500, "Building": 375, "Registration": 3000, "Melding": 1500,
                               "Inspection": 1500, "Owner": 50, "Ownership": 1500, "Permit": 1500,
                               "ExternalRef": 4500, "RecordChange": 400}
