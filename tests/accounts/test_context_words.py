"""Context-specific words (ASVS V6.1.2, V6.2.11): the documented list is the one in the code, and a
password with any of its words is refused, whatever its case."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from regiekamer.accounts.passwords import PRODUCT_WORDS, context_words
from regiekamer.organisations.models import OrganisationKind as K, Role
from regiekamer.registry.models import Municipality
from tests.factories import MembershipFactory, OrganisationFactory, RegionFactory, municipality

ADR = Path(__file__).resolve().parents[2] / "docs" / "adr" / "0012-login-mfa-lockout-sessions.md"


def _codes(password: str, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return [e.code for e in error.error_list]
    return []


@pytest.fixture
def police(db):
    region = RegionFactory(name="Noord-Limburg")
    for code in ("GM0983", "GM1507"):
        place = municipality(code)
        place.region = region
        place.save()
    organisation = OrganisationFactory(name="Politie Limburg", kind=K.POLICE, municipality=None, region=region)
    return MembershipFactory(organisation=organisation, role=Role.HANDLER, user__username="politie.agent").user


def test_the_product_words_are_refused_in_any_case(db):
    for password in ("ik-werk-bij-Regiekamer-2026", "REGIEKAMERwachtwoord!", "veilige huisvesting voor iedereen",
                     "handhaving is mijn vak 77"):
        assert "password_context_word" in _codes(password), password
    assert _codes("zeven blauwe fietsen op de dijk") == []


def test_the_users_municipality_organisation_and_own_names_are_refused(handler):
    handler.first_name, handler.last_name = "Anouk", "van der Berg"
    handler.save()
    for word in ("VENLO", "handhaver", "anouk", "Berg"):  # municipality, user name part, first name, last name part
        assert "password_context_word" in _codes(f"zeven {word} fietsen op de dijk", handler), word
    # Particles shorter than 4 letters are not words of the user's own: "van", "der".
    assert _codes("van der zeven fietsen op de dijk", handler) == []
    # Another user may use Venlo: it is not their context.
    assert _codes("zeven venlo fietsen op de dijk") == []


def test_a_regional_organisation_brings_every_municipality_of_its_region(police):
    names = {m.name for m in Municipality.objects.filter(region__name="Noord-Limburg")}
    assert {"Venlo", "Horst aan de Maas"} <= names
    words = context_words(police)
    assert {"venlo", "horst", "maas", "noord", "limburg", "politie", "agent"} <= words
    assert not {"aan", "de"} & words
    assert "password_context_word" in _codes("ik woon in horst sinds 2001", police)
    assert "password_context_word" in _codes("wandelen langs de MAAS is fijn", police)


def test_the_message_is_dutch_and_names_the_word(handler):
    with pytest.raises(ValidationError) as refused:
        validate_password("zomer in venlo en verder", handler)
    [message] = refused.value.messages
    assert "bevat een woord dat bij Regiekamer, uw organisatie of uzelf hoort (venlo)" in message


def test_the_adr_documents_the_list_in_the_code():
    text = ADR.read_text()
    section = text.split("## Context-specific words", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`([a-z]+)`", section.split("Fixed words:", 1)[1].split("\n", 1)[0]))
    assert documented == set(PRODUCT_WORDS)
    for source in ("organisation's name", "municipality", "region", "user name", "first name", "last name"):
        assert source in section, source
