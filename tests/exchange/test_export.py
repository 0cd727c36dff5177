"""The export of an organisation's own view: only what its scope reads, pseudonymised per recipient."""

import datetime as dt

import polars as pl
import pytest

from regiekamer.exchange.exports import recipient_pseudonym, view, write_export
from regiekamer.exchange.services import deliver
from regiekamer.organisations.models import Organisation, OrganisationKind
from regiekamer.registry.models import Owner, OwnerKind, Ownership
from tests.exchange.conftest import full_delivery
from tests.factories import AddressFactory, CaseFactory, CaseParticipantFactory, RegionFactory, RegistrationFactory, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(tmp_path, venlo):
    deliver(source=full_delivery(tmp_path / "l"), organisation=venlo)
    # Outside Venlo's view: a Horst address with a registration.
    RegistrationFactory(address=AddressFactory(bag_id="1507010000000001", municipality=municipality("GM1507")),
                        person_ref="p-horst")
    return venlo


def test_the_own_view_keeps_the_stored_pseudonyms(stored):
    tables = view(organisation=stored, recipient=stored).tables
    assert sorted(tables["addresses"]["address_id"]) == ["0983010000000101", "0983010000000102"]
    assert sorted(tables["registrations"]["person_ref"]) == ["p-aaaa", "p-bbbb", "p-cccc"]
    assert sorted(tables["ownership"]["owner_ref"]) == ["61234567", "eigenaar-x"]
    assert sorted(tables["signals"]["signal_id"]) == ["S1", "S2", "S3"]  # the ids it delivered them under
    assert tables["permits"].rows() == [("0983010000000101", "verhuurvergunning", dt.date(2024, 1, 1),
                                         dt.date(2028, 12, 31))]


def test_another_recipient_gets_its_own_pseudonyms(stored):
    police = Organisation.objects.create(name="Politie", kind=OrganisationKind.POLICE)
    ggd = Organisation.objects.create(name="GGD", kind=OrganisationKind.GGD)
    for_police = view(organisation=stored, recipient=police).tables
    for_ggd = view(organisation=stored, recipient=ggd).tables
    police_refs = set(for_police["registrations"]["person_ref"])
    ggd_refs = set(for_ggd["registrations"]["person_ref"])
    assert police_refs == {recipient_pseudonym(police, ref) for ref in ("p-aaaa", "p-bbbb", "p-cccc")}
    assert len(police_refs) == 3 and not police_refs & ggd_refs and not police_refs & {"p-aaaa", "p-bbbb", "p-cccc"}
    # The same recipient gets the same pseudonyms every time; the company keeps its (public) KvK number.
    assert set(view(organisation=stored, recipient=police).tables["registrations"]["person_ref"]) == police_refs
    assert sorted(for_police["ownership"]["owner_ref"]) == sorted(["61234567", recipient_pseudonym(police, "eigenaar-x")])
    # Everything else is as in the own view, apart from the ids of meldingen and inspections (ours, not Venlo's).
    own = view(organisation=stored, recipient=stored).tables
    assert for_police["addresses"].equals(own["addresses"])
    assert for_police["registrations"].drop("person_ref").equals(own["registrations"].drop("person_ref"))


def test_a_partner_exports_only_what_it_reads(stored, tmp_path):
    """A housing corporation in a case on one address: that address, no registrations, companies only."""
    region = RegionFactory()
    corporation = Organisation.objects.create(name="Woonwenz", kind=OrganisationKind.HOUSING_CORPORATION, region=region)
    address = stored.deliveries.get().municipalities.get().addresses.get(bag_id="0983010000000102")
    CaseParticipantFactory(case=CaseFactory(address=address, responsible=stored), organisation=corporation)
    Ownership.objects.create(address=address, owner=Owner.objects.create(kind=OwnerKind.COMPANY, kvk_number="69999999"))
    tables = view(organisation=corporation, recipient=corporation).tables
    assert list(tables["addresses"]["address_id"]) == ["0983010000000102"]
    assert "registrations" not in tables
    assert list(tables["ownership"]["owner_ref"]) == ["69999999"]  # not the natural person "eigenaar-x"


def test_the_regional_programme_has_no_view(stored, tmp_path):
    from django.core.exceptions import ValidationError

    programme = Organisation.objects.create(name="Regio", kind=OrganisationKind.REGIONAL_PROGRAMME)
    with pytest.raises(ValidationError, match="leest geen adresdossiers"):
        write_export(organisation=programme, recipient=programme, out=tmp_path / "x", file_format="csv", user=None)
    assert not (tmp_path / "x").exists()


def test_the_command_line_export_for_a_recipient(stored, tmp_path, capsys):
    from tests.exchange.test_command import run

    police = Organisation.objects.create(name="Politie Limburg-Noord", kind=OrganisationKind.POLICE)
    assert run("export", "--organisation", stored.name, "--out", str(tmp_path / "uit"), "--recipient", police.name) == 0
    assert f"(voor/for {police.name})" in capsys.readouterr().out
    refs = set(pl.read_csv(tmp_path / "uit" / "registrations.csv")["person_ref"])
    assert refs == {recipient_pseudonym(police, ref) for ref in ("p-aaaa", "p-bbbb", "p-cccc")}
