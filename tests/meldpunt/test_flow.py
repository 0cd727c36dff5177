"""The public meldpunt from the reporter's side: a report becomes a melding in the intake queue."""

import datetime as dt

from django.test import Client

from regiekamer.meldingen.models import Melding, MeldingCategory, MeldingSource
from regiekamer.meldpunt import codes
from regiekamer.meldpunt.models import Report

from .conftest import REGION_FORM, VENLO_FORM, valid


def test_landing_lists_the_municipalities_and_the_region(world):
    response = Client().get("/meldpunt/nl/")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="/meldpunt/nl/gm0983/"' in page and 'href="/meldpunt/nl/gm1507/"' in page
    assert 'href="/meldpunt/nl/regio/noord-limburg/"' in page
    assert '<html lang="nl">' in page


def test_start_redirects_to_the_browsers_language_when_the_meldpunt_speaks_it(world):
    assert Client().get("/meldpunt/", HTTP_ACCEPT_LANGUAGE="pl,en;q=0.5").url == "/meldpunt/pl/"
    assert Client().get("/meldpunt/", HTTP_ACCEPT_LANGUAGE="de").url == "/meldpunt/nl/"


def test_a_report_with_contact_details_becomes_a_melding_and_gives_a_code(world):
    client = Client()
    response = client.post(VENLO_FORM, valid())
    assert response.status_code == 302 and response.url == "/meldpunt/nl/ontvangen/"
    melding = Melding.objects.get()
    assert (melding.source, melding.category, melding.address, melding.municipality, melding.received_on) == (
        MeldingSource.MELDPUNT, MeldingCategory.OVERCROWDING, world["parade"], world["venlo"], dt.date.today())
    assert melding.created_by is None and melding.organisation is None
    report = Report.objects.get()
    assert (report.anonymous, report.contact_name, report.contact_email, report.topic, report.language) == (
        False, "Anna Nowak", "anna@example.org", "te-veel-mensen", "nl")
    done = client.get(response.url).content.decode()
    code = done.split('id="reference-code">')[1].split("<")[0]
    assert codes.normalise(code) is not None and report.code_digest == codes.digest(codes.normalise(code))
    # Shown once: the session no longer holds the code.
    assert code not in client.get(response.url).content.decode()


def test_an_anonymous_report_has_no_code_and_keeps_no_contact_details(world):
    client = Client()
    response = client.post(VENLO_FORM, valid(contact="anoniem", name="Jan", email="jan@example.org",
                                             phone="0612345678"))
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.anonymous, report.code_digest, report.contact_name, report.contact_email,
            report.contact_phone) == (True, None, "", "", "")
    done = client.get(response.url).content.decode()
    assert 'id="reference-code"' not in done and 'id="anonymous-done"' in done


def test_the_region_form_routes_the_report_to_the_municipality_of_the_address(world):
    response = Client().post(REGION_FORM, valid(postcode="5961CC", house_number="3"))
    assert response.status_code == 302
    assert Melding.objects.get().municipality == world["horst"]


def test_a_map_point_on_the_region_form_needs_its_municipality(world):
    point = valid(place="kaart", postcode="", house_number="", latitude="51.40000", longitude="6.10000")
    response = Client().post(REGION_FORM, point)
    assert response.status_code == 400 and Melding.objects.count() == 0
    assert "Kies de gemeente waar de plek ligt." in response.content.decode()
    response = Client().post(REGION_FORM, {**point, "point_municipality": "GM1507"})
    assert response.status_code == 302
    melding = Melding.objects.get()
    assert (melding.address, melding.latitude, melding.longitude, melding.municipality) == (
        None, 51.4, 6.1, world["horst"])


def test_a_map_point_on_a_municipality_form_belongs_to_that_municipality(world):
    response = Client().post(VENLO_FORM, valid(place="kaart", postcode="", house_number="",
                                                latitude="51,37", longitude="6,17"))
    assert response.status_code == 302
    assert Melding.objects.get().municipality == world["venlo"]


def test_the_melding_waits_in_the_intake_queue_of_the_municipality(world):
    Client().post(VENLO_FORM, valid())
    melding = Melding.objects.get()
    venlo, horst = Client(), Client()
    venlo.force_login(world["handler"]), horst.force_login(world["horst_handler"])
    queue = venlo.get("/meldingen/").content.decode()
    assert melding.reference in queue and "Meldpunt (openbaar formulier)" in queue
    assert melding.reference not in horst.get("/meldingen/").content.decode()
