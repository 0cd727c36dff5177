"""Property tests over the import validator: whatever the bytes or cells of a delivery, the answer is
"accepted" or a report naming file and rule for every fault (row and column where there is one), never
an unexpected exception, and a refused delivery stores nothing."""

import csv
import io
import itertools

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from regiekamer.exchange.models import DeliveryStatus
from regiekamer.exchange.services import deliver
from regiekamer.exchange.validation import RULES
from tests.exchange.conftest import counts

pytestmark = pytest.mark.django_db

ENGINE_RULES = {"required_table", "required_column", "required_value", "number", "integer", "date_format", "enum",
                "unique", "period_order", "unknown_address", "unknown_table"}
FIXTURES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                            HealthCheck.too_slow])
_folders = itertools.count()

# Cells drawn from what real deliveries hold, and what breaks them.
CELL = st.one_of(
    st.sampled_from(["", " ", "0983010000000001", "0983010000000002", "GM0983", "GM1507", "GM9999", "BRP", "RNI",
                     "2024-01-01", "2024-13-45", "0999-01-01", "12", "-3", "1e400", "NaN", "12.5", "5911AB", "111222333",
                     "violation", "serious", "overbewoning", '"', "\n", ",", "é", "\x00"]),
    st.text(max_size=12),
)
COLUMNS = {
    "addresses": ["address_id", "municipality_code", "postcode", "house_number", "floor_area_m2", "building_year",
                  "usage", "x"],
    "registrations": ["address_id", "person_ref", "registry", "start_date", "end_date"],
    "signals": ["signal_id", "address_id", "date", "category", "source"],
    "inspections": ["inspection_id", "address_id", "date", "outcome", "severity"],
    "ownership": ["address_id", "owner_ref", "start_date", "end_date"],
    "permits": ["address_id", "kind", "valid_from", "valid_to"],
}


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8", "surrogatepass")


def _table(name: str):
    columns = st.lists(st.sampled_from(COLUMNS[name]), min_size=1, max_size=len(COLUMNS[name]), unique=True)
    return columns.flatmap(lambda header: st.lists(st.lists(CELL, min_size=len(header), max_size=len(header)),
                                                   max_size=4).map(lambda rows: _csv(header, rows)))


def _check(tmp_path, venlo, files: dict[str, bytes]) -> None:
    folder = tmp_path / f"levering-{next(_folders)}"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    before = counts()
    delivery = deliver(source=folder, organisation=venlo)
    assert delivery.status in (DeliveryStatus.ACCEPTED, DeliveryStatus.REFUSED)
    if delivery.status == DeliveryStatus.REFUSED:
        assert counts() == before
        assert delivery.faults
        for fault in delivery.faults:
            assert fault["rule"] in RULES or fault["rule"] in ENGINE_RULES, fault
            assert fault["message"] and (fault["file"] or fault["rule"] == "no_territory")
            assert fault["row"] is None or fault["row"] >= 1


@FIXTURES
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes_as_addresses(tmp_path, venlo, data):
    _check(tmp_path, venlo, {"addresses.csv": data})


@FIXTURES
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes_as_parquet(tmp_path, venlo, data):
    _check(tmp_path, venlo, {"addresses.csv": b"address_id,municipality_code\n0983010000000001,GM0983\n",
                             "registrations.parquet": data})


@FIXTURES
@given(addresses=_table("addresses"), other=st.sampled_from(sorted(set(COLUMNS) - {"addresses"})), data=st.data())
def test_arbitrary_cells(tmp_path, venlo, addresses, other, data):
    _check(tmp_path, venlo, {"addresses.csv": addresses, f"{other}.csv": data.draw(_table(other))})
