"""A delivery is refused with file, row and column named, or accepted with its warnings."""

from pathlib import Path

import polars as pl
import pytest

from riskengine import Refused, from_frames, read_delivery

from .helpers import addresses, registrations, signals


def _write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


ADDRESSES_CSV = (
    "address_id,municipality_code,area_code,floor_area_m2,usage\n"
    "0983010000000001,GM0983,BU09830101,80,woonfunctie\n"
    "0983010000000002,GM0983,BU09830101,120,woonfunctie\n"
)


def test_a_valid_folder_keeps_leading_zeros_and_links_every_table_to_its_address(tmp_path):
    _write(tmp_path, "addresses.csv", ADDRESSES_CSV)
    _write(tmp_path, "signals.csv", "signal_id,address_id,date,category\ns1,0983010000000002,2025-03-01,overbewoning\n")
    delivery = read_delivery(tmp_path)
    assert delivery.addresses["address_id"].to_list() == ["0983010000000001", "0983010000000002"]
    assert delivery.tables["signals"]["idx"].to_list() == [1]
    assert delivery.warnings == []


def test_a_bad_date_names_file_line_and_column(tmp_path):
    _write(tmp_path, "addresses.csv", ADDRESSES_CSV)
    _write(tmp_path, "signals.csv", "signal_id,address_id,date,category\n"
                                    "s1,0983010000000001,2025-03-01,overbewoning\n"
                                    "s2,0983010000000001,1-3-2025,overlast\n")
    with pytest.raises(Refused) as refused:
        read_delivery(tmp_path)
    assert [str(f) for f in refused.value.faults] == ["signals.csv, rij 3, kolom date: geen datum (JJJJ-MM-DD)"]


def test_every_fault_of_a_delivery_is_reported_together(tmp_path):
    _write(tmp_path, "addresses.csv", ADDRESSES_CSV.replace(",80,", ",tachtig,"))
    _write(tmp_path, "registrations.csv", "address_id,person_ref,registry,start_date\n"
                                          "0983010000000001,p1,XYZ,2024-01-01\n"
                                          "0983010000000001,,BRP,2024-01-01\n")
    with pytest.raises(Refused) as refused:
        read_delivery(tmp_path)
    assert sorted(str(f) for f in refused.value.faults) == [
        "addresses.csv, rij 2, kolom floor_area_m2: geen getal",
        "registrations.csv, rij 2, kolom registry: toegestaan zijn BRP, RNI",
        "registrations.csv, rij 3, kolom person_ref: verplichte waarde ontbreekt",
    ]


def test_references_uniqueness_and_periods_are_checked():
    frames = {
        "addresses": addresses(("a1", "GM0983", None, 50.0, None, None), ("a1", "GM0983", None, 60.0, None, None)),
    }
    with pytest.raises(Refused) as refused:
        from_frames(frames)
    # In memory the row is the frame's row number, counted from 1.
    assert [str(f) for f in refused.value.faults] == [
        "addresses, rij 1, kolom address_id: waarde komt vaker voor; moet uniek zijn",
        "addresses, rij 2, kolom address_id: waarde komt vaker voor; moet uniek zijn",
    ]
    frames = {
        "addresses": addresses(("a1", "GM0983", None, 50.0, None, None)),
        "registrations": registrations(("a1", "p1", "BRP", "2024-05-01", "2024-04-01"),
                                       ("a9", "p2", "BRP", "2024-05-01", None)),
    }
    with pytest.raises(Refused) as refused:
        from_frames(frames)
    assert [str(f) for f in refused.value.faults] == [
        "registrations, rij 1, kolom end_date: ligt vóór start_date",
        "registrations, rij 2, kolom address_id: adres staat niet in addresses",
    ]


def test_missing_addresses_table_or_required_column_refuses(tmp_path):
    with pytest.raises(Refused, match="addresses is verplicht"):
        read_delivery(tmp_path)
    _write(tmp_path, "addresses.csv", "address_id\nx\n")
    with pytest.raises(Refused) as refused:
        read_delivery(tmp_path)
    assert [str(f) for f in refused.value.faults] == ["addresses.csv, kolom municipality_code: verplichte kolom ontbreekt"]


def test_the_same_table_as_csv_and_parquet_is_refused(tmp_path):
    _write(tmp_path, "addresses.csv", ADDRESSES_CSV)
    pl.read_csv(tmp_path / "addresses.csv", infer_schema=False).write_parquet(tmp_path / "addresses.parquet")
    with pytest.raises(Refused, match="lever er één"):
        read_delivery(tmp_path)


def test_parquet_with_native_types_reads_like_csv(tmp_path):
    frame = addresses(("a1", "GM0983", "BU1", 80.0, "woonfunctie", 2))
    frame.write_parquet(tmp_path / "addresses.parquet")
    signals(("s1", "a1", "2025-01-01", "overlast")).with_columns(pl.col("date").str.to_date()).write_parquet(
        tmp_path / "signals.parquet")
    delivery = read_delivery(tmp_path)
    assert delivery.tables["signals"]["date"].dtype == pl.Date
    assert delivery.files == {"addresses": "addresses.parquet", "signals": "signals.parquet"}


@pytest.mark.parametrize("dtype", [pl.Int32, pl.Int64, pl.Float64, pl.String])
def test_whole_numbers_read_the_same_whatever_their_parquet_type(tmp_path, dtype):
    frame = addresses(("a1", "GM0983", None, 80.0, None, 2), ("a2", "GM0983", None, 80.0, None, None))
    frame.with_columns(pl.col("units_in_building").cast(dtype)).write_parquet(tmp_path / "addresses.parquet")
    units = read_delivery(tmp_path).addresses["units_in_building"]
    assert units.dtype == pl.Int64 and units.to_list() == [2, None]


def test_unknown_category_and_missing_floor_area_are_warnings_not_refusals():
    delivery = from_frames({
        "addresses": addresses(("a1", "GM0983", None, None, None, None), ("a2", "GM0983", None, 40.0, None, None)),
        "signals": signals(("s1", "a2", "2025-01-01", "stank"), ("s2", "a2", "2025-01-02", "stank")),
    })
    assert delivery.warnings == [
        "addresses: 1 adres(sen) zonder oppervlakte (of 0 m2); de bezetting tegen de norm is daar niet te berekenen",
        "signals: onbekende categorie 'stank' (2 keer); telt als 'overig'",
    ]


def test_numeric_ids_are_matched_exactly_leading_zeros_and_length_included():
    delivery = from_frames({
        "addresses": addresses(("0983010000000002", "GM0983", None, 50.0, None, None),
                               ("0983010000000001", "GM0983", None, 50.0, None, None)),
        "signals": signals(("s1", "0983010000000001", "2025-01-01", "overlast"),
                           ("s2", "0983010000000002", "2025-01-01", "overlast")),
    })
    assert delivery.tables["signals"]["idx"].to_list() == [1, 0]
    with pytest.raises(Refused) as refused:
        from_frames({
            "addresses": addresses(("0983010000000001", "GM0983", None, 50.0, None, None)),
            "signals": signals(("s1", "983010000000001", "2025-01-01", "overlast"),  # a leading zero lost
                               ("s2", "+983010000000001", "2025-01-01", "overlast"),
                               ("s3", "0983010000000009", "2025-01-01", "overlast"),
                               ("s4", "0983010000000001", "2025-01-01", "overlast")),
        })
    assert [f.row for f in refused.value.faults] == [1, 2, 3]
    with pytest.raises(Refused) as refused:
        from_frames({"addresses": addresses(("0983010000000001", "GM0983", None, 50.0, None, None),
                                            ("0983010000000001", "GM0983", None, 50.0, None, None))})
    assert [f.row for f in refused.value.faults] == [1, 2]


def _registrations_parquet(folder: Path, person_refs: list, registries: list, **options) -> None:
    _write(folder, "addresses.csv", ADDRESSES_CSV)
    n = len(person_refs)
    pl.DataFrame({"address_id": ["0983010000000001"] * n, "person_ref": person_refs, "registry": registries,
                  "start_date": ["2024-01-01"] * n}).write_parquet(folder / "registrations.parquet", **options)


@pytest.mark.parametrize("statistics", [True, False])
def test_parquet_person_refs_proven_present_by_statistics_or_read_and_checked(tmp_path, statistics):
    from riskengine.delivery import _proven_by_statistics

    _registrations_parquet(tmp_path, ["p1", "p2", "p3"], ["BRP", "RNI", "BRP"], statistics=statistics,
                           row_group_size=2)
    path = tmp_path / "registrations.parquet"
    # With statistics (no nulls, minimum "p1" above "") the column need not be read; without, it is.
    assert _proven_by_statistics(path, "registrations", pl.read_parquet_schema(path)) == (
        {"person_ref"} if statistics else set())
    assert read_delivery(tmp_path).tables["registrations"]["idx"].to_list() == [0, 0, 0]


@pytest.mark.parametrize("statistics", [True, False])
@pytest.mark.parametrize("blank", [None, ""])
def test_a_blank_person_ref_in_parquet_is_refused_with_or_without_statistics(tmp_path, statistics, blank):
    # The blank sits in the second row group: its statistics (a null, or a minimum of "") prove nothing.
    _registrations_parquet(tmp_path, ["p1", "p2", blank], ["BRP", "RNI", "BRP"], statistics=statistics,
                           row_group_size=2)
    with pytest.raises(Refused) as refused:
        read_delivery(tmp_path)
    assert [str(f) for f in refused.value.faults] == [
        "registrations.parquet, rij 3, kolom person_ref: verplichte waarde ontbreekt"]


def test_registry_values_outside_the_choices_are_refused_and_a_missing_one_is_named(tmp_path):
    _registrations_parquet(tmp_path, ["p1", "p2", "p3", "p4"], ["BRP", " RNI", "RNI", None])
    with pytest.raises(Refused) as refused:
        read_delivery(tmp_path)
    assert [str(f) for f in refused.value.faults] == [
        "registrations.parquet, rij 2, kolom registry: toegestaan zijn BRP, RNI",
        "registrations.parquet, rij 4, kolom registry: verplichte waarde ontbreekt",
    ]


def test_addresses_delivered_in_id_order_link_without_sorting_and_a_signed_reference_matches_nothing():
    delivery = from_frames({
        "addresses": addresses(("0983010000000001", "GM0983", None, 50.0, None, None),
                               ("0983010000000002", "GM0983", None, 50.0, None, None),
                               ("0983010000000010", "GM0983", None, 50.0, None, None)),
        "signals": signals(("s1", "0983010000000010", "2025-01-01", "overlast"),
                           ("s2", "0983010000000001", "2025-01-01", "overlast")),
    })
    assert delivery.tables["signals"]["idx"].to_list() == [2, 0]
    assert delivery.numeric_ids.tolist() == [983010000000001, 983010000000002, 983010000000010]
    with pytest.raises(Refused) as refused:
        from_frames({
            "addresses": addresses(("0983010000000001", "GM0983", None, 50.0, None, None)),
            "signals": signals(("s1", "-983010000000001", "2025-01-01", "overlast"),
                               ("s2", "0983010000000001", "2025-01-01", "overlast")),
        })
    assert [f.row for f in refused.value.faults] == [1]


def test_a_table_with_one_row_per_address_in_id_order_links_row_by_row_and_otherwise_by_id():
    rows = [("0983010000000001", "GM0983", None, 50.0, None, None), ("0983010000000002", "GM0983", None, 50.0, None, None)]
    one_each = registrations(("0983010000000001", "p1", "BRP", "2024-01-01", None),
                             ("0983010000000002", "p2", "BRP", "2024-01-01", None))
    assert from_frames({"addresses": addresses(*rows), "registrations": one_each}
                       ).tables["registrations"]["idx"].to_list() == [0, 1]
    # The same ids, addresses listed the other way round: linked by id, not by row.
    assert from_frames({"addresses": addresses(*reversed(rows)), "registrations": one_each}
                       ).tables["registrations"]["idx"].to_list() == [1, 0]


def test_a_repeated_signal_id_is_refused_with_both_rows(tmp_path):
    _write(tmp_path, "addresses.csv", ADDRESSES_CSV)
    _write(tmp_path, "signals.csv", "signal_id,address_id,date,category\n"
                                    "s1,0983010000000001,2025-03-01,overbewoning\n"
                                    "s2,0983010000000002,2025-03-02,overlast\n"
                                    "s1,0983010000000002,2025-03-03,overlast\n")
    with pytest.raises(Refused) as refused:
        read_delivery(tmp_path)
    assert [str(f) for f in refused.value.faults] == [
        "signals.csv, rij 2, kolom signal_id: waarde komt vaker voor; moet uniek zijn",
        "signals.csv, rij 4, kolom signal_id: waarde komt vaker voor; moet uniek zijn",
    ]
