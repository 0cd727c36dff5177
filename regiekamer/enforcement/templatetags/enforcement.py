"""The dossier's enforcement section: interventions on the address, within the viewer's scope."""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("enforcement/_dossier_section.html", takes_context=True)
def address_interventions(context, address):
    scope = context.get("scope")
    return {"interventions": selectors.interventions_at(scope, address) if scope else []}
