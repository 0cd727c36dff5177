"""The Algoritmeregister entry: complete by publication standard 1.0, in step with the engine, and shown."""

import html
import tomllib

import pytest
from django.utils import translation

from regiekamer.risk.register_views import REGISTER_FILE, STANDARD_FIELDS
from riskengine.indicators import INDICATORS
from riskengine.weights import EXPERT_WEIGHTS
from tests.factories import MembershipFactory

# The fields the brief and domain.md section 5 name (standard 1.0); impact assessments as the
# standard's impacttoetsen with DPIA and IAMA each on their own.
REQUIRED = [
    "name", "description_short", "organization", "status", "goal", "impact", "proportionality",
    "human_intervention", "risks", "lawful_basis", "impacttoetsen", "dpia", "iama", "source_data",
    "methods_and_models", "publication_category",
]


@pytest.fixture(scope="module")
def entry() -> dict:
    with REGISTER_FILE.open("rb") as file:
        return tomllib.load(file)


def test_every_standard_field_is_filled(entry):
    assert sorted(STANDARD_FIELDS) == sorted(REQUIRED)
    empty = [field for field in REQUIRED if not isinstance(entry.get(field), str) or not entry[field].strip()]
    assert not empty, f"empty or missing fields: {empty}"
    assert entry["standard_version"] == "1.0" and entry["lang"] == "nld"
    assert entry["publication_category"] == "impactvol"
    assert "DPIA" in entry["impacttoetsen"] and "IAMA" in entry["impacttoetsen"]


def test_indicators_are_exactly_the_engines(entry):
    listed = [item["name"] for item in entry["indicators"]]
    assert listed == [indicator.name for indicator in INDICATORS]
    assert set(listed) == set(EXPERT_WEIGHTS)
    assert all(item["description"].strip() for item in entry["indicators"])


def test_what_is_never_used_is_named(entry):
    never = " ".join(entry["never_used"]["items"]).lower()
    for word in ("nationaliteit", "geboorteland", "naam", "taal", "rni-inschrijvingen"):
        assert word in never
    # And none of it is an indicator name of the engine.
    names = " ".join(indicator.name for indicator in INDICATORS)
    for forbidden in ("nationality", "country", "birth", "name", "language", "rni", "registry"):
        assert forbidden not in names


def _page_text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.django_db
def test_page_shows_every_field_to_anonymous_visitors(client, entry):
    response = client.get("/risico/algoritmeregister/")
    assert response.status_code == 200
    page = _page_text(response)
    for field, title in STANDARD_FIELDS.items():
        assert str(title) in page
        value = entry[field].strip()
        shown = "Impactvol algoritme" if field == "publication_category" else value.splitlines()[0]
        assert shown in page, field
    for item in entry["indicators"]:
        assert f"<code>{item['name']}</code>" in page and item["description"] in page
    for item in entry["never_used"]["items"]:
        assert item in page
    # The default expert weights beside the indicators, as the engine has them (Dutch decimals).
    assert "<code>persons_over_norm</code></td>" in page
    row = page.split("<code>signals_12m_overbewoning</code>")[1].split("</tr>")[0]
    assert ">1,2</td>" in row
    row = page.split("<code>clean_inspection_12m</code>")[1].split("</tr>")[0]
    assert ">-1</td>" in row


@pytest.mark.django_db
def test_page_for_a_logged_in_user_in_english(client, entry):
    client.force_login(MembershipFactory().user)
    with translation.override("en"):
        response = client.get("/risico/algoritmeregister/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = _page_text(response)
    # The interface is translated; the register text itself is published in Dutch.
    assert "Human intervention" in page
    assert entry["name"] in page


@pytest.mark.django_db
def test_only_reading(client):
    assert client.post("/risico/algoritmeregister/").status_code == 405
