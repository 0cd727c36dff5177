"""Template tags for showing cases on other apps' pages, always within the user's scope."""

from django import template

from regiekamer.organisations.access import NO_SCOPE
from regiekamer.registry.models import Address

from ..models import Case
from ..selectors import cases_for

register = template.Library()


@register.simple_tag(takes_context=True)
def cases_at(context, address: Address) -> list[Case]:
    """The address's cases the user may see (a partner sees only those it takes part in), newest first."""
    scope = context.get("scope", NO_SCOPE)
    return list(cases_for(scope).filter(address=address).select_related("responsible").order_by("-opened_on", "-pk"))
