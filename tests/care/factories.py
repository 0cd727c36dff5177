"""Factories for care referrals and trajectories (rows as stored; the services are tested separately)."""

import datetime as dt

import factory
from django.utils import timezone

from regiekamer.care.models import CareReferral, ReferralKind, Trajectory, TrajectoryKind
from tests.factories import CaseFactory, OrganisationFactory


class CareReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareReferral

    case = factory.SubFactory(CaseFactory)
    person_ref = "persoon 1 op adres"
    kind = ReferralKind.VICTIM_SUPPORT
    receiving = factory.SubFactory(OrganisationFactory, kind="ggd", municipality=None)
    referring = factory.SubFactory(OrganisationFactory)
    reason = "Signalen van uitbuiting: paspoort ingenomen door werkgever."
    follow_up_on = dt.date(2026, 1, 15)
    referred_by_name = "inspecteur"
    created_at = factory.LazyFunction(timezone.now)


class TrajectoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trajectory

    case = factory.SubFactory(CaseFactory)
    person_ref = "persoon 2 op adres"
    kind = TrajectoryKind.LANGUAGE
    provider = "Taalhuis Venlo"
    organisation = factory.SubFactory(OrganisationFactory, kind="gemeente_sociaal")
    started_on = dt.date(2025, 9, 1)
    follow_up_on = dt.date(2026, 1, 20)
    status = "lopend"
    created_by_name = "consulent"
    created_at = factory.LazyFunction(timezone.now)
