"""`regiekamer import-bag`, killed with SIGKILL while it writes, and run again (issue 8, "Faults").

The real extracts of ../shared/data: first the small complete Doesburg extract (committed before the
kill), then all 13,098 versions of Doesburg's 7,797 panden, killed once the write transaction has
begun, and imported again. The import writes in one transaction and matches rows on their BAG id
(registry/bag/importer.py), so the kill leaves exactly what was there before, and the second try
ends in the state of one clean import of both extracts (made in this process, on the test database,
and rolled back).
"""

import pytest
from django.db import DEFAULT_DB_ALIAS, transaction

from regiekamer.registry.bag.importer import import_bag
from regiekamer.registry.management.commands.import_bag import WRITING
from regiekamer.registry.models import Address, Building
from tests.reliability.conftest import DATA, checksum, wait_for

pytestmark = pytest.mark.xdist_group("reliability")

SMALL = DATA / "bag" / "doesburg-0221-small"
PANDEN = DATA / "bag" / "0221PND15092020.zip"


def registry(alias: str) -> dict:
    """Counts per model and a checksum of every row's natural key and facts."""
    buildings = list(Building.objects.using(alias).values_list("bag_id", "municipality__code", "building_year",
                                                                "status"))
    addresses = list(Address.objects.using(alias).values_list(
        "bag_id", "kind", "address_number_id", "municipality__code", "building__bag_id", "street", "house_number",
        "house_letter", "house_number_addition", "postcode", "city", "usage", "floor_area_m2", "building_year",
        "status", "rd_x", "rd_y"))
    assert len({row[0] for row in buildings}) == len(buildings)  # no pand twice
    assert len({row[0] for row in addresses}) == len(addresses)  # no address twice
    return {"buildings": len(buildings), "addresses": len(addresses),
            "checksum": checksum([("pand", *row) for row in buildings] + [("adres", *row) for row in addresses])}


def test_bag_import_killed_while_writing_then_rerun_equals_one_clean_import(scratch_factory):
    drill = scratch_factory()
    drill.run("import-bag", str(SMALL))
    before = registry(drill.alias)
    # The small extract: 2 panden and 2 verblijfsobjecten, 2 ligplaatsen, 2 standplaatsen of Doesburg.
    assert (before["buildings"], before["addresses"]) == (2, 6)

    # Small batches: the write transaction takes many rounds, so the kill lands in the middle of it.
    importing = drill.start("import-bag", str(PANDEN), "--batch-size", "50")
    wait_for(lambda: WRITING in importing.text, timeout=120, what="the write phase", process=importing)
    wait_for(drill.writing, timeout=30, what="the write transaction", process=importing)
    importing.kill()
    assert "BAG-import klaar" not in importing.text

    # Rolled back by the database: what was committed before is there once, nothing of the killed run.
    assert registry(drill.alias) == before

    output = drill.run("import-bag", str(PANDEN))
    assert "BAG-import klaar" in output
    after = registry(drill.alias)

    # One clean import of both, by the same service in this process, on the (empty) test database,
    # rolled back afterwards: 7,797 panden in the zip, the small extract's 2 among them; its 6 addresses.
    with transaction.atomic():
        import_bag(path=SMALL)
        import_bag(path=PANDEN)
        clean = registry(DEFAULT_DB_ALIAS)
        transaction.set_rollback(True)
    assert clean == after
    assert (after["buildings"], after["addresses"]) == (7797, 6)
