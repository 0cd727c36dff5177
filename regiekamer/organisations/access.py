"""Who may see what: the need-to-know rules as data, and the scope they give a user.

Every selector starts from `scope_for(user)`. The tables below are the single place where the
rules live; the access-matrix test (tests/test_access_matrix.py) runs every role of every
organisation kind against every page and endpoint to prove they hold.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser, User

from .models import Membership, OrganisationKind as K, Role


class Reach(StrEnum):
    MUNICIPALITY = "municipality"  # every dossier of its own municipality
    CASES = "cases"  # only dossiers of cases it takes part in
    AGGREGATES = "aggregates"  # figures only, no dossier
    NONE = "none"


REACH_BY_KIND: dict[str, Reach] = {
    K.MUNICIPAL_ENFORCEMENT: Reach.MUNICIPALITY,
    K.MUNICIPAL_CIVIL_AFFAIRS: Reach.MUNICIPALITY,
    K.MUNICIPAL_SOCIAL: Reach.MUNICIPALITY,
    K.MUNICIPAL_TAXES: Reach.MUNICIPALITY,
    K.GGD: Reach.CASES,
    K.FIRE_SERVICE: Reach.CASES,
    K.POLICE: Reach.CASES,
    K.LABOUR_INSPECTORATE: Reach.CASES,
    K.ILT: Reach.CASES,
    K.TAX_OFFICE: Reach.CASES,
    K.RIEC: Reach.CASES,
    K.HOUSING_CORPORATION: Reach.CASES,
    K.AGENCY_ASSOCIATION: Reach.CASES,
    K.PARK_OPERATOR: Reach.CASES,
    K.REGIONAL_PROGRAMME: Reach.AGGREGATES,
}

# Registrations of persons (BRP/RNI) are personal data; private partners never see them.
SEES_PERSONS: frozenset[str] = frozenset({
    K.MUNICIPAL_ENFORCEMENT, K.MUNICIPAL_CIVIL_AFFAIRS, K.MUNICIPAL_SOCIAL, K.MUNICIPAL_TAXES, K.GGD,
    K.FIRE_SERVICE, K.POLICE, K.LABOUR_INSPECTORATE, K.ILT, K.TAX_OFFICE, K.RIEC,
})
# The owner's portfolio shows which natural persons own what; private partners see only the
# owner of the address itself when it is a company.
SEES_PORTFOLIO: frozenset[str] = SEES_PERSONS - {K.GGD}

ROLES_THAT_READ_DOSSIERS = frozenset({Role.VIEWER, Role.HANDLER, Role.COORDINATOR, Role.ADMINISTRATOR})
ROLES_THAT_CHANGE_DOSSIERS = frozenset({Role.HANDLER, Role.COORDINATOR})
# Registering a person at an address is a BRP/RNI act: civil affairs only.
REGISTERS_PERSONS: frozenset[str] = frozenset({K.MUNICIPAL_CIVIL_AFFAIRS})
ROLES_THAT_READ_PROCESSING_LOG = frozenset({Role.PRIVACY_OFFICER})


@dataclass(frozen=True)
class Scope:
    """What one user may see, derived from membership; never stored."""

    user_id: int | None
    organisation_id: int | None
    kind: str | None
    role: str | None
    reach: Reach
    municipality_id: int | None
    region_id: int | None

    @property
    def reads_dossiers(self) -> bool:
        return self.reach in (Reach.MUNICIPALITY, Reach.CASES) and self.role in ROLES_THAT_READ_DOSSIERS

    @property
    def sees_persons(self) -> bool:
        return self.reads_dossiers and self.kind in SEES_PERSONS

    @property
    def sees_portfolio(self) -> bool:
        return self.reads_dossiers and self.kind in SEES_PORTFOLIO

    @property
    def changes_dossiers(self) -> bool:
        """Record facts on a dossier of its own municipality (owners, for now)."""
        return self.reach == Reach.MUNICIPALITY and self.role in ROLES_THAT_CHANGE_DOSSIERS

    @property
    def registers_persons(self) -> bool:
        return self.changes_dossiers and self.kind in REGISTERS_PERSONS

    @property
    def reads_processing_log(self) -> bool:
        return self.role in ROLES_THAT_READ_PROCESSING_LOG

    @property
    def reads_aggregates(self) -> bool:
        return self.reach != Reach.NONE and self.role is not None


NO_SCOPE = Scope(None, None, None, None, Reach.NONE, None, None)


def _membership(user: User) -> Membership | None:
    """The user's membership with its organisation and municipality in one query (instead of one
    each), kept on the user object as `user.membership` is: every request asks for the scope, and
    some pages (the menu, the header, the view) several times."""
    related = User.membership.related
    if not related.is_cached(user):
        related.set_cached_value(user, Membership.objects.select_related(
            "organisation__municipality").filter(user=user).first())
    return getattr(user, "membership", None)


def scope_for(user: User | AnonymousUser) -> Scope:
    if not user.is_authenticated or not user.is_active:
        return NO_SCOPE
    membership = _membership(user)
    if membership is None:
        return Scope(user.pk, None, None, None, Reach.NONE, None, None)
    organisation = membership.organisation
    region_id = organisation.region_id
    if region_id is None and organisation.municipality_id is not None:
        region_id = organisation.municipality.region_id
    return Scope(
        user_id=user.pk,
        organisation_id=organisation.pk,
        kind=organisation.kind,
        role=membership.role,
        reach=REACH_BY_KIND.get(organisation.kind, Reach.NONE),
        municipality_id=organisation.municipality_id,
        region_id=region_id,
    )


# --- care and integration (issue 3) -----------------------------------------------------------
# Care referrals and trajectories are under stricter need-to-know than the case they belong to:
# only the referring organisation, the receiving one and the municipality's social domain read
# them (care/selectors.py). Shelters, victim support (CoMensha) and course providers do not log
# in: they are a referral's destination text, reached through the social domain or the GGD.
RECEIVES_CARE_REFERRALS: frozenset[str] = frozenset({K.MUNICIPAL_SOCIAL, K.GGD})
# The municipality's social domain oversees every referral and trajectory at its addresses.
OVERSEES_CARE: frozenset[str] = frozenset({K.MUNICIPAL_SOCIAL})
# Integration and education trajectories are started by the social domain (social development).
STARTS_TRAJECTORIES: frozenset[str] = frozenset({K.MUNICIPAL_SOCIAL})
ROLES_THAT_ACT_ON_CARE = ROLES_THAT_CHANGE_DOSSIERS


# --- risk-driven inspections (issue 4) ---------------------------------------------------------
# Risk scores rank a municipality's addresses for inspection: they are the municipal enforcement
# department's working information, not shared with partners (who see a dossier through a case).
# The regional programme sees the fairness report's figures, never a scored address.
USES_RISK_MODEL: frozenset[str] = frozenset({K.MUNICIPAL_ENFORCEMENT})
# Starting a run, changing the model's settings and drawing up walk lists: the coordinator.
ROLES_THAT_STEER_RISK = frozenset({Role.COORDINATOR})
# Accepting or skipping an address on a walk list: the inspectors (handlers) and the coordinator.
ROLES_THAT_WALK = frozenset({Role.HANDLER, Role.COORDINATOR})


def reads_risk(scope: Scope) -> bool:
    """Sees risk scores and their reasons (dossier, run results, walk lists) of its municipality."""
    return scope.reach == Reach.MUNICIPALITY and scope.kind in USES_RISK_MODEL and scope.reads_dossiers


def steers_risk(scope: Scope) -> bool:
    """Starts risk runs, changes the model's settings, draws up walk lists."""
    return reads_risk(scope) and scope.role in ROLES_THAT_STEER_RISK


def walks(scope: Scope) -> bool:
    """Accepts or skips addresses on a walk list of its municipality."""
    return reads_risk(scope) and scope.role in ROLES_THAT_WALK


# --- steering information (issue 5) ------------------------------------------------------------
# A municipality's own dashboard (counts, and the lists behind them within the reader's rights)
# is for everyone of its municipal departments, the alderman's staff included. Figures of other
# municipalities reach anyone only as suppressed aggregates (steering/packages.py): the regional
# view for those of the region, the national view for every organisation.
ROLES_THAT_PLAN_PROJECTS = frozenset({Role.COORDINATOR})


def reads_municipal_figures(scope: Scope, municipality_id: int) -> bool:
    return scope.reach == Reach.MUNICIPALITY and scope.role is not None and scope.municipality_id == municipality_id


def reads_regional_figures(scope: Scope, region_id: int) -> bool:
    return scope.reads_aggregates and scope.region_id == region_id


def reads_national_figures(scope: Scope) -> bool:
    return scope.reads_aggregates


def plans_projects(scope: Scope) -> bool:
    """Draws up a project plan: a municipal coordinator for its municipality, the regional
    programme's coordinator for its region."""
    return scope.role in ROLES_THAT_PLAN_PROJECTS and (
        scope.reach == Reach.MUNICIPALITY or scope.kind == K.REGIONAL_PROGRAMME)
