"""A delivery is stored with bulk operations: the number of queries does not grow with the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regiekamer.exchange.models import DeliveryStatus
from regiekamer.exchange.services import deliver
from tests.exchange.conftest import write

pytestmark = pytest.mark.django_db


def delivery(folder, n: int):
    addresses = ["address_id,municipality_code,postcode,house_number,street,floor_area_m2,building_id"]
    registrations = ["address_id,person_ref,registry,start_date,end_date"]
    signals = ["signal_id,address_id,date,category,source"]
    inspections = ["inspection_id,address_id,date,outcome,severity"]
    ownership = ["address_id,owner_ref,start_date,end_date"]
    permits = ["address_id,kind,valid_from,valid_to"]
    for i in range(n):
        bag = f"0983010{i:09d}"
        addresses.append(f"{bag},GM0983,5911AB,{i % 99999 + 1},Parade,{50 + i % 100},0983100{i // 4:09d}")
        registrations += [f"{bag},p{i}-{j},BRP,2024-01-0{j + 1}," for j in range(2)]
        signals.append(f"S{i},{bag},2025-01-01,overbewoning,burger")
        inspections.append(f"I{i},{bag},2025-02-01,violation,other")
        ownership.append(f"{bag},{60000000 + i % 50},2020-01-01,")
        permits.append(f"{bag},verhuurvergunning,2024-01-01,")
    return write(folder, **{f"{name}_csv": "\n".join(rows) + "\n" for name, rows in (
        ("addresses", addresses), ("registrations", registrations), ("signals", signals),
        ("inspections", inspections), ("ownership", ownership), ("permits", permits))})


def queries(folder, venlo) -> int:
    with CaptureQueriesContext(connection) as captured:
        result = deliver(source=folder, organisation=venlo)
    assert result.status == DeliveryStatus.ACCEPTED, result.report
    return len(captured)


def test_queries_do_not_grow_with_the_rows(tmp_path, venlo):
    small = queries(delivery(tmp_path / "small", 10), venlo)
    # 80 times the rows (8 rows per address: 6,400 in all): a bulk insert may be split in batches (SQLite
    # limits the variables of one statement), but no query is made per row.
    large = queries(delivery(tmp_path / "large", 800), venlo)
    assert small <= large <= small + 5
    # Delivered again: recognised, still without a query per row.
    assert queries(tmp_path / "large", venlo) <= small
