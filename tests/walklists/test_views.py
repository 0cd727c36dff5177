"""The walk-list pages: a coordinator draws up a list, inspectors accept and skip, others stay out."""

import datetime as dt

import pytest
from django.utils import timezone

from regiekamer.audit.models import ProcessingLogEntry
from regiekamer.organisations.models import Organisation, OrganisationKind, Role
from regiekamer.risk.models import RiskRun
from regiekamer.walklists.models import Decision, Selection, WalkList, WalkListDecision

from .helpers import enforcement, member, scored_addresses

pytestmark = pytest.mark.django_db


@pytest.fixture
def venlo():
    return enforcement("GM0983")


@pytest.fixture
def coordinator(venlo):
    return member(venlo, Role.COORDINATOR)


@pytest.fixture
def handler(venlo):
    return member(venlo, Role.HANDLER)


def draw_up(client, **data):
    form = {"team": "Team Noord", "day": timezone.localdate().isoformat(), "size": "10", "random_only": "risk",
            "area": "", "postcode_area": "", "random_percentage": "", "start": "", **data}
    return client.post("/looplijsten/nieuw/", form)


def test_coordinator_draws_up_a_list(client, coordinator):
    scored_addresses(30)
    client.force_login(coordinator)
    page = client.get("/looplijsten/nieuw/")
    assert page.status_code == 200 and "risicoberekening met peildatum 1-1-2026" in page.content.decode()
    response = draw_up(client, random_percentage="20", start="5913AB 1")
    walk_list = WalkList.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/looplijsten/{walk_list.pk}/"
    assert [item.selection for item in walk_list.items.all()].count(Selection.RANDOM) == 2
    assert walk_list.start_address.house_number == 1
    detail = client.get(response["Location"])
    html = detail.content.decode()
    assert detail.status_code == 200 and "no-store" in detail["Cache-Control"]
    assert "De looplijst is opgesteld." in html and 'id="walk-route-points"' in html
    assert html.count('<li class="rk-walk-item') == 10 and "reden 1" in html
    assert ProcessingLogEntry.objects.filter(name="looplijst inzien").count() == 10


def test_bad_input_gives_dutch_messages_and_changes_nothing(client, coordinator):
    scored_addresses(5)
    client.force_login(coordinator)
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = draw_up(client, team="", day=yesterday, size="0", area="BU09830101", postcode_area="59",
                       start="ergens")
    html = response.content.decode()
    assert response.status_code == 400
    for text in ("Vul de naam van het team in.", "Kies tussen 1 en 100 adressen.",
                 "Vul de vier cijfers van een postcode in", "Vul postcode en huisnummer in"):
        assert text in html
    response = draw_up(client, day=yesterday)
    assert response.status_code == 400 and "Kies vandaag of een latere dag." in response.content.decode()
    assert not WalkList.objects.exists()


def test_without_a_run_the_form_offers_a_random_list(client, coordinator):
    client.force_login(coordinator)
    scored_addresses(5)
    RiskRun.objects.update(status="failed")
    page = client.get("/looplijsten/nieuw/").content.decode()
    assert "Er is nog geen afgeronde risicoberekening voor Venlo" in page
    assert 'value="random" required id="id_random_only_1" checked' in page  # preselected
    response = draw_up(client)
    assert response.status_code == 400 and "nog geen afgeronde risicoberekening" in response.content.decode()
    response = draw_up(client, random_only="random", size="3")
    assert response.status_code == 302
    assert WalkList.objects.get().risk_run is None


def test_handler_may_not_draw_up_but_accepts_and_skips(client, coordinator, handler):
    scored_addresses(10)
    client.force_login(coordinator)
    draw_up(client, size="3")
    walk_list = WalkList.objects.get()
    first, second, third = walk_list.items.order_by("position")
    client.force_login(handler)
    assert client.get("/looplijsten/nieuw/").status_code == 403
    assert draw_up(client).status_code == 403
    page = client.get(f"/looplijsten/{walk_list.pk}/").content.decode()
    assert "Accepteren" in page and 'id="accounting"' not in page  # the selection stays hidden from inspectors
    url = f"/looplijsten/{walk_list.pk}/adressen/{{}}/besluit/"
    # Without htmx: back to the list at the address.
    response = client.post(url.format(first.pk), {"decision": "accepted"})
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{first.pk}")
    # With htmx: the address's part of the page comes back.
    response = client.post(url.format(second.pk), {"decision": "skipped", "reason": "unsafe", "note": "hond"},
                           HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith(f'<li class="rk-walk-item rk-walk-item--skipped" id="item-{second.pk}"')
    assert "Niet veilig om te bezoeken: hond" in html and "<html" not in html
    # A skip without a reason is refused with the reason asked for, and nothing is stored.
    response = client.post(url.format(third.pk), {"decision": "skipped", "reason": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Kies waarom u dit adres overslaat." in response.content.decode()
    response = client.post(url.format(third.pk), {"decision": "skipped", "reason": "other"})
    assert response.status_code == 400 and "Licht toe waarom u dit adres overslaat." in response.content.decode()
    assert [(d.item_id, d.decision) for d in WalkListDecision.objects.order_by("id")] == [
        (first.pk, Decision.ACCEPTED), (second.pk, Decision.SKIPPED)]
    # The accepted address links to recording its inspection.
    page = client.get(f"/looplijsten/{walk_list.pk}/").content.decode()
    assert f"/controles/nieuw/?adres={first.address.bag_id}" in page
    assert f"/controles/nieuw/?adres={second.address.bag_id}" not in page


def test_viewers_read_but_do_not_decide(client, coordinator, venlo):
    scored_addresses(5)
    client.force_login(coordinator)
    draw_up(client, size="2")
    walk_list = WalkList.objects.get()
    viewer = member(venlo, Role.VIEWER)
    client.force_login(viewer)
    page = client.get(f"/looplijsten/{walk_list.pk}/")
    assert page.status_code == 200 and "Accepteren" not in page.content.decode()
    item = walk_list.items.first()
    response = client.post(f"/looplijsten/{walk_list.pk}/adressen/{item.pk}/besluit/", {"decision": "accepted"})
    assert response.status_code == 403 and not WalkListDecision.objects.exists()


def test_other_municipality_and_partners_get_404(client, coordinator):
    scored_addresses(5)
    client.force_login(coordinator)
    draw_up(client, size="2")
    walk_list = WalkList.objects.get()
    item = walk_list.items.first()
    horst = member(enforcement("GM1507"), Role.COORDINATOR)
    fire = member(Organisation.objects.create(name="Brandweer", kind=OrganisationKind.FIRE_SERVICE), Role.HANDLER)
    for user in (horst, fire):
        client.force_login(user)
        assert client.get(f"/looplijsten/{walk_list.pk}/").status_code == 404
        assert client.post(f"/looplijsten/{walk_list.pk}/adressen/{item.pk}/besluit/",
                           {"decision": "accepted"}).status_code == 404
    client.force_login(horst)
    assert "Team Noord" not in client.get("/looplijsten/").content.decode()
    client.force_login(fire)
    assert client.get("/looplijsten/").status_code == 404
    assert client.get("/looplijsten/trefkans/").status_code == 404
    assert not WalkListDecision.objects.exists()


def test_an_item_of_another_list_is_not_reached_through_this_one(client, coordinator):
    scored_addresses(6)
    client.force_login(coordinator)
    draw_up(client, size="2")
    draw_up(client, size="2")
    first, second = WalkList.objects.order_by("id")
    other_item = second.items.first()
    response = client.post(f"/looplijsten/{first.pk}/adressen/{other_item.pk}/besluit/", {"decision": "accepted"})
    assert response.status_code == 404
