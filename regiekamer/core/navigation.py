"""The main menu as data: each item with the rule that shows it, the same rule its page enforces."""

from dataclasses import dataclass
from typing import Callable

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from regiekamer.organisations.access import Reach, Scope, reads_risk
from regiekamer.registry.imports import may_import_bag
from regiekamer.exchange.services import may_deliver
from regiekamer.information.access import reads_information
from regiekamer.knowledge.selectors import reads_knowledge
from regiekamer.accounts.selectors import reads_security_events


@dataclass(frozen=True)
class NavItem:
    view_name: str
    label: str
    shown: Callable[[Scope], bool]
    kwargs: Callable[[Scope, object], dict] = lambda scope, membership: {}


def _reads(scope: Scope) -> bool:
    return scope.reads_dossiers


ITEMS: list[NavItem] = [
    NavItem("core:start", _("Start"), lambda scope: True),
    NavItem("registry:search", _("Zoeken"), lambda scope: True),
    NavItem("meldingen:queue", _("Meldingen"), _reads),
    NavItem("cases:queue", _("Zaken"), _reads),
    NavItem("inspections:list", _("Controles"), _reads),
    NavItem("care:queue", _("Zorg"), lambda scope: scope.reads_dossiers and scope.organisation_id is not None),
    NavItem("registry:map", _("Kaart"),
            lambda scope: scope.reads_dossiers and scope.reach == Reach.MUNICIPALITY and scope.municipality_id is not None,
            lambda scope, membership: {"code": membership.organisation.municipality.code}),
    NavItem("risk:overview", _("Risicogestuurd controleren"), reads_risk),
    NavItem("walklists:list", _("Looplijsten"), reads_risk),
    NavItem("steering:index", _("Sturingsinformatie"), lambda scope: scope.reads_aggregates),
    NavItem("knowledge:index", _("Kennisbank"), reads_knowledge),
    NavItem("information:list", _("Voorlichtingsmateriaal"), reads_information),
    NavItem("registry:import-list", _("BAG-import"), may_import_bag),
    NavItem("audit:log", _("Verwerkingslog"), lambda scope: scope.reads_processing_log),
    NavItem("exchange:deliveries", _("Gegevensuitwisseling"), may_deliver),
    NavItem("privacy:overview", _("Bewaartermijnen en inzage"),
            lambda scope: scope.reads_processing_log and scope.municipality_id is not None),
    NavItem("accounts:security-events", _("Beveiligingsgebeurtenissen"), reads_security_events),
]


def menu(scope: Scope, membership, current: str | None) -> list[dict]:
    return [
        {"url": reverse(item.view_name, kwargs=item.kwargs(scope, membership)), "label": item.label,
         "current": item.view_name == current}
        for item in ITEMS if item.shown(scope)
    ]
