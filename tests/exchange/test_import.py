"""An accepted delivery: every table onto the registry's models, idempotent, with history and a log."""

import datetime as dt

import pytest

from regiekamer.audit.models import Operation, ProcessingActivity, ProcessingLogEntry
from regiekamer.audit.services import decrypt_subject
from regiekamer.exchange.models import Channel, DeliveryStatus, ExternalRef, RecordChange
from regiekamer.exchange.services import deliver
from regiekamer.inspections.models import Inspection
from regiekamer.meldingen.models import Melding
from regiekamer.registry.models import Address, Building, Owner, OwnerKind, Ownership, Permit, Registration
from tests.exchange.conftest import ADDRESSES, REGISTRATIONS, counts, full_delivery, write
from tests.factories import AddressFactory, BuildingFactory, municipality

pytestmark = pytest.mark.django_db
D = dt.date


def test_every_table_is_stored(tmp_path, venlo):
    delivery = deliver(source=full_delivery(tmp_path / "levering"), organisation=venlo)
    assert delivery.status == DeliveryStatus.ACCEPTED, delivery.report
    assert delivery.channel == Channel.COMMAND_LINE and delivery.delivered_by_name.startswith("opdrachtregel")
    assert delivery.rows == {"addresses": 2, "registrations": 3, "signals": 3, "inspections": 2, "ownership": 2,
                             "permits": 1}
    assert delivery.counts == {table: {"new": n, "changed": 0, "unchanged": 0} for table, n in delivery.rows.items()}
    assert len(delivery.sha256) == 64 and delivery.file_size > 0
    assert list(delivery.municipalities.values_list("code", flat=True)) == ["GM0983"]

    a = Address.objects.get(bag_id="0983010000000101")
    assert (a.municipality.code, a.postcode, a.house_number, a.house_letter, a.street, a.city, a.area_code) == (
        "GM0983", "5911AB", 12, "A", "Parade", "Venlo", "BU09830101")
    assert (a.floor_area_m2, a.usage, a.building_year, a.rd_x, a.rd_y) == (80, ["woonfunctie"], 1930, 209500.5, 376500.25)
    assert a.latitude == pytest.approx(51.37, abs=0.05) and a.longitude == pytest.approx(6.17, abs=0.05)
    b = Address.objects.get(bag_id="0983010000000102")
    assert (b.floor_area_m2, b.usage, b.rd_x) == (55, ["woonfunctie", "winkelfunctie"], None)
    assert a.building_id == b.building_id == Building.objects.get(bag_id="0983100000000101").pk

    assert sorted(Registration.objects.values_list("address__bag_id", "person_ref", "registry", "start_date",
                                                   "end_date")) == [
        ("0983010000000101", "p-aaaa", "BRP", D(2024, 1, 1), None),
        ("0983010000000101", "p-bbbb", "RNI", D(2024, 2, 1), D(2024, 6, 30)),
        ("0983010000000102", "p-cccc", "BRP", D(2023, 5, 1), None),
    ]
    # Categories mapped back; politie is a partner; an unknown category is "anders" and an empty source the exchange.
    assert sorted(Melding.objects.values_list("address__bag_id", "municipality__code", "received_on", "category",
                                              "source", "organisation", "status")) == [
        ("0983010000000101", "GM0983", D(2025, 3, 1), "overbewoning", "burger", venlo.pk, "nieuw"),
        ("0983010000000101", "GM0983", D(2025, 4, 1), "goed_verhuurderschap", "partner", venlo.pk, "nieuw"),
        ("0983010000000102", "GM0983", D(2025, 5, 1), "anders", "uitwisseling", venlo.pk, "nieuw"),
    ]
    # A severity beside "no violation" is not stored (the model allows it only with a violation).
    assert sorted(Inspection.objects.values_list("address__bag_id", "inspected_on", "status", "outcome", "severity",
                                                 "organisation")) == [
        ("0983010000000101", D(2025, 6, 1), "recorded", "violation", "serious", venlo.pk),
        ("0983010000000102", D(2025, 6, 2), "recorded", "no_violation", "", venlo.pk),
    ]
    assert sorted(Ownership.objects.values_list("address__bag_id", "owner__kind", "owner__kvk_number",
                                                "owner__pseudonym", "start_date", "end_date")) == [
        ("0983010000000101", OwnerKind.COMPANY, "61234567", "", D(2020, 1, 1), None),
        ("0983010000000102", OwnerKind.PERSON, "", "eigenaar-x", None, None),
    ]
    assert list(Permit.objects.values_list("address__bag_id", "kind", "valid_from", "valid_to", "organisation")) == [
        ("0983010000000101", "verhuurvergunning", D(2024, 1, 1), D(2028, 12, 31), venlo.pk)]
    assert sorted(ExternalRef.objects.values_list("table", "external_id")) == [
        ("addresses", "0983010000000101"), ("addresses", "0983010000000102"), ("inspections", "I1"),
        ("inspections", "I2"), ("signals", "S1"), ("signals", "S2"), ("signals", "S3")]
    assert any("onbekende categorie 'vreemd'" in w for w in delivery.warnings)
    assert not any("onbekende bron" in w for w in delivery.warnings)  # politie is a partner, empty is the exchange
    # The persons whose registrations were stored are in the processing log, under the import's activity.
    logged = ProcessingLogEntry.objects.filter(processing_activity=ProcessingActivity.IMPORT)
    assert sorted(decrypt_subject(entry) for entry in logged) == ["p-aaaa", "p-bbbb", "p-cccc"]
    assert {(e.operation, e.organisation_id, e.municipality.code) for e in logged} == {
        (Operation.CREATE, venlo.pk, "GM0983")}


def test_the_same_delivery_twice_changes_nothing(tmp_path, venlo):
    folder = full_delivery(tmp_path / "levering")
    first = deliver(source=folder, organisation=venlo)
    before = counts()
    values = {model: sorted(map(str, model.objects.values_list())) for model in
              (Address, Registration, Melding, Inspection, Ownership, Owner, Permit)}
    second = deliver(source=folder, organisation=venlo)
    assert second.status == DeliveryStatus.ACCEPTED and second.pk != first.pk
    assert second.sha256 == first.sha256
    assert second.counts == {table: {"new": 0, "changed": 0, "unchanged": n} for table, n in first.rows.items()}
    assert counts() == before
    assert values == {model: sorted(map(str, model.objects.values_list())) for model in values}


def test_an_end_date_that_appears_later_is_a_change_with_history(tmp_path, venlo):
    deliver(source=write(tmp_path / "1", addresses_csv=ADDRESSES, registrations_csv=REGISTRATIONS), organisation=venlo)
    later = REGISTRATIONS.replace("0983010000000101,p-aaaa,BRP,2024-01-01,", "0983010000000101,p-aaaa,BRP,2024-01-01,2025-01-31")
    delivery = deliver(source=write(tmp_path / "2", addresses_csv=ADDRESSES, registrations_csv=later),
                       organisation=venlo)
    assert delivery.counts["registrations"] == {"new": 0, "changed": 1, "unchanged": 2}
    registration = Registration.objects.get(person_ref="p-aaaa")
    assert registration.end_date == D(2025, 1, 31)
    change = RecordChange.objects.get()
    assert (change.delivery_id, change.table, change.object_id, change.changes) == (
        delivery.pk, "registrations", registration.pk, {"end_date": [None, "2025-01-31"]})
    assert list(ProcessingLogEntry.objects.filter(operation=Operation.UPDATE).values_list("name", flat=True)) == [
        "levering inlezen"]


def test_an_address_from_the_bag_keeps_its_facts(tmp_path, venlo):
    """The BAG's address is not overwritten: the differing facts become a warning; registrations attach to it."""
    bag = AddressFactory(bag_id="0983010000000101", street="Parade", house_number=12, postcode="5911AB",
                         floor_area_m2=120, building=BuildingFactory(bag_id="0983100000000999"))
    delivery = deliver(source=write(tmp_path / "l", addresses_csv=ADDRESSES, registrations_csv=REGISTRATIONS),
                       organisation=venlo)
    assert delivery.counts["addresses"] == {"new": 1, "changed": 0, "unchanged": 1}
    bag.refresh_from_db()
    assert (bag.floor_area_m2, bag.house_letter, bag.building.bag_id) == (120, "", "0983100000000999")
    assert "addresses.csv: floor_area_m2 wijkt bij 1 adres(sen) af van het register (0983010000000101); " \
           "het register (BAG) houdt zijn gegevens" in delivery.warnings
    assert any(w.startswith("addresses.csv: house_letter wijkt bij 1") for w in delivery.warnings)
    assert bag.registrations.count() == 2
    assert not ExternalRef.objects.filter(table="addresses", external_id=bag.bag_id).exists()


def test_a_regional_body_delivers_for_its_region(tmp_path):
    from regiekamer.organisations.models import Organisation, OrganisationKind
    from tests.factories import RegionFactory

    region = RegionFactory()
    for code in ("GM0983", "GM1507"):
        place = municipality(code)
        place.region = region
        place.save()
    police = Organisation.objects.create(name="Politie Limburg-Noord", kind=OrganisationKind.POLICE, region=region)
    text = ADDRESSES + "1507010000000001,GM1507,,,,,,,,,,,,\n"
    delivery = deliver(source=write(tmp_path / "p", addresses_csv=text), organisation=police)
    assert delivery.status == DeliveryStatus.ACCEPTED, delivery.report
    assert sorted(delivery.municipalities.values_list("code", flat=True)) == ["GM0983", "GM1507"]


def test_corrections_to_meldingen_and_inspections(tmp_path, venlo):
    """The partner's own ids recognise its rows; a corrected outcome or category is a change with history."""
    from tests.exchange.conftest import INSPECTIONS, SIGNALS

    deliver(source=write(tmp_path / "1", addresses_csv=ADDRESSES, signals_csv=SIGNALS, inspections_csv=INSPECTIONS),
            organisation=venlo)
    signals = SIGNALS.replace("S3,0983010000000102,2025-05-01,vreemd,", "S3,0983010000000102,2025-05-01,overlast,laa")
    inspections = INSPECTIONS.replace("I1,0983010000000101,2025-06-01,violation,serious",
                                      "I1,0983010000000101,2025-06-01,violation,other")
    delivery = deliver(source=write(tmp_path / "2", addresses_csv=ADDRESSES, signals_csv=signals,
                                    inspections_csv=inspections), organisation=venlo)
    assert delivery.counts == {"addresses": {"new": 0, "changed": 0, "unchanged": 2},
                               "signals": {"new": 0, "changed": 1, "unchanged": 2},
                               "inspections": {"new": 0, "changed": 1, "unchanged": 1}}
    melding = Melding.objects.get(pk=ExternalRef.objects.get(table="signals", external_id="S3").object_id)
    assert (melding.category, melding.source) == ("overlast", "laa")
    assert sorted((c.table, c.changes) for c in RecordChange.objects.all()) == [
        ("inspections", {"severity": ["serious", "other"]}),
        ("signals", {"category": ["anders", "overlast"], "source": ["uitwisseling", "laa"]}),
    ]
    # Another organisation's "S3" is its own melding, not this one.
    from regiekamer.organisations.models import Organisation, OrganisationKind
    social = Organisation.objects.create(name="Venlo sociaal", kind=OrganisationKind.MUNICIPAL_SOCIAL,
                                         municipality=municipality("GM0983"))
    other = deliver(source=write(tmp_path / "3", addresses_csv=ADDRESSES, signals_csv=signals.replace(",laa", ",omroep")),
                    organisation=social)
    assert other.counts["signals"] == {"new": 3, "changed": 0, "unchanged": 0}
    assert "signals.csv: onbekende bron 'omroep' (1 keer); vastgelegd als Gegevenslevering (uitwisselingsformaat)" \
        in other.warnings
