"""Template checks for links into the intake (the dossier's "Melding registreren")."""

from django import template

from regiekamer.meldingen.selectors import registers_meldingen as _registers_meldingen
from regiekamer.organisations.access import Scope

register = template.Library()


@register.filter
def registers_meldingen(scope: Scope | None) -> bool:
    return scope is not None and _registers_meldingen(scope)
