"""Write Building and Address rows in batches: one query finds what exists, then bulk create/update.

Only the fields a row carries are written, so an import that lacks some information (a VBO file
without its nummeraanduidingen) does not blank what an earlier import stored. Unchanged rows are
not written at all, which makes a repeated import cheap.
"""

from dataclasses import dataclass
from typing import Any

from regiekamer.registry.models import Address, Building

BUILDING_FIELDS = ("municipality", "building_year", "status")
ADDRESS_FIELDS = (
    "kind", "address_number_id", "municipality", "building", "street", "house_number", "house_letter",
    "house_number_addition", "postcode", "city", "usage", "floor_area_m2", "building_year", "status",
    "rd_x", "rd_y", "latitude", "longitude",
)


@dataclass
class Counts:
    """What one import did to the rows of one kind."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


def upsert_buildings(*, rows: list[dict[str, Any]], counts: Counts) -> None:
    """Create or update Building rows given as {bag_id, municipality_id, building_year, status}."""
    by_id = {row["bag_id"]: row for row in rows}  # the last row of an identifier wins
    existing = {b.bag_id: b for b in Building.objects.filter(bag_id__in=list(by_id))}
    new: list[Building] = []
    changed: list[Building] = []
    for bag_id, values in by_id.items():
        building = existing.get(bag_id)
        if building is None:
            new.append(Building(**values))
            counts.created += 1
        elif _apply(obj=building, values=values):
            changed.append(building)
            counts.updated += 1
        else:
            counts.unchanged += 1
    Building.objects.bulk_create(new)
    if changed:
        Building.objects.bulk_update(changed, BUILDING_FIELDS)


def upsert_addresses(*, rows: list[dict[str, Any]], counts: dict[str, Counts]) -> None:
    """Create or update Address rows; a row's building_bag_id links it to an existing Building.

    The address takes the building year of its pand unless the row brings its own.
    """
    by_id = {row["bag_id"]: row for row in rows}
    pand_ids = {row["building_bag_id"] for row in rows if row.get("building_bag_id")}
    found = Building.objects.filter(bag_id__in=pand_ids).values_list("bag_id", "pk", "building_year")
    buildings = {bag_id: (pk, year) for bag_id, pk, year in found}
    existing = {a.bag_id: a for a in Address.objects.filter(bag_id__in=list(by_id))}
    new: list[Address] = []
    changed: list[Address] = []
    for bag_id, row in by_id.items():
        values = dict(row)
        pand = values.pop("building_bag_id", None)
        if pand in buildings:
            values["building_id"], year = buildings[pand]
            if values.get("building_year") is None and year is not None:
                values["building_year"] = year
        kind_counts = counts[values["kind"]]
        address = existing.get(bag_id)
        if address is None:
            new.append(Address(**values))
            kind_counts.created += 1
        elif _apply(obj=address, values=values):
            changed.append(address)
            kind_counts.updated += 1
        else:
            kind_counts.unchanged += 1
    Address.objects.bulk_create(new)
    if changed:
        Address.objects.bulk_update(changed, ADDRESS_FIELDS)


def _apply(*, obj: Building | Address, values: dict[str, Any]) -> bool:
    """Set the given values on obj; True if any differed."""
    changed = False
    for field, value in values.items():
        if getattr(obj, field) != value:
            setattr(obj, field, value)
            changed = True
    return changed
