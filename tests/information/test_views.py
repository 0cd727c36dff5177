"""Pages: the public ones per language without login, the staff ones per role."""

import pytest
from django.test import Client

from regiekamer.information import services
from regiekamer.information.models import ItemText
from regiekamer.organisations.models import OrganisationKind as K, Role
from tests.factories import RegionFactory, municipality

from .conftest import member

pytestmark = pytest.mark.django_db


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_polish_index_and_item_are_polish_and_cacheable(item):
    index = _client().get("/voorlichting/pl/")
    html = index.content.decode()
    assert index.status_code == 200
    assert '<html lang="pl">' in html and index["Content-Language"] == "pl"
    assert "Informacje w Twoim języku" in html and 'href="/voorlichting/pl/uw-rechten/"' in html
    assert "Twoje prawa" in html
    assert "public" in index["Cache-Control"] and "max-age=600" in index["Cache-Control"]
    page = _client().get("/voorlichting/pl/uw-rechten/")
    html = page.content.decode()
    assert page.status_code == 200 and '<html lang="pl">' in html
    assert "<h1 class=\"utrecht-heading-1\">Twoje prawa</h1>" in html
    assert "Dostajesz <strong>umowę najmu</strong>." in html
    assert 'href="/voorlichting/pl/uw-rechten/folder.pdf"' in html
    assert 'href="/meldpunt/pl/regio/noord-limburg/"' in html
    # The language switch offers only the languages the item is published in.
    assert 'hreflang="nl"' in html and 'hreflang="bg"' not in html


def test_missing_unpublished_and_unknown_pages_are_404(item, coordinator):
    services.save_translation(item=item, language="ro", title="Drepturile", body="Text.", published=False,
                              actor=coordinator)
    for path in ("/voorlichting/bg/uw-rechten/", "/voorlichting/ro/uw-rechten/", "/voorlichting/ro/uw-rechten/folder.pdf",
                 "/voorlichting/pl/bestaat-niet/", "/voorlichting/de/"):
        assert _client().get(path).status_code == 404, path
    services.set_published(item=item, published=False, actor=coordinator)
    assert _client().get("/voorlichting/nl/uw-rechten/").status_code == 404
    assert "Uw rechten" not in _client().get("/voorlichting/nl/").content.decode()


def test_the_start_follows_the_browser_language():
    assert _client().get("/voorlichting/", HTTP_ACCEPT_LANGUAGE="ro-RO,ro;q=0.9")["Location"] == "/voorlichting/ro/"
    assert _client().get("/voorlichting/", HTTP_ACCEPT_LANGUAGE="de-DE")["Location"] == "/voorlichting/nl/"


def test_the_meldpunt_links_to_the_information_in_its_language(region):
    html = _client().get("/meldpunt/bg/").content.decode()
    assert 'href="/voorlichting/bg/"' in html and "Информация на вашия език" in html


def test_a_coordinator_edits_the_source_and_sees_the_translation_flagged(item, coordinator):
    client = _client(coordinator)
    listing = client.get("/voorlichtingsmateriaal/").content.decode()
    assert 'data-language="pl"><span class="rk-badge rk-badge--ok">actueel' in listing
    response = client.post("/voorlichtingsmateriaal/uw-rechten/bron/", {"title": "Uw rechten", "body": "Nieuwe tekst."})
    assert response.status_code == 302 and response["Location"] == "/voorlichtingsmateriaal/uw-rechten/"
    listing = client.get("/voorlichtingsmateriaal/").content.decode()
    assert 'data-language="pl"><span class="rk-badge rk-badge--warning">verouderd' in listing
    assert 'data-language="bg"><span class="rk-badge rk-badge--danger">ontbreekt' in listing
    detail = client.get("/voorlichtingsmateriaal/uw-rechten/").content.decode()
    assert "(nu 2)" in detail and "Nieuwe tekst." in detail


def test_a_translation_is_added_through_its_form(item, coordinator):
    client = _client(coordinator)
    form = client.get("/voorlichtingsmateriaal/uw-rechten/vertaling/bg/")
    assert form.status_code == 200 and "ontbreekt" in form.content.decode()
    response = client.post("/voorlichtingsmateriaal/uw-rechten/vertaling/bg/",
                           {"title": "Вашите права", "body": "Текст.", "published": "on"})
    assert response.status_code == 302
    text = ItemText.objects.get(item=item, language="bg")
    assert (text.version, text.source_version, text.published, text.title) == (1, 1, True, "Вашите права")
    assert _client().get("/voorlichting/bg/uw-rechten/").status_code == 200


def test_bad_input_names_the_field_and_changes_nothing(item, coordinator):
    before = ItemText.objects.count()
    response = _client(coordinator).post("/voorlichtingsmateriaal/uw-rechten/vertaling/en/", {"title": "", "body": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_title"' in html and 'aria-invalid="true"' in html and 'aria-describedby="id_body_hint id_body_error"' in html
    response = _client(coordinator).post("/voorlichtingsmateriaal/uw-rechten/bron/",
                                         {"title": "Uw rechten", "body": "U krijgt een **huurcontract**."})
    assert response.status_code == 400 and "Er is niets gewijzigd" in response.content.decode()
    assert ItemText.objects.count() == before


def test_a_handler_reads_but_may_not_edit(item, handler):
    client = _client(handler)
    assert client.get("/voorlichtingsmateriaal/uw-rechten/").status_code == 200
    assert "Brontekst bewerken" not in client.get("/voorlichtingsmateriaal/uw-rechten/").content.decode()
    assert client.get("/voorlichtingsmateriaal/uw-rechten/bron/").status_code == 403
    assert client.post("/voorlichtingsmateriaal/uw-rechten/vertaling/en/", {"title": "T", "body": "B"}).status_code == 403
    assert client.post("/voorlichtingsmateriaal/uw-rechten/publiceren/", {"published": "0"}).status_code == 403
    assert not ItemText.objects.filter(language="en").exists()


def test_another_region_sees_nothing(item):
    elsewhere = RegionFactory(code="elders", name="Elders")
    amsterdam = municipality("GM0363")
    amsterdam.region = elsewhere
    amsterdam.save()
    outsider = member(K.MUNICIPAL_ENFORCEMENT, Role.COORDINATOR, place=amsterdam)
    client = _client(outsider)
    assert "uw-rechten" not in client.get("/voorlichtingsmateriaal/").content.decode()
    for path in ("/voorlichtingsmateriaal/uw-rechten/", "/voorlichtingsmateriaal/uw-rechten/bron/",
                 "/voorlichtingsmateriaal/uw-rechten/vertaling/pl/"):
        assert client.get(path).status_code == 404, path


def test_a_coordinator_makes_an_item_of_her_municipality(region, coordinator, venlo):
    response = _client(coordinator).post("/voorlichtingsmateriaal/nieuw/", {
        "slug": "melden-in-venlo", "audience": "bewoners", "topic": "melden", "municipality": venlo.pk,
        "title": "Melden in Venlo", "body": "Meld het bij het meldpunt."})
    assert response.status_code == 302 and response["Location"] == "/voorlichtingsmateriaal/melden-in-venlo/"
    assert _client().get("/voorlichting/nl/melden-in-venlo/").status_code == 404  # not yet published
    _client(coordinator).post("/voorlichtingsmateriaal/melden-in-venlo/publiceren/", {"published": "1"})
    html = _client().get("/voorlichting/nl/melden-in-venlo/").content.decode()
    assert 'href="/meldpunt/nl/gm0983/"' in html


def test_the_staff_menu_shows_the_information_material(coordinator):
    html = _client(coordinator).get("/").content.decode()
    assert 'href="/voorlichtingsmateriaal/"' in html and "Voorlichtingsmateriaal" in html
