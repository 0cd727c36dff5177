"""Context-specific words kept out of passwords (ASVS 5.0 V6.1.2, V6.2.11; the list is documented in
docs/adr/0012-login-mfa-lockout-sessions.md, "Context-specific words").

An attacker who targets Regiekamer guesses words of its context first: the product's name, the
subject, the municipality and the organisation of the person, and the person's own names. A new
password that contains one of them (case-insensitively, anywhere in it) is refused. Names count by
their parts of 4 or more letters ("Horst aan de Maas": horst, maas), so that shorter particles
("de", "aan") do not make half of all passphrases impossible.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The product, its subject and its best-known words: fixed, whoever the user is.
PRODUCT_WORDS = ("regiekamer", "arbeidsmigrant", "huisvesting", "handhaving", "meldpunt")
MIN_PART = 4


def parts(text: str) -> set[str]:
    """The parts of a name of at least MIN_PART letters or digits, case-folded."""
    return {part for part in re.split(r"[\W_]+", (text or "").casefold()) if len(part) >= MIN_PART}


def _organisation_words(user) -> set[str]:
    """The organisation's name, its municipality, and for a regional organisation (police, GGD,
    the regional programme) its region and every municipality in it."""
    membership = getattr(user, "membership", None) if user is not None and user.pk else None
    if membership is None:
        return set()
    organisation = membership.organisation
    words = parts(organisation.name)
    if organisation.municipality is not None:
        words |= parts(organisation.municipality.name)
    if organisation.region is not None:
        words |= parts(organisation.region.name)
        for municipality in organisation.region.municipalities.all():
            words |= parts(municipality.name)
    return words


def _own_words(user) -> set[str]:
    if user is None:
        return set()
    return parts(user.get_username()) | parts(user.first_name) | parts(user.last_name)


def context_words(user=None) -> set[str]:
    """Every word refused in this user's password (without a user: the product's words only)."""
    return set(PRODUCT_WORDS) | _organisation_words(user) | _own_words(user)


class ContextWordsValidator:
    """AUTH_PASSWORD_VALIDATORS: no word of context_words(user) in the password."""

    def validate(self, password: str, user=None) -> None:
        folded = password.casefold()
        found = sorted(word for word in context_words(user) if word in folded)
        if found:
            raise ValidationError(
                _("Dit wachtwoord bevat een woord dat bij Regiekamer, uw organisatie of uzelf hoort (%(word)s); "
                  "zulke woorden raadt een aanvaller het eerst. Kies een wachtwoord zonder dat woord."),
                code="password_context_word", params={"word": found[0]})

    def get_help_text(self) -> str:
        return _("Uw wachtwoord mag geen woorden bevatten die bij Regiekamer, uw organisatie of uzelf horen, "
                 "zoals ‘regiekamer’, de naam van uw gemeente of organisatie, of uw eigen naam.")
