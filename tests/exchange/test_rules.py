"""One failing delivery per validation rule: the report names exactly file, row, column and rule, and
nothing at all is stored (every model a delivery can touch keeps its count).

Rows are numbered as the format says: in a CSV the header is row 1, so the first record is row 2.
"""

import io

import polars as pl
import pytest
from django.test import override_settings

from regiekamer.exchange.models import Delivery, DeliveryStatus
from regiekamer.exchange.services import deliver
from regiekamer.organisations.models import Organisation, OrganisationKind
from tests.exchange.conftest import counts, write
from tests.factories import AddressFactory, BuildingFactory, RegionFactory, municipality

pytestmark = pytest.mark.django_db

HEAD = "address_id,municipality_code,postcode,house_number,street,floor_area_m2,building_year\n"
A1 = "0983010000000001,GM0983,5911AB,1,Parade,80,1930\n"
A2 = "0983010000000002,GM0983,5911AB,2,Parade,60,1930\n"
ADDRESSES = HEAD + A1 + A2
REG = "address_id,person_ref,registry,start_date,end_date\n"
OWN = "address_id,owner_ref,start_date,end_date\n"


def faults_of(delivery: Delivery) -> list[tuple]:
    return [(f["file"], f["row"], f["column"], f["rule"]) for f in delivery.faults]


def refuse(source, organisation) -> list[tuple]:
    before = counts()
    delivery = deliver(source=source, organisation=organisation)
    assert delivery.status == DeliveryStatus.REFUSED
    assert counts() == before, "a refused delivery stored something"
    assert delivery.counts == {}
    assert all(f["message"] for f in delivery.faults)
    return faults_of(delivery)


CSV_CASES = {
    # The format's rules (the risk engine's validator)
    "required_table": ({"registrations_csv": REG + "0983010000000001,p1,BRP,2024-01-01,\n"},
                       [("addresses.csv", None, None, "required_table")]),
    "required_column": ({"addresses_csv": "address_id,street\n0983010000000001,Parade\n"},
                        [("addresses.csv", None, "municipality_code", "required_column")]),
    "required_value": ({"addresses_csv": HEAD + A1 + "0983010000000002,,5911AB,2,Parade,60,1930\n"},
                       [("addresses.csv", 3, "municipality_code", "required_value")]),
    "unique": ({"addresses_csv": HEAD + A1 + A1}, [("addresses.csv", 2, "address_id", "unique"),
                                                   ("addresses.csv", 3, "address_id", "unique")]),
    "date_format": ({"addresses_csv": ADDRESSES, "registrations_csv": REG + "0983010000000001,p1,BRP,01-02-2024,\n"},
                    [("registrations.csv", 2, "start_date", "date_format")]),
    "enum": ({"addresses_csv": ADDRESSES, "registrations_csv": REG + "0983010000000001,p1,GBA,2024-01-01,\n"},
             [("registrations.csv", 2, "registry", "enum")]),
    "number": ({"addresses_csv": HEAD + A1 + "0983010000000002,GM0983,5911AB,2,Parade,groot,1930\n"},
               [("addresses.csv", 3, "floor_area_m2", "number")]),
    "integer": ({"addresses_csv": HEAD + "0983010000000001,GM0983,5911AB,1,Parade,80,1930.5\n"},
                [("addresses.csv", 2, "building_year", "integer")]),
    "period_order": ({"addresses_csv": ADDRESSES,
                      "registrations_csv": REG + "0983010000000001,p1,BRP,2024-02-01,2024-01-31\n"},
                     [("registrations.csv", 2, "end_date", "period_order")]),
    "unknown_address": ({"addresses_csv": ADDRESSES,
                         "registrations_csv": REG + "0983010000000001,p1,BRP,2024-01-01,\n"
                                                    "0983010000000009,p2,BRP,2024-01-01,\n"},
                        [("registrations.csv", 3, "address_id", "unknown_address")]),
    # The import's own rules
    "empty_file": ({"addresses_csv": ADDRESSES, "signals_csv": ""}, [("signals.csv", None, None, "empty_file")]),
    "csv_format": ({"addresses_csv": HEAD + A1 + "0983010000000002,GM0983,5911AB\n"},
                   [("addresses.csv", 3, None, "csv_format")]),
    "duplicate_column": ({"addresses_csv": "address_id,municipality_code,street,street\n0983010000000001,GM0983,a,b\n"},
                         [("addresses.csv", 1, "street", "duplicate_column")]),
    "unknown_municipality": ({"addresses_csv": HEAD + A1 + "0983010000000002,GM9999,5911AB,2,Parade,60,1930\n"},
                             [("addresses.csv", 3, "municipality_code", "unknown_municipality")]),
    "outside_territory": ({"addresses_csv": HEAD + A1 + "1507010000000002,GM1507,5961AB,2,Kerkstraat,60,1930\n"},
                          [("addresses.csv", 3, "municipality_code", "outside_territory")]),
    "bsn": ({"addresses_csv": ADDRESSES, "registrations_csv": REG + "0983010000000001,p1,BRP,2024-01-01,\n"
                                                                    "0983010000000002,111222333,BRP,2024-01-01,\n"},
            [("registrations.csv", 3, "person_ref", "bsn")]),
    "bsn_owner": ({"addresses_csv": ADDRESSES, "ownership_csv": OWN + "0983010000000001,111222333,,\n"},
                  [("ownership.csv", 2, "owner_ref", "bsn")]),
    "too_long": ({"addresses_csv": HEAD + "0983010000000001,GM0983,5911AB,1," + "P" * 121 + ",80,1930\n"},
                 [("addresses.csv", 2, "street", "too_long")]),
    "postcode": ({"addresses_csv": HEAD + "0983010000000001,GM0983,59111AB,1,Parade,80,1930\n"},
                 [("addresses.csv", 2, "postcode", "postcode")]),
    "house_number": ({"addresses_csv": HEAD + "0983010000000001,GM0983,5911AB,12a,Parade,80,1930\n"},
                     [("addresses.csv", 2, "house_number", "house_number")]),
    "range": ({"addresses_csv": HEAD + "0983010000000001,GM0983,5911AB,1,Parade,-5,1930\n"},
              [("addresses.csv", 2, "floor_area_m2", "range")]),
    "range_rd": ({"addresses_csv": "address_id,municipality_code,x,y\n0983010000000001,GM0983,1e300,376500\n"},
                 [("addresses.csv", 2, "x", "range")]),
    "date_range": ({"addresses_csv": ADDRESSES, "ownership_csv": OWN + "0983010000000001,61234567,0999-01-01,\n"},
                   [("ownership.csv", 2, "start_date", "date_range")]),
    "unique_natural_key": ({"addresses_csv": ADDRESSES,
                            "registrations_csv": REG + "0983010000000001,p1,BRP,2024-01-01,\n"
                                                       "0983010000000001,p1,RNI,2024-01-01,\n"},
                           [("registrations.csv", 2, "address_id+person_ref+start_date", "unique"),
                            ("registrations.csv", 3, "address_id+person_ref+start_date", "unique")]),
}


@pytest.mark.parametrize("case", sorted(CSV_CASES))
def test_a_csv_delivery_breaking_one_rule(case, tmp_path, venlo):
    tables, expected = CSV_CASES[case]
    assert refuse(write(tmp_path / case, **tables), venlo) == expected


def test_not_utf8(tmp_path, venlo):
    folder = tmp_path / "latin1"
    folder.mkdir()
    (folder / "addresses.csv").write_bytes((HEAD + A1).encode() + "0983010000000002,GM0983,5911AB,2,Caf\xe9,60,1930\n"
                                           .encode("latin-1"))
    assert refuse(folder, venlo) == [("addresses.csv", 3, None, "utf8")]


def test_the_same_table_as_csv_and_parquet(tmp_path, venlo):
    folder = write(tmp_path / "twice", addresses_csv=ADDRESSES)
    pl.read_csv(io.StringIO(ADDRESSES), infer_schema=False).write_parquet(folder / "addresses.parquet")
    assert refuse(folder, venlo) == [("addresses.csv", None, None, "same_table_twice")]


def test_a_parquet_column_of_lists(tmp_path, venlo):
    folder = tmp_path / "lists"
    folder.mkdir()
    pl.DataFrame({"address_id": [["0983010000000001"]], "municipality_code": ["GM0983"]}).write_parquet(
        folder / "addresses.parquet")
    assert refuse(folder, venlo) == [("addresses.parquet", None, "address_id", "column_type")]


def test_a_parquet_file_that_is_not_one(tmp_path, venlo):
    folder = tmp_path / "kapot"
    folder.mkdir()
    (folder / "addresses.parquet").write_bytes(b"PAR1 not really")
    assert refuse(folder, venlo) == [("addresses.parquet", None, None, "unreadable")]


def test_a_parquet_delivery_counts_rows_from_one(tmp_path, venlo):
    folder = tmp_path / "pq"
    folder.mkdir()
    pl.read_csv(io.StringIO(HEAD + A1 + "0983010000000002,GM9999,5911AB,2,Parade,60,1930\n"),
                infer_schema=False).write_parquet(folder / "addresses.parquet")
    assert refuse(folder, venlo) == [("addresses.parquet", 2, "municipality_code", "unknown_municipality")]


def test_an_address_of_the_registry_outside_the_territory(tmp_path, venlo):
    AddressFactory(bag_id="0983010000000002", municipality=municipality("GM1507"),
                   building=BuildingFactory(municipality=municipality("GM1507")))
    assert refuse(write(tmp_path / "x", addresses_csv=ADDRESSES), venlo) == [
        ("addresses.csv", 3, "address_id", "outside_territory")]


def test_registrations_from_an_organisation_that_may_not_see_persons(tmp_path):
    region = RegionFactory()
    venlo = municipality("GM0983")
    venlo.region = region
    venlo.save()
    corporation = Organisation.objects.create(name="Woonwenz", kind=OrganisationKind.HOUSING_CORPORATION, region=region)
    source = write(tmp_path / "c", addresses_csv=ADDRESSES,
                   registrations_csv=REG + "0983010000000001,p1,BRP,2024-01-01,\n")
    assert refuse(source, corporation) == [("registrations.csv", None, None, "table_not_allowed")]


def test_an_organisation_without_territory(tmp_path):
    nobody = Organisation.objects.create(name="Nergens", kind=OrganisationKind.POLICE)
    assert refuse(write(tmp_path / "n", addresses_csv=ADDRESSES), nobody) == [
        ("", None, None, "no_territory"), ("addresses.csv", 2, "municipality_code", "outside_territory"),
        ("addresses.csv", 3, "municipality_code", "outside_territory")]


@override_settings(EXCHANGE_MAX_ROWS=1)
def test_too_many_rows(tmp_path, venlo):
    assert refuse(write(tmp_path / "rows", addresses_csv=ADDRESSES), venlo) == [
        ("addresses.csv", None, None, "too_many_rows")]


def test_a_path_that_does_not_exist(tmp_path, venlo):
    assert refuse(tmp_path / "nergens.zip", venlo) == [("nergens.zip", None, None, "not_found")]


def test_every_fault_of_a_delivery_is_reported_at_once(tmp_path, venlo):
    """Faults of the format and of the import, in several files, in one report."""
    source = write(tmp_path / "many", addresses_csv=HEAD + A1 + "0983010000000002,GM9999,5911AB,2,Parade,60,1930\n",
                   registrations_csv=REG + "0983010000000001,111222333,BRP,2024-13-01,\n")
    assert sorted(refuse(source, venlo), key=str) == sorted([
        ("addresses.csv", 3, "municipality_code", "unknown_municipality"),
        ("registrations.csv", 2, "start_date", "date_format"),
        ("registrations.csv", 2, "person_ref", "bsn"),
    ], key=str)


def test_the_bsn_is_never_repeated_in_the_report(tmp_path, venlo):
    deliver(source=write(tmp_path / "b", addresses_csv=ADDRESSES,
                         registrations_csv=REG + "0983010000000001,111222333,BRP,2024-01-01,\n"), organisation=venlo)
    assert "111222333" not in str(Delivery.objects.get().report)


def test_a_nul_character(tmp_path, venlo):
    """Found by the property run on PostgreSQL, which cannot store a NUL: refused before any lookup."""
    text = HEAD + A1 + "0983010000\x000002,GM0983,5911AB,2,Para\x00de,60,1930\n"
    assert refuse(write(tmp_path / "nul", addresses_csv=text), venlo) == [
        ("addresses.csv", 3, "address_id", "nul_character"), ("addresses.csv", 3, "street", "nul_character")]
