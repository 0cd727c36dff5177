"""Template tags for showing cases on other apps' pages, always within the user's scope."""

from django import template

from regiekamer.organisations.access import NO_SCOPE
from regiekamer.registry.models import Address

from .. import selectors
from ..models import Case

register = template.Library()


@register.simple_tag(takes_context=True)
def cases_at(context, address: Address) -> list[Case]:
    """The address's cases the user may see (a partner sees only those it takes part in), newest first."""
    scope = context.get("scope", NO_SCOPE)
    return selectors.cases_at(scope, address)
