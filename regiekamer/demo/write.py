"""Writing a planned demo region to the database in batches, with a progress bar per phase.

The large tables go in as multi-row INSERTs of plain tuples: model instances and bulk_create cost
about five times as much per row, which for 150,000+ registrations is most of the run time.
Values still pass through the backend's own date and JSON adapters, so this works on SQLite
and PostgreSQL alike.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone
from tqdm import tqdm

from regiekamer.cases.models import Case, CaseParticipant, CaseResult, CaseStatus
from regiekamer.inspections.models import Inspection
from regiekamer.meldingen.models import Melding, MeldingStatus
from regiekamer.organisations.models import Organisation
from regiekamer.registry.models import (
    Address, Building, Employer, Municipality, Owner, Ownership, Registration,
)

from .models import ProblemTruth
from .history import CaseFate, History
from .rows import CaseRow, Plan

BATCH_SIZE = 5000
BUILDING_STATUS = "Pand in gebruik"
ADDRESS_STATUS = "Verblijfsobject in gebruik"


def _adapter(field: models.Field) -> Callable[[Any], Any] | None:
    """How the backend wants a value of this field, or None when it takes it as is."""
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    if isinstance(field, models.JSONField):
        return lambda value: field.get_db_prep_save(value, connection)
    return None


def _bar(model: type[models.Model], total: int, progress: bool) -> tqdm:
    return tqdm(total=total, desc=str(model._meta.verbose_name_plural).capitalize(), unit=" rows",
                disable=not progress)


def insert_rows(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple], *, total: int, progress: bool,
) -> None:
    """INSERT plain tuples (values in the order of columns, which are field names) in batches."""
    fields = [model._meta.get_field(name) for name in columns]
    adapters = [_adapter(field) for field in fields]
    quote = connection.ops.quote_name
    head = "INSERT INTO {} ({}) VALUES ".format(
        quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    )
    placeholder = "({})".format(", ".join(["%s"] * len(fields)))
    # Many rows per statement: one round trip per row (executemany) is slow on PostgreSQL.
    per_statement = max(1, min(1000, 30_000 // len(fields)))

    def flush(cursor: Any, batch: list[tuple]) -> None:
        for start in range(0, len(batch), per_statement):
            chunk = batch[start:start + per_statement]
            cursor.execute(head + ", ".join([placeholder] * len(chunk)), [v for row in chunk for v in row])

    def adapted(row: tuple) -> tuple:
        return tuple(v if a is None or v is None else a(v) for v, a in zip(row, adapters, strict=True))

    with _bar(model, total, progress) as bar, connection.cursor() as wrapper:
        # Under DEBUG, Django's cursor wrapper would render every 6,000-parameter statement into
        # connection.queries, which triples the run time; the driver's cursor skips that.
        cursor = wrapper.cursor
        batch: list[tuple] = []
        for row in rows:
            batch.append(adapted(row))
            if len(batch) == BATCH_SIZE:
                flush(cursor, batch)
                bar.update(len(batch))
                batch = []
        if batch:
            flush(cursor, batch)
            bar.update(len(batch))


def insert_objects[R](
    model: type[models.Model], rows: Sequence[R], make: Callable[[R], models.Model], *, progress: bool,
) -> list[Any]:
    """bulk_create for the smaller tables whose primary keys the later ones need; pks in row order."""
    pks: list[Any] = []
    with _bar(model, len(rows), progress) as bar:
        for start in range(0, len(rows), BATCH_SIZE):
            batch = [make(row) for row in rows[start:start + BATCH_SIZE]]
            model.objects.bulk_create(batch)
            pks.extend(obj.pk for obj in batch)
            bar.update(len(batch))
    return pks


def write_plan(*, plan: Plan, organisations: dict[str, Organisation], progress: bool,
               history: History | None = None) -> dict[str, int]:
    """Insert every planned row (and the handling history, when given); returns the number of rows per kind."""
    municipality = {m.code: m.pk for m in Municipality.objects.filter(
        code__in={b.municipality_code for b in plan.buildings})}
    org = {key: o.pk for key, o in organisations.items()}
    insert_rows(Building, ("bag_id", "municipality", "building_year", "status"), (
        (b.bag_id, municipality[b.municipality_code], b.building_year, BUILDING_STATUS) for b in plan.buildings
    ), total=len(plan.buildings), progress=progress)
    building_pk = dict(Building.objects.filter(municipality__in=municipality.values()).values_list("bag_id", "pk"))
    building_pks = [building_pk[b.bag_id] for b in plan.buildings]
    insert_rows(Address, (
        "kind", "bag_id", "address_number_id", "municipality", "building", "street", "house_number",
        "house_letter", "house_number_addition", "postcode", "city", "area_code", "usage", "floor_area_m2",
        "building_year", "status", "rd_x", "rd_y", "latitude", "longitude",
    ), (
        ("verblijfsobject", a.bag_id, a.address_number_id, municipality[a.municipality_code],
         building_pks[a.building], a.street, a.house_number, a.house_letter, a.house_number_addition, a.postcode,
         a.city, a.area_code, list(a.usage), a.floor_area_m2, a.building_year, ADDRESS_STATUS, a.rd_x, a.rd_y,
         a.latitude, a.longitude) for a in plan.addresses
    ), total=len(plan.addresses), progress=progress)
    address_pk = dict(Address.objects.filter(municipality__in=municipality.values()).values_list("bag_id", "pk"))
    address_pks = [address_pk[a.bag_id] for a in plan.addresses]
    address_municipality = [municipality[a.municipality_code] for a in plan.addresses]
    owner_pks = insert_objects(Owner, plan.owners, lambda o: Owner(
        kind=o.kind, kvk_number=o.kvk_number, pseudonym=o.pseudonym, name=o.name,
    ), progress=progress)
    insert_rows(Ownership, ("address", "owner", "start_date", "end_date"), (
        (address_pks[o.address], owner_pks[o.owner], o.start_date, o.end_date) for o in plan.ownerships
    ), total=len(plan.ownerships), progress=progress)
    employer_pks = insert_objects(Employer, plan.employers, lambda e: Employer(
        kvk_number=e.kvk_number, name=e.name, is_agency=e.is_agency, snf_certified=e.snf_certified,
    ), progress=progress)
    insert_rows(Registration, ("address", "person_ref", "registry", "start_date", "end_date", "employer"), (
        (address_pks[r.address], r.person_ref, r.registry, r.start_date, r.end_date,
         employer_pks[r.employer] if r.employer is not None else None) for r in plan.registrations
    ), total=len(plan.registrations), progress=progress)
    insert_rows(ProblemTruth, ("address", "is_problem", "kind", "actual_persons"), (
        (address_pks[t.address], t.is_problem, t.kind, t.actual_persons) for t in plan.truths
    ), total=len(plan.truths), progress=progress)
    now = timezone.now()
    fates = history.cases if history else [None] * len(plan.cases)
    case_pks = insert_objects(Case, list(zip(plan.cases, fates, strict=True)), lambda pair: Case(
        address_id=address_pks[pair[0].address], municipality_id=address_municipality[pair[0].address],
        case_type=pair[0].case_type, responsible_id=org[pair[0].responsible],
        opened_on=pair[0].opened_on, closed_on=pair[0].closed_on, **_case_state(*pair),
    ), progress=progress)
    participants = [(case_pks[i], org[key], since) for i, c in enumerate(plan.cases)
                    for key, since in c.participants.items()]
    insert_rows(CaseParticipant, ("case", "organisation", "since"), participants,
                total=len(participants), progress=progress)
    # Meldingen and inspections after the cases: the history links them to one.
    handled = history.meldingen if history else [None] * len(plan.meldingen)
    insert_rows(Melding, ("address", "municipality", "category", "source", "received_on", "description", "organisation",
                          "created_by", "created_at", "status", "case", "handled_on", "rejection_reason"), (
        (address_pks[m.address], address_municipality[m.address], m.category, m.source, m.received_on, m.description,
         org[m.organisation] if m.organisation else None, None, now,
         *((f.status, case_pks[f.case] if f.case is not None else None, f.handled_on, f.rejection_reason)
           if f else (MeldingStatus.NEW, None, None, "")))
        for m, f in zip(plan.meldingen, handled, strict=True)
    ), total=len(plan.meldingen), progress=progress)
    linked = history.inspections if history else [None] * len(plan.inspections)
    insert_rows(Inspection, ("address", "municipality", "inspected_on", "outcome", "severity", "organisation", "persons_present",
                             "case"), (
        (address_pks[i.address], address_municipality[i.address], i.inspected_on, i.outcome, i.severity, org[i.organisation], i.persons_present,
         case_pks[c] if c is not None else None)
        for i, c in zip(plan.inspections, linked, strict=True)
    ), total=len(plan.inspections), progress=progress)
    counts = {}
    if history:
        from .history_write import write_history  # it writes with this module's helpers

        counts = write_history(plan=plan, history=history, organisations=organisations, case_pks=case_pks,
                               progress=progress)
    return {
        "buildings": len(plan.buildings), "addresses": len(plan.addresses), "owners": len(plan.owners),
        "ownerships": len(plan.ownerships), "employers": len(plan.employers),
        "registrations": len(plan.registrations), "meldingen": len(plan.meldingen),
        "inspections": len(plan.inspections), "cases": len(plan.cases), "case participants": len(participants),
        "problem addresses (hidden)": sum(t.is_problem for t in plan.truths), **counts,
    }


def _case_state(case: CaseRow, fate: CaseFate | None) -> dict[str, Any]:
    """Status, its date, due date and result: from the history, or only open/closed without one."""
    if fate is not None:
        return {"status": fate.status, "status_since": fate.status_since, "due_on": fate.due_on, "result": fate.result}
    return {"status": CaseStatus.CLOSED if case.closed_on else CaseStatus.INVESTIGATING,
            "status_since": case.closed_on or case.opened_on,
            "result": CaseResult.OTHER if case.closed_on else ""}
