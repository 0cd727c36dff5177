"""A small scored municipality for the walk-list tests: addresses on a line, one risk run."""

import datetime as dt

from django.utils import timezone

from regiekamer.organisations.models import Membership, Organisation, OrganisationKind, Role
from regiekamer.risk.models import RiskRun, RiskScore, RiskSetting, RunStatus
from tests.factories import AddressFactory, UserFactory, municipality


def enforcement(code: str = "GM0983") -> Organisation:
    return Organisation.objects.create(name=f"Handhaving {code}", kind=OrganisationKind.MUNICIPAL_ENFORCEMENT,
                                       municipality=municipality(code))


def member(organisation: Organisation, role: str = Role.COORDINATOR, username: str | None = None):
    user = UserFactory(**({"username": username} if username else {}))
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def scored_addresses(n: int, *, code: str = "GM0983", contributions=None, area=lambda i: "BU09830101",
                     postcode=lambda i: "5913AB"):
    """n addresses 100 m apart on a line (RD x), ranked in order: address i has rank i + 1.

    Returns (run, addresses). Decile = (rank - 1) * 10 // n + 1.
    """
    town = municipality(code)
    addresses = [
        AddressFactory(municipality=town, rd_x=200_000.0 + 100 * i, rd_y=370_000.0, area_code=area(i),
                       postcode=postcode(i), house_number=i + 1, street="Teststraat",
                       bag_id=f"{town.bag_code}01{i:010d}")
        for i in range(n)
    ]
    run = RiskRun.objects.create(municipality=town, as_of=dt.date(2026, 1, 1), status=RunStatus.DONE,
                                 finished_at=timezone.now(), address_count=n)
    RiskScore.objects.bulk_create([
        RiskScore(run=run, address=address, score=float(n - i), rank=i + 1, decile=i * 10 // n + 1,
                  explanation=f"reden {i + 1}",
                  contributions=(contributions(i) if contributions else
                                 [{"indicator": "persons_over_norm", "value": 1.0, "contribution": 1.0,
                                   "text": f"reden {i + 1}"}]))
        for i, address in enumerate(addresses)
    ])
    return run, addresses


def switch_model(code: str, *, enabled: bool, share: str = "0.10") -> RiskSetting:
    return RiskSetting.objects.create(municipality=municipality(code), enabled=enabled, random_share=share)
