"""Every rule of the public meldpunt, with hand-computed expectations: referrals, anonymity, bad
input, uploads, duplicates, the honeypot and the rate limits. Whatever is refused stores nothing."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from regiekamer.audit.models import ProcessingLogEntry
from regiekamer.meldingen.models import Melding, MeldingAttachment
from regiekamer.meldpunt import throttle
from regiekamer.meldpunt.models import Report, ThrottleEvent

from .conftest import HORST_FORM, VENLO_FORM, valid

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def _nothing_stored():
    assert (Melding.objects.count(), Report.objects.count(), MeldingAttachment.objects.count()) == (0, 0, 0)


def _post(data, ip="192.0.2.10", url=VENLO_FORM):
    return Client(REMOTE_ADDR=ip).post(url, data)


# Referrals: outside the law's scope, or about a housing corporation.

@pytest.mark.parametrize("changes, title, place", [
    ({"landlord": "corporatie"}, "Uw melding gaat over een woningcorporatie", "https://www.huurcommissie.nl"),
    ({"topic": "huurprijs"}, "Onenigheid over de huur of de servicekosten", "https://www.huurcommissie.nl"),
    ({"topic": "werk"}, "Een probleem met uw werk", "https://www.nlarbeidsinspectie.nl"),
    ({"topic": "handhavingsverzoek"}, "Een handhavingsverzoek is iets anders dan een melding",
     "https://www.juridischloket.nl"),
])
def test_a_report_outside_the_meldpunt_is_referred_and_stores_nothing(world, changes, title, place):
    # Even with an otherwise broken form: the scope question alone decides.
    response = _post(valid(**changes, description="", postcode="x"))
    page = response.content.decode()
    assert response.status_code == 200
    assert title in page and place in page and "We hebben niets van wat u invulde bewaard." in page
    _nothing_stored()


# Anonymity.

def test_anonymous_reports_ignore_invalid_contact_fields(world):
    response = _post(valid(contact="anoniem", email="geen-adres", phone="12"))
    assert response.status_code == 302
    assert Report.objects.get().contact_email == ""


def test_the_form_says_before_sending_what_anonymous_means(world):
    page = Client().get(VENLO_FORM).content.decode()
    assert "We kunnen u dan geen vragen stellen, u krijgt geen code" in page


# Bad input: a message in the page's language, at the field, and nothing stored.

@pytest.mark.parametrize("changes, message", [
    ({"postcode": "12"}, "Deze postcode klopt niet."),
    ({"postcode": ""}, "Vul de postcode in."),
    ({"house_number": "12a"}, "Vul alleen het nummer in, bijvoorbeeld 12."),
    ({"postcode": "9999ZZ"}, "We kunnen dit adres niet vinden."),
    ({"postcode": "5961CC", "house_number": "3"}, "Dit adres ligt niet in deze gemeente."),
    ({"postcode": "5912BB", "house_number": "7", "house_addition": "B"}, "We kunnen dit adres niet vinden."),
    ({"happened_on": (dt.date.today() + dt.timedelta(days=1)).isoformat()}, "Deze datum ligt in de toekomst."),
    ({"happened_on": "1999-12-31"}, "Deze datum ligt voor 2000."),
    ({"happened_on": "2025-02-31"}, "Vul een echte datum in"),
    ({"happened_on": ""}, "Vul de datum in."),
    ({"description": ""}, "Vul dit veld in."),
    ({"description": "kapot"}, "Beschrijf in een paar woorden wat er is gebeurd."),
    ({"description": "x" * 5001}, "Dit is te lang: ten hoogste 5000 tekens."),
    ({"email": "", "phone": ""}, "Vul een e-mailadres of een telefoonnummer in."),
    ({"email": "anna@"}, "Dit e-mailadres klopt niet."),
    ({"email": "", "phone": "12"}, "Dit telefoonnummer klopt niet."),
    ({"topic": "bestaat-niet"}, "Maak een keuze uit de lijst."),
    ({"landlord": ""}, "Maak een keuze."),
    ({"contact": ""}, "Maak een keuze."),
    ({"place": "kaart", "latitude": "", "longitude": ""}, "Vul een adres in, of kies een punt op de kaart."),
    ({"place": "kaart", "latitude": "48.85", "longitude": "2.35"}, "Dit punt ligt niet in Nederland."),
    ({"place": "kaart", "latitude": "abc", "longitude": "6.1"}, "Vul een getal in, bijvoorbeeld 51.37040."),
    ({"place": "kaart", "latitude": "nan", "longitude": "6.1"}, "Vul een getal in, bijvoorbeeld 51.37040."),
    ({"description": "Zestien mensen\x00 in vier kamers"}, "Dit veld bevat een teken dat niet mag."),
])
def test_bad_input_is_explained_and_stores_nothing(world, changes, message):
    response = _post(valid(**changes))
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="error-summary"' in page and message in page
    assert 'aria-invalid="true"' in page or 'class="utrecht-form-fieldset mp-radios utrecht-form-field--invalid"' in page
    _nothing_stored()


def test_a_letter_picks_the_address_and_without_it_the_plain_number(world):
    assert _post(valid(postcode="5912BB", house_number="7", house_addition="a")).status_code == 302
    assert _post(valid(postcode="5912BB", house_number="7", description="Een andere tekst over dit huis."),
                 ip="198.51.100.1").status_code == 302
    assert [m.address for m in Melding.objects.order_by("pk")] == [world["kerk_a"], world["kerk"]]


def test_checking_the_address_without_javascript_shows_it_and_stores_nothing(world):
    response = _post(valid(action="zoek-adres"))
    assert response.status_code == 200 and "Parade 1, 5911 AA Venlo" in response.content.decode()
    _nothing_stored()
    fragment = Client().get("/meldpunt/nl/adres/", {"gemeente": "gm0983", "postcode": "5911aa", "house_number": "1"})
    assert "Parade 1, 5911 AA Venlo" in fragment.content.decode()


def test_what_a_reporter_types_is_escaped_everywhere(world):
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = _post(valid(description=script, postcode=script, name=script))
    page = response.content.decode()
    assert response.status_code == 400 and "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page
    assert _post(valid(description=script + " in de woonkamer", name=script)).status_code == 302
    handler = Client()
    handler.force_login(world["handler"])
    melding = Melding.objects.get()
    for url in (f"/meldingen/{melding.pk}/", f"/meldpunt/intake/{melding.pk}/contact/"):
        page = handler.get(url).content.decode()
        assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_pages_send_a_strict_content_security_policy(world):
    response = Client().get(VENLO_FORM)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in response.content.decode() and "style=" not in response.content.decode()


# Uploads: checked by size and by their bytes, never by their name.

def test_a_photo_is_stored_with_the_type_read_from_its_bytes(world):
    assert _post({**valid(), "photos": [SimpleUploadedFile("kamer.png", JPEG, "image/png")]}).status_code == 302
    attachment = MeldingAttachment.objects.get()
    assert (attachment.content_type, attachment.original_name) == ("image/jpeg", "kamer.jpg")


@pytest.mark.parametrize("files, message", [
    ([SimpleUploadedFile("foto.jpg", b"MZ\x90\x00 not a photo", "image/jpeg")], "foto.jpg is geen foto (JPEG of PNG)"),
    ([SimpleUploadedFile("leeg.jpg", b"", "image/jpeg")], "Dit bestand is leeg."),
    ([SimpleUploadedFile("groot.jpg", JPEG + b"\x00" * (10 * 2**20), "image/jpeg")], "groot.jpg is te groot."),
    ([SimpleUploadedFile(f"f{i}.jpg", JPEG, "image/jpeg") for i in range(6)], "ten hoogste 5 bestanden"),
])
def test_bad_uploads_are_refused_and_store_nothing(world, settings, files, message):
    response = _post({**valid(), "photos": files})
    assert response.status_code == 400 and message in response.content.decode()
    _nothing_stored()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


# Duplicates.

def test_a_near_identical_report_within_a_day_is_flagged_for_the_intake(world):
    assert _post(valid(description="Zestien mensen in vier kamers, geen rookmelder."), ip="192.0.2.1").status_code == 302
    assert _post(valid(description="zestien mensen in vier  kamers, geen rookmelder!"),
                 ip="198.51.100.2").status_code == 302
    first, second = Report.objects.order_by("pk")
    assert (first.duplicate_of, second.duplicate_of) == (None, first.melding)
    handler = Client()
    handler.force_login(world["handler"])
    page = handler.get(f"/meldingen/{second.melding_id}/").content.decode()
    assert f"Mogelijk dubbel: lijkt op melding {first.melding.reference}" in page


@pytest.mark.parametrize("changes", [
    {"topic": "brandgevaar"},  # another topic
    {"description": "Er staat al weken afval in de tuin en het stinkt."},  # another text
    {"postcode": "5912BB", "house_number": "7"},  # another address
])
def test_a_different_report_is_not_flagged(world, changes):
    _post(valid(description="Zestien mensen in vier kamers, geen rookmelder."), ip="192.0.2.1")
    _post(valid(**{"description": "Zestien mensen in vier kamers, geen rookmelder.", **changes}), ip="198.51.100.2")
    assert Report.objects.order_by("pk").last().duplicate_of is None


def test_a_report_older_than_a_day_is_not_a_duplicate(world):
    _post(valid(), ip="192.0.2.1")
    Melding.objects.update(created_at=timezone.now() - dt.timedelta(hours=25))
    _post(valid(), ip="198.51.100.2")
    assert Report.objects.order_by("pk").last().duplicate_of is None


# The honeypot and the rate limits.

def test_the_honeypot_refuses_and_stores_nothing(world):
    response = _post(valid(website_adres="https://spam.example"))
    assert response.status_code == 400 and "Uw melding is niet verstuurd." in response.content.decode()
    _nothing_stored()
    assert 'class="mp-hp" aria-hidden="true"' in Client().get(VENLO_FORM).content.decode()


def test_the_sixth_report_from_one_address_within_an_hour_is_refused(world):
    for n in range(5):
        assert _post(valid(description=f"Melding nummer {n} over dit huis."), ip="203.0.113.9").status_code == 302
    response = _post(valid(description="Melding nummer 5 over dit huis."), ip="203.0.113.9")
    assert response.status_code == 429
    assert "Vanaf dit internetadres zijn in het afgelopen uur al veel meldingen gedaan." in response.content.decode()
    assert Melding.objects.count() == 5
    assert _post(valid(description="Een buurman uit een ander netwerk."), ip="198.51.100.7").status_code == 302


def test_a_network_may_send_twenty_reports_an_hour(world):
    for n in range(20):
        ip = f"203.0.113.{n // 5 + 1}"  # four addresses of one /24, five reports each
        assert _post(valid(description=f"Melding nummer {n} over dit huis."), ip=ip).status_code == 302
    response = _post(valid(description="De eenentwintigste melding."), ip="203.0.113.200")
    assert response.status_code == 429 and Melding.objects.count() == 20


def test_an_hour_later_the_address_may_report_again(world):
    for n in range(5):
        _post(valid(description=f"Melding nummer {n} over dit huis."), ip="203.0.113.9")
    ThrottleEvent.objects.update(at=timezone.now() - dt.timedelta(minutes=61))
    assert _post(valid(description="Een uur later."), ip="203.0.113.9").status_code == 302


def test_thirty_posts_in_ten_minutes_then_a_pause(world):
    for _ in range(30):
        empty = _post({}, ip="203.0.113.50")
        assert empty.status_code == 400 and "Wie verhuurt het huis?: Maak een keuze." in empty.content.decode()
    response = _post(valid(), ip="203.0.113.50")
    assert response.status_code == 429 and "Wacht tien minuten" in response.content.decode()
    _nothing_stored()


def test_the_throttle_keeps_keyed_hashes_not_addresses(world):
    _post(valid(), ip="203.0.113.9")
    rows = list(ThrottleEvent.objects.values_list("bucket", "digest"))
    assert sorted(bucket for bucket, _ in rows) == ["post-ip", "report-ip", "report-net"]
    assert all(len(digest) == 64 and "203.0.113" not in digest for _, digest in rows)


def test_networks_are_slash_24_and_slash_64():
    assert throttle.network_of("192.0.2.77") == "192.0.2.0/24"
    assert throttle.network_of("2001:db8:1:2:3:4:5:6") == "2001:db8:1:2::/64"
    assert throttle.network_of("::ffff:192.0.2.77") == "192.0.2.0/24"
    assert throttle.network_of("unknown") == "unknown"


def test_status_lookups_are_throttled_per_address_and_per_code(world):
    for n in range(20):  # twenty different wrong codes from one address
        assert Client(REMOTE_ADDR="203.0.113.5").post("/meldpunt/nl/status/", {"code": f"X{n}"}).status_code == 400
    refused = Client(REMOTE_ADDR="203.0.113.5").post("/meldpunt/nl/status/", {"code": "ABCD-EFGH-JKLM"})
    assert refused.status_code == 429 and "U heeft te vaak een code geprobeerd." in refused.content.decode()
    for n in range(10):  # one code from ten addresses
        Client(REMOTE_ADDR=f"198.51.100.{n}").post("/meldpunt/nl/status/", {"code": "ABCD-EFGH-JKLM"})
    assert Client(REMOTE_ADDR="198.51.100.99").post("/meldpunt/nl/status/",
                                                    {"code": "ABCD-EFGH-JKLM"}).status_code == 429


# The contact details: the municipality's intake handlers only, logged, never cached.

def test_the_intake_handler_reads_the_contact_details_and_the_read_is_logged(world):
    _post(valid(phone="+48 123 456 789"))
    melding = Melding.objects.get()
    handler = Client()
    handler.force_login(world["handler"])
    detail = handler.get(f"/meldingen/{melding.pk}/").content.decode()
    assert "anna@example.org" not in detail  # only after asking for it
    before = ProcessingLogEntry.objects.count()
    response = handler.get(f"/meldpunt/intake/{melding.pk}/contact/")
    page = response.content.decode()
    assert response.status_code == 200 and "anna@example.org" in page and "+48 123 456 789" in page
    assert "no-store" in response["Cache-Control"]
    assert ProcessingLogEntry.objects.count() == before + 1
    assert ProcessingLogEntry.objects.latest("pk").name == "contactgegevens melder inzien"


@pytest.mark.parametrize("who", ["viewer", "horst_handler", "fire_handler"])
def test_nobody_else_reads_the_contact_details(world, who):
    _post(valid())
    client = Client()
    client.force_login(world[who])
    assert client.get(f"/meldpunt/intake/{Melding.objects.get().pk}/contact/").status_code == 404


def test_a_report_to_horst_goes_to_horst(world):
    assert _post(valid(postcode="5961CC", house_number="3"), url=HORST_FORM).status_code == 302
    assert Melding.objects.get().municipality == world["horst"]


def test_an_oversized_request_is_refused_before_it_is_read(world):
    response = Client(REMOTE_ADDR="192.0.2.10").post("/meldpunt/pl/gm0983/", valid(), CONTENT_LENGTH=str(60 * 2**20))
    assert response.status_code == 413 and response["Content-Language"] == "pl"
    _nothing_stored()


def test_the_form_still_needs_its_csrf_token(world):
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR="192.0.2.10")
    assert client.post(VENLO_FORM, valid()).status_code == 403
    _nothing_stored()


def test_an_anonymous_report_shows_no_contact_link_and_its_page_logs_nothing(world):
    _post(valid(contact="anoniem"))
    melding = Melding.objects.get()
    handler = Client()
    handler.force_login(world["handler"])
    detail = handler.get(f"/meldingen/{melding.pk}/").content.decode()
    assert "Anoniem: geen terugkoppeling mogelijk" in detail and "/meldpunt/intake/" not in detail
    before = ProcessingLogEntry.objects.count()
    page = handler.get(f"/meldpunt/intake/{melding.pk}/contact/").content.decode()
    assert "Anoniem: geen contactgegevens" in page and ProcessingLogEntry.objects.count() == before
