"""Property-based: arbitrary values in every field of the public form and the status lookup.

Never a server error (the test client re-raises one), nothing stored unless the answer is the
redirect to the confirmation, and nothing a reporter typed comes back unescaped.
"""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings, strategies as st
from hypothesis.extra.django import TestCase

from regiekamer.meldingen.models import Melding, MeldingAttachment
from regiekamer.meldpunt.models import Report
from regiekamer.organisations.models import OrganisationKind as K
from tests.factories import AddressFactory, OrganisationFactory, RegionFactory, municipality

HOSTILE = (
    "<script>alert('xss-mark')</script>",
    '"><img src=x onerror=alert("xss-mark")>',
    "<svg onload=alert(1)>xss-mark",
    "javascript:alert('xss-mark')//<a href=x>",
    "</textarea><b>xss-mark</b>",
)
ODD = ("", " ", "\u202e\u200b\ufeff", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🏠", "Zażółć gęślą jaźń", "Ще дойда утре", "ăîșțâ", "\x00", "\r\n\t",
       "x" * 100_000, "٣٤", "1e308", "-0", "NaN", "inf", "%s%n%(x)s", "{{ 7*7 }}", "{% debug %}")
VALID = {
    "landlord": ["particulier", "corporatie", "onbekend"],
    "topic": ["te-veel-mensen", "overlast", "huurprijs"],
    "description": ["In dit huis wonen zestien mensen in vier kamers."],
    "happened_on": [dt.date.today().isoformat(), "2999-01-01", "31-12-2024", "2024-02-30"],
    "place": ["adres", "kaart"],
    "postcode": ["5911AA", "5911 aa", "0000AA", "5911SA"],
    "house_number": ["1", "0", "99999999999", "1.5"],
    "house_addition": ["A", "-"],
    "latitude": ["51.4", "51,4", "91", "-1e9"],
    "longitude": ["6.1", "190"],
    "contact": ["contact", "anoniem"],
    "name": ["Anna"],
    "email": ["anna@example.org", "anna@", "@"],
    "phone": ["+48 123 456 789", "12"],
    "website_adres": [""],
    "action": ["versturen", "zoek-adres"],
}


def _value(field: str):
    return st.one_of(st.sampled_from(VALID[field]), st.sampled_from(HOSTILE), st.sampled_from(ODD),
                     st.text(max_size=60), st.builds(lambda a, h, b: a + h + b, st.text(max_size=8),
                                                     st.sampled_from(HOSTILE), st.text(max_size=8)))


FORM = st.fixed_dictionaries({}, optional={field: _value(field) for field in VALID})
UPLOADS = st.lists(st.builds(lambda name, content: SimpleUploadedFile(name or "f", content),
                             st.text(max_size=30).filter(lambda n: "\x00" not in n and "/" not in n),
                             st.one_of(st.binary(max_size=300), st.just(b"\xff\xd8\xff" + b"1" * 50))),
                   max_size=3)


def _assert_escaped(content: str) -> None:
    for hostile in HOSTILE:
        assert hostile not in content, f"unescaped: {hostile!r}"
    assert "<b>xss-mark" not in content and "<script>alert" not in content


class PublicFormFuzz(TestCase):
    @classmethod
    def setUpTestData(cls):
        region = RegionFactory()
        venlo = municipality("GM0983")
        venlo.region = region
        venlo.save()
        OrganisationFactory(name="Venlo handhaving", kind=K.MUNICIPAL_ENFORCEMENT, municipality=venlo)
        AddressFactory(street="Parade", house_number=1, postcode="5911AA", city="Venlo")

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=FORM, uploads=UPLOADS,
           url=st.sampled_from(["/meldpunt/nl/gm0983/", "/meldpunt/bg/regio/noord-limburg/"]))
    def test_the_report_form_never_fails_and_stores_only_a_valid_report(self, data, uploads, url):
        payload = dict(data)
        if uploads:
            payload["photos"] = uploads
        response = Client().post(url, payload)
        assert response.status_code in (200, 302, 400, 429), response.status_code
        stored = (Melding.objects.count(), Report.objects.count())
        if response.status_code == 302:
            assert stored == (1, 1)
        else:
            assert stored == (0, 0) and MeldingAttachment.objects.count() == 0
            _assert_escaped(response.content.decode())

    @settings(max_examples=60, deadline=None)
    @given(code=st.one_of(st.text(max_size=40), st.sampled_from(HOSTILE), st.sampled_from(ODD)),
           lang=st.sampled_from(["nl", "en", "pl", "ro", "bg"]))
    def test_the_status_lookup_never_fails_and_never_echoes_markup(self, code, lang):
        response = Client().post(f"/meldpunt/{lang}/status/", {"code": code})
        assert response.status_code in (200, 400, 429)
        _assert_escaped(response.content.decode())

    @settings(max_examples=60, deadline=None)
    @given(query=st.fixed_dictionaries({}, optional={k: _value(k) for k in ("postcode", "house_number",
                                                                             "house_addition")}),
           where=st.sampled_from([{"gemeente": "gm0983"}, {"regio": "noord-limburg"}]))
    def test_the_address_lookup_never_fails(self, query, where):
        response = Client().get("/meldpunt/nl/adres/", {**query, **where})
        assert response.status_code == 200
        _assert_escaped(response.content.decode())
