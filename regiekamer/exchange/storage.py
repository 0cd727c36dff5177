"""Storing a validated delivery: every table onto the registry's own models, in bulk.

The caller holds the one transaction (services.py). How a delivered row is recognised the next time
(docs/adr/0007-exchange-import.md):
- addresses by address_id (= Address.bag_id). An address this organisation's deliveries created
  (an ExternalRef says so) follows its deliveries; any other (from the BAG, the application or
  another organisation) keeps its facts, and a delivered fact that differs is a warning.
- registrations by (address, person_ref, start_date), the registry's own unique key; ownership by
  (address, owner, start_date); permits by (address, kind, valid_from). Whoever recorded them: they
  are facts of a register, and the delivery is the register's newer word on them.
- signals and inspections by the delivering organisation's own id (signal_id, inspection_id),
  through ExternalRef, so that two organisations' "1" never meet.
A recognised row whose delivered facts differ (an end date that appeared, a corrected outcome) is
updated, and the change is appended to RecordChange with the values before and after.
Every read is one query per 900 keys and every write a bulk operation: no query per row.
"""

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.contrib.auth.models import User
from django.db.models import Model
from django.utils import timezone

from regiekamer.inspections.models import Inspection, InspectionStatus
from regiekamer.meldingen.models import Melding, MeldingCategory, MeldingSource
from regiekamer.organisations.models import Organisation
from regiekamer.registry.geo import rd_to_wgs84
from regiekamer.registry.models import Address, Building, Municipality, Owner, OwnerKind, Ownership, Permit, Registration

from .export import SIGNAL_CATEGORY
from .models import Delivery, ExternalRef, RecordChange

CHUNK = 900  # keys per IN (...) query: within SQLite's variable limit with room to spare
BATCH = 2_000

# Exchange categories back to ours: the first of ours that exports as it (overlast is nuisance rather
# than pollution, huisvesting_klacht a landlord complaint rather than unsafe housing); a category the
# format lists but we do not have, and an unknown one, become "anders" (the engine warned already).
CATEGORY = {exchange: ours for ours, exchange in reversed(list(SIGNAL_CATEGORY.items()))}
# Sources of the format's examples that we know under another name; everything else not ours is the
# exchange itself.
SOURCE_ALIASES = {"politie": MeldingSource.PARTNER, "brandweer": MeldingSource.PARTNER}
KVK = re.compile(r"^[0-9]{8}$")
ADDRESS_FACTS = ("municipality_id", "street", "house_number", "house_letter", "house_number_addition", "postcode",
                 "city", "area_code", "usage", "floor_area_m2", "building_year", "rd_x", "rd_y", "building_id")


@dataclass
class Counts:
    new: int = 0
    changed: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"new": self.new, "changed": self.changed, "unchanged": self.unchanged}


@dataclass
class Stored:
    counts: dict[str, Counts] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    municipality_ids: set[int] = field(default_factory=set)
    # Persons whose registration was created or changed (for the processing log): ref -> municipality
    persons_created: dict[str, int] = field(default_factory=dict)
    persons_changed: dict[str, int] = field(default_factory=dict)


def _chunks(values: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _fetch(model: type[Model], key: str, values: Iterable, *fields: str, **filters: Any) -> list[dict]:
    values = list(dict.fromkeys(values))
    rows: list[dict] = []
    for chunk in _chunks(values):
        rows += list(model.objects.filter(**{f"{key}__in": chunk}, **filters).values(*fields))
    return rows


def _text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


class Writer:
    """Stores one validated delivery for one organisation."""

    def __init__(self, *, delivery: Delivery, organisation: Organisation, user: User | None, files: dict[str, str],
                 progress: Callable[[int, str], None] | None = None) -> None:
        self.delivery, self.organisation, self.user, self.files = delivery, organisation, user, files
        self.progress = progress or (lambda percent, step: None)
        self.stored = Stored()
        self.changes: list[RecordChange] = []
        self.refs: list[ExternalRef] = []
        self.now = timezone.now()

    def store(self, tables: dict[str, pl.DataFrame]) -> Stored:
        steps = [name for name in ("addresses", "registrations", "signals", "inspections", "ownership", "permits")
                 if name in tables]
        for n, name in enumerate(steps):
            self.progress(50 + 45 * n // len(steps), f"{name} opslaan")
            rows = tables[name].to_dicts()
            if name == "addresses":
                self.address_pk = self._addresses(rows)
            else:
                getattr(self, f"_{name}")(rows)
        RecordChange.objects.bulk_create(self.changes, batch_size=BATCH)
        ExternalRef.objects.bulk_create(self.refs, batch_size=BATCH)
        return self.stored

    def _count(self, table: str) -> Counts:
        return self.stored.counts.setdefault(table, Counts())

    def _change(self, table: str, pk: int, before: dict, after: dict) -> dict:
        """The facts that differ, as {field: [before, after]}; appended to the history when any."""
        differ = {name: [_text(before[name]), _text(value)] for name, value in after.items() if before[name] != value}
        if differ:
            self.changes.append(RecordChange(delivery=self.delivery, table=table, object_id=pk, changes=differ))
        return differ

    def _ref(self, table: str, external_id: str, pk: int) -> None:
        self.refs.append(ExternalRef(organisation=self.organisation, table=table, external_id=external_id,
                                     object_id=pk, delivery=self.delivery))

    def _known_refs(self, table: str, ids: list[str]) -> dict[str, ExternalRef]:
        refs: dict[str, ExternalRef] = {}
        for chunk in _chunks(ids):
            for ref in ExternalRef.objects.filter(organisation=self.organisation, table=table, external_id__in=chunk):
                refs[ref.external_id] = ref
        return refs

    # --- addresses

    def _addresses(self, rows: list[dict]) -> dict[str, int]:
        counts = self._count("addresses")
        municipality = dict(Municipality.objects.values_list("code", "pk"))
        buildings = self._buildings(rows, municipality)
        ids = [row["address_id"] for row in rows]
        existing = {row["bag_id"]: row for row in _fetch(Address, "bag_id", ids, "pk", "bag_id", *ADDRESS_FACTS)}
        ours = self._known_refs("addresses", ids)
        new, updates, differences = [], [], defaultdict(list)
        for row in rows:
            facts = {
                "municipality_id": municipality[row["municipality_code"]], "street": row["street"],
                "house_number": row["house_number"], "house_letter": row["house_letter"],
                "house_number_addition": row["house_number_addition"], "postcode": row["postcode"],
                "city": row["city"], "area_code": row["area_code"],
                "usage": [part for part in row["usage"].split(";") if part],
                "floor_area_m2": row["floor_area_m2"], "building_year": row["building_year"],
                "rd_x": row["x"], "rd_y": row["y"], "building_id": buildings.get(row["building_id"]),
            }
            self.stored.municipality_ids.add(facts["municipality_id"])
            stored = existing.get(row["address_id"])
            if stored is None:
                address = Address(bag_id=row["address_id"], **facts)
                if facts["rd_x"] is not None and facts["rd_y"] is not None:
                    address.latitude, address.longitude = rd_to_wgs84(facts["rd_x"], facts["rd_y"])
                new.append(address)
                continue
            self.stored.municipality_ids.add(stored["municipality_id"])
            if row["address_id"] in ours:
                if self._change("addresses", stored["pk"], stored, facts):
                    address = Address(pk=stored["pk"], **facts)
                    if facts["rd_x"] is not None and facts["rd_y"] is not None:
                        address.latitude, address.longitude = rd_to_wgs84(facts["rd_x"], facts["rd_y"])
                    updates.append(address)
                    counts.changed += 1
                else:
                    counts.unchanged += 1
                continue
            # Someone else's address (the BAG's, as a rule): its facts stay; a different delivered fact is said.
            counts.unchanged += 1
            for name, value in facts.items():
                if value not in (None, "", []) and value != stored[name]:
                    differences[name].append(row["address_id"])
        Address.objects.bulk_create(new, batch_size=BATCH)
        for address in new:
            self._ref("addresses", address.bag_id, address.pk)
        counts.new += len(new)
        if updates:
            Address.objects.bulk_update(updates, [*ADDRESS_FACTS, "latitude", "longitude"], batch_size=BATCH)
        labels = {"municipality_id": "municipality_code", "rd_x": "x", "rd_y": "y", "building_id": "building_id"}
        for name, address_ids in sorted(differences.items()):
            example = ", ".join(address_ids[:5]) + (" …" if len(address_ids) > 5 else "")
            self.stored.warnings.append(
                f"{self.delivery_file('addresses')}: {labels.get(name, name)} wijkt bij {len(address_ids)} adres(sen) af "
                f"van het register ({example}); het register (BAG) houdt zijn gegevens")
        pks = {row["bag_id"]: row["pk"] for row in existing.values()}
        pks.update({address.bag_id: address.pk for address in new})
        return pks

    def delivery_file(self, table: str) -> str:
        return self.files.get(table, table)

    def _buildings(self, rows: list[dict], municipality: dict[str, int]) -> dict[str, int]:
        wanted = {row["building_id"]: municipality[row["municipality_code"]] for row in rows if row["building_id"]}
        known = {row["bag_id"]: row["pk"] for row in _fetch(Building, "bag_id", list(wanted), "pk", "bag_id")}
        new = [Building(bag_id=bag_id, municipality_id=place) for bag_id, place in wanted.items() if bag_id not in known]
        Building.objects.bulk_create(new, batch_size=BATCH)
        known.update({building.bag_id: building.pk for building in new})
        return known

    # --- the tables with a natural key

    def _keyed(self, table: str, model: type[Model], rows: list[dict], key: Callable[[dict], tuple],
               stored_key: tuple[str, ...], facts: Callable[[dict], dict], make: Callable[[dict], Model]) -> None:
        counts = self._count(table)
        addresses = [self.address_pk[row["address_id"]] for row in rows]
        existing = {tuple(row[name] for name in stored_key): row
                    for row in _fetch(model, "address_id", addresses, "pk", *stored_key, *facts({}).keys())}
        new, updates = [], []
        for row in rows:
            stored = existing.get(key(row))
            if stored is None:
                new.append(make(row))
                continue
            after = facts(row)
            if self._change(table, stored["pk"], stored, after):
                updates.append(model(pk=stored["pk"], **after))
                counts.changed += 1
                self._changed(table, row)
            else:
                counts.unchanged += 1
        model.objects.bulk_create(new, batch_size=BATCH)
        counts.new += len(new)
        if updates:
            model.objects.bulk_update(updates, list(facts({}).keys()), batch_size=BATCH)

    def _changed(self, table: str, row: dict) -> None:
        if table == "registrations":
            self.stored.persons_changed[row["person_ref"]] = self.municipality_of[row["address_id"]]

    def _registrations(self, rows: list[dict]) -> None:
        self.municipality_of = self._places(rows)

        def make(row: dict) -> Registration:
            self.stored.persons_created[row["person_ref"]] = self.municipality_of[row["address_id"]]
            return Registration(address_id=self.address_pk[row["address_id"]], person_ref=row["person_ref"],
                                registry=row["registry"], start_date=row["start_date"], end_date=row["end_date"])

        self._keyed(
            "registrations", Registration, rows,
            key=lambda row: (self.address_pk[row["address_id"]], row["person_ref"], row["start_date"]),
            stored_key=("address_id", "person_ref", "start_date"),
            facts=lambda row: {"registry": row.get("registry"), "end_date": row.get("end_date")},
            make=make,
        )

    def _ownership(self, rows: list[dict]) -> None:
        owners = self._owners([row["owner_ref"] for row in rows])
        self._keyed(
            "ownership", Ownership, rows,
            key=lambda row: (self.address_pk[row["address_id"]], owners[row["owner_ref"]], row["start_date"]),
            stored_key=("address_id", "owner_id", "start_date"),
            facts=lambda row: {"end_date": row.get("end_date")},
            make=lambda row: Ownership(address_id=self.address_pk[row["address_id"]], owner_id=owners[row["owner_ref"]],
                                       start_date=row["start_date"], end_date=row["end_date"]),
        )

    def _owners(self, refs: list[str]) -> dict[str, int]:
        refs = list(dict.fromkeys(refs))
        companies = [ref for ref in refs if KVK.match(ref)]
        persons = [ref for ref in refs if not KVK.match(ref)]
        known = {row["kvk_number"]: row["pk"] for row in _fetch(Owner, "kvk_number", companies, "pk", "kvk_number")}
        known.update({row["pseudonym"]: row["pk"] for row in _fetch(Owner, "pseudonym", persons, "pk", "pseudonym")})
        new = [Owner(kind=OwnerKind.COMPANY, kvk_number=ref) if KVK.match(ref) else Owner(kind=OwnerKind.PERSON, pseudonym=ref)
               for ref in refs if ref not in known]
        Owner.objects.bulk_create(new, batch_size=BATCH)
        known.update({owner.kvk_number or owner.pseudonym: owner.pk for owner in new})
        return known

    def _permits(self, rows: list[dict]) -> None:
        self._keyed(
            "permits", Permit, rows,
            key=lambda row: (self.address_pk[row["address_id"]], row["kind"], row["valid_from"]),
            stored_key=("address_id", "kind", "valid_from"),
            facts=lambda row: {"valid_to": row.get("valid_to")},
            make=lambda row: Permit(address_id=self.address_pk[row["address_id"]], kind=row["kind"],
                                    valid_from=row["valid_from"], valid_to=row["valid_to"],
                                    organisation=self.organisation),
        )

    # --- the tables with the organisation's own ids

    def _identified(self, table: str, model: type[Model], rows: list[dict], id_column: str, fields: list[str],
                    facts: Callable[[dict], dict], extra: Callable[[dict], dict]) -> None:
        counts = self._count(table)
        ids = [row[id_column] for row in rows]
        refs = self._known_refs(table, ids)
        existing = {row["pk"]: row for row in _fetch(model, "pk", [ref.object_id for ref in refs.values()],
                                                      "pk", *fields)}
        new_rows, new, updates, stale = [], [], [], []
        for row in rows:
            ref = refs.get(row[id_column])
            stored = existing.get(ref.object_id) if ref else None
            after = facts(row)
            if stored is None:
                if ref is not None:  # the stored row is gone (deleted by hand): store it again
                    stale.append(ref.pk)
                new_rows.append(row)
                new.append(model(**after, **extra(row)))
            elif self._change(table, stored["pk"], stored, after):
                updates.append(model(pk=stored["pk"], **after))
                counts.changed += 1
            else:
                counts.unchanged += 1
        ExternalRef.objects.filter(pk__in=stale).delete()
        model.objects.bulk_create(new, batch_size=BATCH)
        for row, obj in zip(new_rows, new, strict=True):
            self._ref(table, row[id_column], obj.pk)
        counts.new += len(new)
        if updates:
            model.objects.bulk_update(updates, fields, batch_size=BATCH)

    def _signals(self, rows: list[dict]) -> None:
        place = self._places(rows)
        unknown = defaultdict(int)

        def source(value: str) -> str:
            if value in MeldingSource.values:
                return value
            if value in SOURCE_ALIASES:
                return SOURCE_ALIASES[value]
            if value:
                unknown[value] += 1
            return MeldingSource.EXCHANGE

        self._identified(
            "signals", Melding, rows, "signal_id",
            fields=["address_id", "municipality_id", "received_on", "category", "source"],
            facts=lambda row: {
                "address_id": self.address_pk[row["address_id"]], "municipality_id": place[row["address_id"]],
                "received_on": row["date"], "category": CATEGORY.get(row["category"], MeldingCategory.OTHER),
                "source": source(row["source"]),
            },
            extra=lambda row: {"organisation": self.organisation, "created_by": self.user, "description": ""},
        )
        for value, count in sorted(unknown.items()):
            self.stored.warnings.append(f"{self.delivery_file('signals')}: onbekende bron '{value}' ({count} keer); "
                                        f"vastgelegd als {MeldingSource.EXCHANGE.label}")

    def _places(self, rows: list[dict]) -> dict[str, int]:
        """address_id -> the address's municipality (stored), for meldingen."""
        return {row["bag_id"]: row["municipality_id"]
                for row in _fetch(Address, "bag_id", [row["address_id"] for row in rows], "bag_id", "municipality_id")}

    def _inspections(self, rows: list[dict]) -> None:
        place = self._places(rows)
        self._identified(
            "inspections", Inspection, rows, "inspection_id",
            fields=["address_id", "municipality_id", "inspected_on", "outcome", "severity"],
            facts=lambda row: {
                "address_id": self.address_pk[row["address_id"]], "municipality_id": place[row["address_id"]],
                "inspected_on": row["date"],
                "outcome": row["outcome"],
                # The format allows a severity beside no violation (the engine ignores it); we may not store it.
                "severity": row["severity"] if row["outcome"] == "violation" else "",
            },
            extra=lambda row: {"status": InspectionStatus.RECORDED, "organisation": self.organisation,
                               "recorded_by": self.user, "recorded_at": self.now},
        )
