"""A delivery as a zip: what is accepted, and every way a zip can be hostile (refused, nothing unpacked
outside the work folder, nothing stored)."""

import io
import stat
import zipfile

import pytest
from django.test import override_settings

from regiekamer.exchange.models import DeliveryStatus
from regiekamer.exchange.services import deliver
from regiekamer.registry.models import Address
from tests.exchange.conftest import ADDRESSES, REGISTRATIONS, counts, zip_bytes

pytestmark = pytest.mark.django_db


def _zip(tmp_path, members: dict, name: str = "levering.zip"):
    path = tmp_path / name
    path.write_bytes(zip_bytes(members))
    return path


def refused(path, organisation) -> list[tuple]:
    before = counts()
    delivery = deliver(source=path, organisation=organisation)
    assert delivery.status == DeliveryStatus.REFUSED, delivery.report
    assert counts() == before
    return [(f["file"], f["row"], f["column"], f["rule"]) for f in delivery.faults]


def test_a_zip_with_the_tables_at_the_top(tmp_path, venlo):
    delivery = deliver(source=_zip(tmp_path, {"addresses.csv": ADDRESSES, "registrations.csv": REGISTRATIONS}),
                       organisation=venlo)
    assert delivery.status == DeliveryStatus.ACCEPTED and delivery.file_name == "levering.zip"
    assert Address.objects.count() == 2


def test_a_zip_of_a_folder_and_the_noise_of_zip_tools(tmp_path, venlo):
    """Zipping a folder puts the tables in it; __MACOSX and .DS_Store are skipped, a README is a warning."""
    delivery = deliver(source=_zip(tmp_path, {"levering/addresses.csv": ADDRESSES, "levering/README.txt": "uitleg",
                                              "__MACOSX/levering/._addresses.csv": "x", "levering/.DS_Store": "x"}),
                       organisation=venlo)
    assert delivery.status == DeliveryStatus.ACCEPTED, delivery.report
    assert delivery.warnings[0] == "levering/README.txt: geen tabel van het uitwisselingsformaat; genegeerd"


def test_parquet_in_a_zip(tmp_path, venlo):
    import polars as pl

    buffer = io.BytesIO()
    pl.read_csv(io.StringIO(ADDRESSES), infer_schema=False).write_parquet(buffer)
    delivery = deliver(source=_zip(tmp_path, {"addresses.parquet": buffer.getvalue()}), organisation=venlo)
    assert delivery.status == DeliveryStatus.ACCEPTED
    assert Address.objects.get(bag_id="0983010000000101").house_letter == "A"


def test_not_a_zip(tmp_path, venlo):
    path = tmp_path / "levering.zip"
    path.write_bytes(b"PK\x03\x04 but nothing more")
    assert refused(path, venlo) == [("levering.zip", None, None, "zip_format")]


@pytest.mark.parametrize("member", ["../addresses.csv", "/etc/addresses.csv", "levering/../../addresses.csv"])
def test_a_path_outside_the_delivery(tmp_path, venlo, member):
    assert refused(_zip(tmp_path, {member: ADDRESSES}), venlo) == [(member, None, None, "zip_path")]
    assert not (tmp_path.parent / "addresses.csv").exists()


def test_a_link_in_the_zip(tmp_path, venlo):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        link = zipfile.ZipInfo("addresses.csv")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    path = tmp_path / "link.zip"
    path.write_bytes(buffer.getvalue())
    assert refused(path, venlo) == [("addresses.csv", None, None, "zip_path")]


def test_an_encrypted_member(tmp_path, venlo):
    """zipfile cannot encrypt: the "encrypted" flag is set in the headers by hand."""
    data = bytearray(zip_bytes({"addresses.csv": ADDRESSES}))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature) + offset
        data[at] |= 0x1
    path = tmp_path / "secret.zip"
    path.write_bytes(bytes(data))
    assert refused(path, venlo) == [("addresses.csv", None, None, "zip_encrypted")]


def test_too_many_members(tmp_path, venlo):
    members = {"addresses.csv": ADDRESSES, **{f"extra-{n}.txt": "x" for n in range(50)}}
    assert refused(_zip(tmp_path, members), venlo) == [("levering.zip", None, None, "zip_members")]


def test_nested_or_scattered_folders(tmp_path, venlo):
    assert refused(_zip(tmp_path, {"a/addresses.csv": ADDRESSES, "b/registrations.csv": REGISTRATIONS}), venlo) == [
        ("levering.zip", None, None, "zip_folders")]
    assert refused(_zip(tmp_path, {"a/b/addresses.csv": ADDRESSES}, "nested.zip"), venlo) == [
        ("nested.zip", None, None, "zip_folders")]


def test_the_same_table_twice(tmp_path, venlo):
    import polars as pl

    buffer = io.BytesIO()
    pl.read_csv(io.StringIO(ADDRESSES), infer_schema=False).write_parquet(buffer)
    assert refused(_zip(tmp_path, {"addresses.csv": ADDRESSES, "addresses.parquet": buffer.getvalue()}), venlo) == [
        ("addresses.csv", None, None, "same_table_twice")]


@override_settings(EXCHANGE_MAX_BYTES=200)
def test_too_big_unpacked(tmp_path, venlo):
    assert refused(_zip(tmp_path, {"addresses.csv": ADDRESSES}), venlo) == [("levering.zip", None, None, "zip_size")]


def test_a_zip_bomb(tmp_path, venlo):
    """Ten megabytes of one character compress to a few kilobytes: refused before unpacking."""
    bomb = ADDRESSES + "#" * (10 * 1024 * 1024)
    assert refused(_zip(tmp_path, {"addresses.csv": bomb}), venlo) == [("addresses.csv", None, None, "zip_bomb")]


def test_a_zip_that_lies_about_its_size(tmp_path, venlo):
    """The headers say 10 bytes: unpacking stops there, the checksum no longer matches, and it is refused."""
    data = bytearray(zip_bytes({"addresses.csv": ADDRESSES}))
    size = len(ADDRESSES.encode()).to_bytes(4, "little")
    # Both the local header and the central directory carry the size; make both claim 10 bytes.
    start = 0
    while (found := data.find(size, start)) != -1:
        data[found:found + 4] = (10).to_bytes(4, "little")
        start = found + 4
    path = tmp_path / "liar.zip"
    path.write_bytes(bytes(data))
    faults = refused(path, venlo)
    assert faults == [("addresses.csv", None, None, "zip_format")]


@override_settings(EXCHANGE_MAX_BYTES=100_000)
def test_a_parquet_file_that_unpacks_too_large(tmp_path, venlo):
    """7 kB on disk, 2 MB once decoded (long, nearly equal streets): refused from its metadata,
    before a column is decoded."""
    import polars as pl

    n = 2000
    folder = tmp_path / "parquet"
    folder.mkdir()
    pl.DataFrame({"address_id": [f"{i:016d}" for i in range(n)], "municipality_code": ["GM0983"] * n,
                  "street": ["a" * 1000 + str(i) for i in range(n)]}).write_parquet(folder / "addresses.parquet")
    assert (folder / "addresses.parquet").stat().st_size < 100_000
    assert refused(folder, venlo) == [("addresses.parquet", None, None, "too_large")]


def test_a_damaged_compressed_member(tmp_path, venlo):
    """The headers are whole but the deflate stream is garbage: zlib's own error, refused like any
    other unreadable member instead of breaking the delivery."""
    data = bytearray(zip_bytes({"addresses.csv": ADDRESSES * 20}))
    start = 30 + len("addresses.csv")  # the local header, then the compressed bytes
    for i in range(start, start + 20):
        data[i] ^= 0xFF
    path = tmp_path / "kapot.zip"
    path.write_bytes(bytes(data))
    assert refused(path, venlo) == [("addresses.csv", None, None, "zip_format")]
