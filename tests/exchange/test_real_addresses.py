"""Real addresses: 99 Amsterdam addresses of postcode area 1011 (BAG, via NLExtract's "adres plus"
export in ../shared/data) delivered in exchange format by Amsterdam's enforcement department."""

from pathlib import Path

import polars as pl
import pytest

from regiekamer.exchange.models import DeliveryStatus
from regiekamer.exchange.services import deliver
from regiekamer.organisations.models import Organisation, OrganisationKind
from regiekamer.registry.models import Address, Building
from tests.factories import municipality

pytestmark = pytest.mark.django_db

SOURCE = Path(__file__).resolve().parents[3] / "shared" / "data" / "bag" / "amsterdam-1011-adresplus.csv"
USAGES = ("woonfunctie", "bijeenkomstfunctie", "celfunctie", "gezondheidszorgfunctie", "industriefunctie",
          "kantoorfunctie", "logiesfunctie", "onderwijsfunctie", "sportfunctie", "winkelfunctie",
          "overige_gebruiksfunctie")


def test_a_delivery_of_real_amsterdam_addresses(tmp_path):
    raw = pl.read_csv(SOURCE, separator=";", infer_schema=False)
    addresses = raw.select(
        pl.col("adresseerbaarobject_id").alias("address_id"),
        pl.format("GM{}", pl.col("gemeentecode")).alias("municipality_code"),
        pl.col("postcode"), pl.col("huisnummer").alias("house_number"), pl.col("huisletter").alias("house_letter"),
        pl.col("huisnummertoevoeging").alias("house_number_addition"),
        pl.col("openbareruimtenaam").alias("street"), pl.col("woonplaats").alias("city"),
        pl.col("pand_id").alias("building_id"), pl.col("opp_adresseerbaarobject_m2").alias("floor_area_m2"),
        pl.concat_str([pl.when(pl.col(u) == "1").then(pl.lit(u)) for u in USAGES], separator=";",
                      ignore_nulls=True).alias("usage"),
        pl.col("bouwjaar").alias("building_year"), pl.col("x"), pl.col("y"),
    ).unique("address_id", keep="first", maintain_order=True)
    folder = tmp_path / "amsterdam"
    folder.mkdir()
    addresses.write_csv(folder / "addresses.csv")
    amsterdam = Organisation.objects.create(name="Amsterdam handhaving", kind=OrganisationKind.MUNICIPAL_ENFORCEMENT,
                                            municipality=municipality("GM0363"))
    delivery = deliver(source=folder, organisation=amsterdam)
    assert delivery.status == DeliveryStatus.ACCEPTED, delivery.faults[:5]
    assert delivery.counts["addresses"]["new"] == addresses.height == Address.objects.count()
    first = Address.objects.get(bag_id="0363010000964973")
    assert (first.street, first.house_number, first.house_number_addition, first.postcode, first.city) == (
        "De Ruijterkade", 105, "1", "1011AB", "Amsterdam")
    assert (first.usage, first.floor_area_m2, first.building_year, first.building.bag_id) == (
        ["kantoorfunctie"], 1, 1005, "0363100012181960")
    assert 52.3 < first.latitude < 52.4 and 4.8 < first.longitude < 5.0
    assert Building.objects.count() == addresses["building_id"].drop_nulls().n_unique()
    # The same extract again: nothing new, nothing changed.
    again = deliver(source=folder, organisation=amsterdam)
    assert again.counts["addresses"] == {"new": 0, "changed": 0, "unchanged": addresses.height}
