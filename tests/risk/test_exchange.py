"""export_tables: the application's data in exchange format v1, row by row, and nothing personal."""

import datetime as dt

import polars as pl
import pytest

from regiekamer.inspections.models import Inspection
from regiekamer.meldingen.models import Melding, MeldingCategory, MeldingSource, MeldingStatus
from regiekamer.registry.models import Address, Employer, Owner, OwnerKind, Registry
from regiekamer.exchange.export import export_tables
from tests.factories import (
    AddressFactory, BuildingFactory, CaseFactory, InspectionFactory, MeldingFactory, OwnerFactory, OwnershipFactory,
    RegistrationFactory, municipality,
)

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 1, 1)
D = dt.date


@pytest.fixture
def world():
    """Two Venlo addresses in one building (and a third address of that building in Horst's
    queryset-less part), one Venlo address without a building, and a Horst address."""
    venlo, horst = municipality("GM0983"), municipality("GM1507")
    building = BuildingFactory(bag_id="0983100000000001", building_year=1930)
    a = AddressFactory(bag_id="0983010000000002", building=building, street="Parade", house_number=12,
                       house_letter="A", house_number_addition="2", postcode="5911CE", city="Venlo",
                       area_code="BU09830101", usage=["woonfunctie", "winkelfunctie"], floor_area_m2=80,
                       building_year=None, rd_x=209500.5, rd_y=376500.25)
    b = AddressFactory(bag_id="0983010000000001", building=building, street="Parade", house_number=14,
                       postcode="5911CE", city="Venlo", area_code="", usage=[], floor_area_m2=None,
                       building_year=1931, rd_x=None, rd_y=None)
    c = AddressFactory(bag_id="0983010000000003", building=None, street="Kaldenkerkerweg", house_number=1,
                       postcode="", area_code="", usage=["logiesfunctie"], floor_area_m2=400, building_year=2001)
    horst = AddressFactory(bag_id="1507010000000001", municipality=horst,
                           building=BuildingFactory(bag_id="1507100000000001", municipality=horst))
    # A third address of the Parade building outside the exported queryset still counts as a unit.
    AddressFactory(bag_id="0983010000000009", building=building, municipality=venlo)
    return {"a": a, "b": b, "c": c, "horst": horst,
            "queryset": Address.objects.filter(bag_id__in=[a.bag_id, b.bag_id, c.bag_id])}


def rows(frame: pl.DataFrame) -> list[tuple]:
    return frame.rows()


def test_addresses_table(world):
    tables = export_tables(world["queryset"], as_of=AS_OF)
    addresses = tables["addresses"]
    assert addresses.columns == [
        "address_id", "municipality_code", "area_code", "postcode", "house_number", "house_letter",
        "house_number_addition", "street", "city", "building_id", "floor_area_m2", "usage", "building_year",
        "units_in_building", "x", "y",
    ]
    assert addresses.schema["floor_area_m2"] == pl.Float64 and addresses.schema["building_year"] == pl.Int64
    assert rows(addresses) == [
        # Ordered by BAG id; the area falls back to the postcode digits; the year to the building's.
        ("0983010000000001", "GM0983", "5911", "5911CE", "14", None, None, "Parade", "Venlo", "0983100000000001",
         None, None, 1931, 3, None, None),
        ("0983010000000002", "GM0983", "BU09830101", "5911CE", "12", "A", "2", "Parade", "Venlo", "0983100000000001",
         80.0, "woonfunctie;winkelfunctie", 1930, 3, 209500.5, 376500.25),
        ("0983010000000003", "GM0983", None, None, "1", None, None, "Kaldenkerkerweg", "Venlo", None,
         400.0, "logiesfunctie", 2001, None, 209000.0, 376000.0),
    ]


def test_registrations_keep_pseudonym_and_registry_only(world):
    a, c, horst = world["a"], world["c"], world["horst"]
    RegistrationFactory(address=a, person_ref="b" * 32, registry=Registry.RNI, start_date=D(2025, 3, 1),
                        end_date=D(2025, 9, 30), employer=Employer.objects.create(kvk_number="70000001", name="Flex"))
    RegistrationFactory(address=a, person_ref="a" * 32, registry=Registry.BRP, start_date=D(2024, 1, 1))
    RegistrationFactory(address=c, person_ref="c" * 32, registry=Registry.BRP, start_date=D(2026, 2, 1))
    RegistrationFactory(address=horst, person_ref="d" * 32)  # not in the queryset
    registrations = export_tables(world["queryset"], as_of=AS_OF)["registrations"]
    assert registrations.columns == ["address_id", "person_ref", "registry", "start_date", "end_date"]
    assert registrations.schema["start_date"] == pl.Date and registrations.schema["end_date"] == pl.Date
    # Everything is exported, also what starts after the as-of date: the engine applies the as-of rule.
    assert rows(registrations) == [
        ("0983010000000002", "a" * 32, "BRP", D(2024, 1, 1), None),
        ("0983010000000002", "b" * 32, "RNI", D(2025, 3, 1), D(2025, 9, 30)),
        ("0983010000000003", "c" * 32, "BRP", D(2026, 2, 1), None),
    ]


def test_signals_map_categories_and_leave_out_points_and_rejected(world):
    a, b = world["a"], world["b"]
    m1 = MeldingFactory(address=a, category=MeldingCategory.FIRE_SAFETY, source=MeldingSource.ANONYMOUS,
                        received_on=D(2025, 5, 1), description="Gasfles in de woning van Jan Jansen")
    m2 = MeldingFactory(address=a, category=MeldingCategory.LANDLORD_COMPLAINT, source=MeldingSource.LAA,
                        received_on=D(2025, 2, 1))
    m3 = MeldingFactory(address=b, category=MeldingCategory.POLLUTION, received_on=D(2026, 3, 1))
    m4 = MeldingFactory(address=b, category=MeldingCategory.OTHER, received_on=D(2025, 7, 1),
                        status=MeldingStatus.REJECTED, rejection_reason="Dubbel", handled_on=D(2026, 2, 1))
    for category in (MeldingCategory.OVERCROWDING, MeldingCategory.NUISANCE, MeldingCategory.EXPLOITATION,
                     MeldingCategory.ILLEGAL_LETTING, MeldingCategory.UNSAFE_HOUSING):
        MeldingFactory(address=world["c"], category=category, received_on=D(2025, 1, 1))
    # Rejected before the as-of date: judged not to be a signal about the address.
    MeldingFactory(address=b, category=MeldingCategory.OTHER, received_on=D(2025, 7, 1),
                   status=MeldingStatus.REJECTED, rejection_reason="Gaat niet over huisvesting",
                   handled_on=D(2025, 8, 1))
    Melding.objects.create(latitude=51.4, longitude=6.1, municipality=municipality("GM0983"),
                           category=MeldingCategory.OVERCROWDING, source=MeldingSource.CITIZEN,
                           received_on=D(2025, 6, 1))
    MeldingFactory(address=world["horst"])
    signals = export_tables(world["queryset"], as_of=AS_OF)["signals"]
    assert signals.columns == ["signal_id", "address_id", "date", "category", "source"]
    got = rows(signals)
    assert got[:4] == [
        (f"M-{m4.pk:06d}", "0983010000000001", D(2025, 7, 1), "overig", "burger"),  # rejected only after as_of
        (f"M-{m3.pk:06d}", "0983010000000001", D(2026, 3, 1), "overlast", "burger"),
        (f"M-{m2.pk:06d}", "0983010000000002", D(2025, 2, 1), "huisvesting_klacht", "laa"),
        (f"M-{m1.pk:06d}", "0983010000000002", D(2025, 5, 1), "brandveiligheid", "anoniem"),
    ]
    assert [(address, category) for _, address, _, category, _ in got[4:]] == [
        ("0983010000000003", "overbewoning"), ("0983010000000003", "overlast"), ("0983010000000003", "uitbuiting"),
        ("0983010000000003", "illegale_verhuur"), ("0983010000000003", "huisvesting_klacht"),
    ]
    assert "Jansen" not in str(signals.to_dicts())


def test_only_recorded_inspections(world):
    a, b = world["a"], world["b"]
    i1 = InspectionFactory(address=a, inspected_on=D(2025, 4, 1), outcome="violation", severity="serious")
    i2 = InspectionFactory(address=a, inspected_on=D(2024, 4, 1), outcome="no_violation")
    i3 = InspectionFactory(address=b, inspected_on=D(2025, 6, 1), outcome="no_access")
    Inspection.objects.create(address=b, municipality=b.municipality, inspected_on=D(2025, 12, 1), status="planned", outcome="",
                              case=CaseFactory(address=b))
    inspections = export_tables(world["queryset"], as_of=AS_OF)["inspections"]
    assert inspections.columns == ["inspection_id", "address_id", "date", "outcome", "severity"]
    assert rows(inspections) == [
        (str(i3.pk), "0983010000000001", D(2025, 6, 1), "no_access", None),
        (str(i2.pk), "0983010000000002", D(2024, 4, 1), "no_violation", None),
        (str(i1.pk), "0983010000000002", D(2025, 4, 1), "violation", "serious"),
    ]


def test_ownership_by_kvk_or_pseudonym_never_a_name(world):
    a, b = world["a"], world["b"]
    company = OwnerFactory(kvk_number="61234567", name="Maasvastgoed B.V.")
    person = Owner.objects.create(kind=OwnerKind.PERSON, pseudonym="e" * 32)
    OwnershipFactory(address=a, owner=person, start_date=D(2010, 1, 1), end_date=D(2023, 6, 30))
    OwnershipFactory(address=a, owner=company, start_date=D(2023, 7, 1))
    OwnershipFactory(address=b, owner=company, start_date=None)
    OwnershipFactory(address=world["horst"], owner=company)
    ownership = export_tables(world["queryset"], as_of=AS_OF)["ownership"]
    assert ownership.columns == ["address_id", "owner_ref", "start_date", "end_date"]
    assert rows(ownership) == [
        ("0983010000000001", "61234567", None, None),
        ("0983010000000002", "e" * 32, D(2010, 1, 1), D(2023, 6, 30)),
        ("0983010000000002", "61234567", D(2023, 7, 1), None),
    ]
    assert "Maasvastgoed" not in str(ownership.to_dicts())


def test_tables_and_empty_tables(world):
    tables = export_tables(Address.objects.none(), as_of=AS_OF)
    # No permits table without permits (an empty one would mean "every permit missing"); an employer's SNF mark is not an address's.
    assert sorted(tables) == ["addresses", "inspections", "ownership", "registrations", "signals"]
    assert all(frame.height == 0 for frame in tables.values())
    assert tables["registrations"].schema["start_date"] == pl.Date


def test_nothing_personal_leaves(world):
    """No column beyond the format's, and no value that names a person or their origin."""
    a = world["a"]
    RegistrationFactory(address=a, person_ref="f" * 32)
    OwnershipFactory(address=a, owner=Owner.objects.create(kind=OwnerKind.PERSON, pseudonym="9" * 32))
    tables = export_tables(world["queryset"], as_of=AS_OF)
    columns = {name for frame in tables.values() for name in frame.columns}
    assert not columns & {"bsn", "name", "nationality", "country_of_birth", "language", "employer", "description"}
    assert tables["registrations"].columns == ["address_id", "person_ref", "registry", "start_date", "end_date"]


def test_the_engine_accepts_the_export(world):
    """The engine validates the export like a delivered folder: nothing refused; it warns about the
    address without floor area and the category that has no name of its own in the format."""
    from riskengine import from_frames, score

    a, b = world["a"], world["b"]
    RegistrationFactory(address=a, person_ref="1" * 32, start_date=D(2025, 1, 1))
    MeldingFactory(address=a, category=MeldingCategory.POLLUTION, received_on=D(2025, 6, 1))
    MeldingFactory(address=b, category=MeldingCategory.UNSAFE_HOUSING, received_on=D(2025, 6, 1))
    InspectionFactory(address=b, inspected_on=D(2025, 7, 1), outcome="violation", severity="serious")
    OwnershipFactory(address=a, owner=OwnerFactory(kvk_number="61234567"), start_date=None)
    delivery = from_frames(export_tables(world["queryset"], as_of=AS_OF))
    assert delivery.warnings == [
        "addresses: 1 adres(sen) zonder oppervlakte (of 0 m2); de bezetting tegen de norm is daar niet te berekenen",
    ]  # pollution went out as overlast: a category the engine knows
    result = score(delivery, as_of=AS_OF)
    assert result.scores.sort("rank")["address_id"].to_list()[0] == "0983010000000001"
    assert sorted(result.scores["address_id"]) == ["0983010000000001", "0983010000000002", "0983010000000003"]
