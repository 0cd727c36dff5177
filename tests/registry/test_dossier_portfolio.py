"""The owner's portfolio on the dossier: counted exactly up to a limit, "more than" beyond it, and
only within the reader's reach (current ownerships, own municipality, the address itself left out)."""

import datetime as dt

import pytest

from regiekamer.organisations.access import scope_for
from regiekamer.registry import selectors
from tests.factories import AddressFactory, MembershipFactory, OwnerFactory, OwnershipFactory, municipality


@pytest.fixture
def handler():
    return MembershipFactory().user  # a handler of Venlo's enforcement department


def _portfolio(owner, count):
    return [OwnershipFactory(owner=owner).address for _ in range(count)]


@pytest.mark.django_db
def test_portfolio_counts_current_ownerships_in_reach_only(handler):
    owner = OwnerFactory()
    home, *others = _portfolio(owner, 4)
    OwnershipFactory(owner=owner, end_date=dt.date(2021, 1, 1))  # sold: not counted
    OwnershipFactory(owner=owner, address=AddressFactory(municipality=municipality("GM1507")))  # Horst: out of reach
    [view] = selectors.owners(scope_for(handler), home)
    assert view.portfolio_size == 3 and not view.portfolio_over_limit
    assert {a.pk for a in view.portfolio} == {a.pk for a in others}


@pytest.mark.django_db
def test_portfolio_beyond_the_limit_says_more_than(handler, client, monkeypatch):
    monkeypatch.setattr(selectors, "PORTFOLIO_COUNTED_UP_TO", 2)
    owner = OwnerFactory()
    home, *_ = _portfolio(owner, 5)  # four others, two more than the limit
    [view] = selectors.owners(scope_for(handler), home)
    assert view.portfolio_size == 3 and view.portfolio_over_limit
    assert len(view.portfolio) == 4  # the list is not cut at the count's limit
    client.force_login(handler)
    page = client.get(f"/adressen/{home.bag_id}/").content.decode()
    assert "Bezit binnen uw bereik nog meer dan 2 andere adressen:" in page


@pytest.mark.django_db
def test_portfolio_at_the_limit_is_exact(handler, client, monkeypatch):
    monkeypatch.setattr(selectors, "PORTFOLIO_COUNTED_UP_TO", 2)
    owner = OwnerFactory()
    home, *_ = _portfolio(owner, 3)
    client.force_login(handler)
    page = client.get(f"/adressen/{home.bag_id}/").content.decode()
    assert "Bezit binnen uw bereik nog 2 andere adressen:" in page
