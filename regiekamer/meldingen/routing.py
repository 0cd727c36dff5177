"""Routing: which organisations a melding is proposed to, read from the RoutingRule table.

The rules are data (defaults in migration 0003, municipal overrides in the admin); this module
only resolves them into organisations of the melding's municipality or its region.
"""

from django.db.models import Q

from regiekamer.cases.models import CaseType
from regiekamer.organisations.access import REACH_BY_KIND, Reach
from regiekamer.organisations.models import Organisation
from regiekamer.registry.models import Municipality

from .models import MeldingCategory as C, MeldingSource, RoutingRule

# The case type a promoted melding starts as; the handler may choose another.
CASE_TYPE_BY_CATEGORY: dict[str, str] = {
    C.OVERCROWDING: CaseType.OVERCROWDING,
    C.FIRE_SAFETY: CaseType.FIRE_SAFETY,
    C.NUISANCE: CaseType.OVERCROWDING,
    C.EXPLOITATION: CaseType.EXPLOITATION,
    C.ILLEGAL_LETTING: CaseType.LANDLORD,
    C.LANDLORD_COMPLAINT: CaseType.LANDLORD,
    C.UNSAFE_HOUSING: CaseType.FIRE_SAFETY,
    C.POLLUTION: CaseType.OVERCROWDING,
    C.OTHER: CaseType.OVERCROWDING,
}


def default_case_type(category: str, source: str = "") -> str:
    if source == MeldingSource.LAA:
        return CaseType.BRP_INVESTIGATION
    return CASE_TYPE_BY_CATEGORY.get(category, CaseType.OVERCROWDING)


def rules_for(category: str, municipality: Municipality | None, source: str = "") -> list[RoutingRule]:
    """The rules that apply: per (category, source) key a municipality's own rows replace the defaults."""
    matching = RoutingRule.objects.filter(Q(category=category) | Q(category="")).filter(
        Q(source=source) | Q(source="")
    ).filter(Q(municipality__isnull=True) | Q(municipality=municipality))
    by_key: dict[tuple[str, str], list[RoutingRule]] = {}
    for rule in matching.order_by("priority", "id"):
        by_key.setdefault((rule.category, rule.source), []).append(rule)
    chosen = []
    for rules in by_key.values():
        own = [r for r in rules if r.municipality_id is not None]
        chosen.extend(own or rules)
    return sorted(chosen, key=lambda r: (r.priority, r.id))


def propose_route(category: str, municipality: Municipality | None, source: str = "") -> list[Organisation]:
    """The organisations proposed to handle a melding, most responsible first."""
    if municipality is None:
        return []
    proposal: list[Organisation] = []
    for rule in rules_for(category, municipality, source):
        organisations = Organisation.objects.filter(kind=rule.organisation_kind)
        if REACH_BY_KIND.get(rule.organisation_kind) == Reach.MUNICIPALITY:
            organisations = organisations.filter(municipality=municipality)
        else:
            organisations = organisations.filter(
                Q(municipality=municipality) | Q(municipality__isnull=True, region_id=municipality.region_id)
            )
        for organisation in organisations.order_by("name"):
            if organisation not in proposal:
                proposal.append(organisation)
    return proposal
