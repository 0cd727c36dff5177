"""Template check for the link to the LAA signals (on the intake queue)."""

from django import template
from django.contrib.auth.models import AnonymousUser, User

from regiekamer.meldingen.laa_selectors import reads_laa as _reads_laa
from regiekamer.organisations.access import scope_for

register = template.Library()


@register.filter
def reads_laa(user: User | AnonymousUser | None) -> bool:
    return user is not None and _reads_laa(scope_for(user))
