"""Round trip: the seeded demo region's Venlo view exported, delivered as the data of a fresh
municipality (Doesburg: the same rows under Doesburg's codes), and exported again gives the same
tables, row for row; the risk engine reads every export."""

import datetime as dt

import polars as pl
import pytest

import riskengine
from regiekamer.demo.generator import generate_demo_region
from regiekamer.exchange.exports import write_export
from regiekamer.exchange.models import DeliveryStatus
from regiekamer.exchange.services import deliver
from regiekamer.organisations.models import Organisation, OrganisationKind
from riskengine.cli import main as riskengine_main
from tests.factories import municipality

pytestmark = pytest.mark.django_db

def read(folder, file_format: str) -> dict[str, pl.DataFrame]:
    reader = pl.read_csv if file_format == "csv" else pl.read_parquet
    options = {"infer_schema": False} if file_format == "csv" else {}
    return {path.stem: reader(path, **options) for path in sorted(folder.glob(f"*.{file_format}"))}


def to_doesburg(tables: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The same data as Doesburg's: BAG ids and municipality code of GM0221."""
    moved = {}
    for name, frame in tables.items():
        columns = [pl.lit("0221").cast(frame.schema[c]) + pl.col(c).str.slice(4) if c in ("address_id", "building_id")
                   else pl.col(c) for c in frame.columns]
        frame = frame.select(pl.when(pl.col(c).is_not_null()).then(e).alias(c) if c in ("address_id", "building_id")
                             else e for c, e in zip(frame.columns, columns, strict=True))
        if name == "addresses":
            frame = frame.with_columns(municipality_code=pl.lit("GM0221"))
        moved[name] = frame
    return moved


def write(tables: dict[str, pl.DataFrame], folder, file_format: str):
    folder.mkdir()
    for name, frame in tables.items():
        path = folder / f"{name}.{file_format}"
        frame.write_csv(path) if file_format == "csv" else frame.write_parquet(path)
    return folder


@pytest.mark.parametrize("file_format", ["csv", "parquet"])
def test_export_import_export_reproduces_the_data(tmp_path, file_format):
    generate_demo_region(addresses=200, seed=11, today=dt.date(2026, 11, 27))
    venlo = Organisation.objects.filter(kind=OrganisationKind.MUNICIPAL_ENFORCEMENT,
                                        municipality__code="GM0983").first()
    doesburg = Organisation.objects.create(name="Doesburg handhaving", kind=OrganisationKind.MUNICIPAL_ENFORCEMENT,
                                           municipality=municipality("GM0221"))
    first = write_export(organisation=venlo, recipient=venlo, out=tmp_path / "venlo", file_format=file_format,
                         user=None)
    assert first.rows["addresses"] > 50 and first.rows["registrations"] > 50 and first.rows["signals"] > 5
    assert first.rows["inspections"] > 5 and first.rows["ownership"] > 10
    exported = read(tmp_path / "venlo", file_format)
    assert riskengine.read_delivery(tmp_path / "venlo").addresses.height == first.rows["addresses"]

    delivery = deliver(source=write(to_doesburg(exported), tmp_path / "doesburg-in", file_format),
                       organisation=doesburg)
    assert delivery.status == DeliveryStatus.ACCEPTED, delivery.report
    assert {t: c["new"] for t, c in delivery.counts.items()} == first.rows

    write_export(organisation=doesburg, recipient=doesburg, out=tmp_path / "doesburg", file_format=file_format,
                 user=None)
    again = read(tmp_path / "doesburg", file_format)
    # Meldingen and inspections come back under the ids Doesburg delivered them under.
    expected = to_doesburg(exported)
    assert sorted(again) == sorted(expected)
    for name in expected:
        key = expected[name].columns
        assert again[name].sort(key).equals(expected[name].sort(key)), name


def test_the_risk_engine_scores_an_export(tmp_path, capsys):
    generate_demo_region(addresses=200, seed=11, today=dt.date(2026, 11, 27))
    venlo = Organisation.objects.filter(kind=OrganisationKind.MUNICIPAL_ENFORCEMENT,
                                        municipality__code="GM0983").first()
    write_export(organisation=venlo, recipient=venlo, out=tmp_path / "venlo", file_format="parquet", user=None)
    code = riskengine_main(["score", "--data", str(tmp_path / "venlo"), "--as-of", "2026-11-01",
                            "--out", str(tmp_path / "scores.csv"), "--quiet"])
    assert code == 0
    scores = pl.read_csv(tmp_path / "scores.csv")
    assert scores.height == pl.read_parquet(tmp_path / "venlo" / "addresses.parquet").height
