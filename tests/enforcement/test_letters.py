"""Letters: template rendering with the documented variables, refusal of broken templates, the PDF."""

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from regiekamer.audit.models import ProcessingLogEntry
from regiekamer.cases.models import EventKind
from regiekamer.enforcement import letters, selectors, services
from regiekamer.enforcement.models import InterventionType as T, Letter, LetterKind, LetterTemplate
from regiekamer.organisations.models import OrganisationKind, Role
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_render_fills_the_variables_without_escaping():
    text = letters.render_text("{{ owner.name }} – {{ case.reference }} – {{ address.full }} – {{ today }}",
                               letters.sample_context())
    assert text == "Voorbeeld Vastgoed B.V. (KvK 12345678) – Z2026-000001 – Voorbeeldstraat 1, 5911 AA Venlo – 01-04-2026"
    assert letters.render_text("{{ x }}", {"x": "A & B <c>"}) == "A & B <c>"


@pytest.mark.parametrize("source, message", [
    ("{% if %}", "Het sjabloon bevat een fout"),
    ("{{ case.reference|bestaatniet }}", "Het sjabloon bevat een fout"),
    ("{{ case.eigenaar }}", "Onbekende variabele(n) in het sjabloon: case.eigenaar."),
    ("{{ settings.SECRET_KEY }}", "Onbekende variabele(n) in het sjabloon: settings.SECRET_KEY."),
    ("{% load static %}", "De tag 'load' is in een briefsjabloon niet toegestaan."),
    ("{% include 'base.html' %}", "De tag 'include' is in een briefsjabloon niet toegestaan."),
    ("{% debug %}", "De tag 'debug' is in een briefsjabloon niet toegestaan."),
])
def test_broken_or_unsafe_templates_are_refused_in_dutch(source, message):
    with pytest.raises(ValidationError) as refused:
        letters.render_text(source, letters.sample_context())
    assert refused.value.messages[0].startswith(message)


def test_every_documented_variable_renders():
    for name, _meaning in letters.variable_list():
        letters.render_text(name, letters.sample_context())  # raises on an unknown one


def test_latin1_keeps_accents_and_writes_the_euro_sign():
    assert letters.latin1("é ë € 5,00 – ‘x’ Łódź ☃") == "é ë EUR 5,00 - 'x' Lódz ?"


def test_pdf_contains_the_reference_and_accented_text():
    pdf = letters.pdf_bytes(letters.LetterLayout(
        municipality="Venlo", date="01-04-2026", reference="Z2026-000042", address_block=["Parade 7"],
        title="Voornemen", body="Geachte heer Brouwér, de ruïne kost € 500,00.\n\nTweede alinea."), compress=False)
    assert pdf.startswith(b"%PDF")
    assert b"Z2026-000042" in pdf
    assert "Brouwér, de ruïne kost EUR 500,00.".encode("latin-1") in pdf


def _penalty_order(case, handler):
    return services.create_intervention(
        actor=handler, case=case, intervention_type=T.PENALTY_ORDER, behaviour="B", consequence="2",
        reasons="Twaalf personen op 80 m2.", measures="Terugbrengen tot 6 bewoners.", compliance_period_days=28,
        amount_eur=500, amount_basis="per_dag", maximum_eur=10000, decided_on=dt.date(2026, 4, 1))


def test_generate_letter_stores_a_new_version_each_time_and_appends_an_event(case, handler):
    order = _penalty_order(case, handler)
    first = services.generate_letter(actor=handler, intervention=order, kind=LetterKind.PENALTY_ORDER)
    content = bytes(first.content)
    assert content.startswith(b"%PDF") and first.sha256 == hashlib.sha256(content).hexdigest()
    assert first.title == "Last onder dwangsom: Parade 7"
    assert "Huisjesmelker B.V. (KvK 12345678)" in first.body
    assert "€ 500,00 per dag, tot ten hoogste € 10.000,00" in first.body
    assert "Daarvoor heeft u 28 dagen" in first.body
    assert first.file_name == f"{case.reference}-dwangsom-v1.pdf"
    second = services.generate_letter(actor=handler, intervention=order, kind=LetterKind.PENALTY_ORDER)
    assert (first.version, second.version) == (1, 2)
    assert case.events.filter(kind=EventKind.LETTER).count() == 2
    assert ProcessingLogEntry.objects.filter(name="handhavingsbrief maken").count() == 2
    with pytest.raises(DatabaseError), transaction.atomic():
        Letter.objects.filter(pk=first.pk).update(body="anders")


def test_a_municipal_template_wins_and_a_broken_one_is_refused(case, handler):
    coordinator = MembershipFactory(role=Role.COORDINATOR, organisation=handler.membership.organisation).user
    with pytest.raises(ValidationError) as refused:
        services.save_letter_template(actor=coordinator, kind=LetterKind.WARNING, title="Waarschuwing",
                                      body="Beste {{ eigenaar }}")
    assert "eigenaar" in refused.value.error_dict["body"][0].messages[0]
    assert not LetterTemplate.objects.filter(municipality__isnull=False).exists()
    services.save_letter_template(actor=coordinator, kind=LetterKind.WARNING, title="Waarschuwing {{ case.reference }}",
                                  body="Beste {{ owner.name }}, stop op {{ address.street_line }}.")
    warning = services.create_intervention(actor=handler, case=case, intervention_type=T.WARNING, behaviour="A",
                                           consequence="1", reasons="Eerste keer, welwillend.")
    letter = services.generate_letter(actor=handler, intervention=warning, kind=LetterKind.WARNING)
    assert letter.title == f"Waarschuwing {case.reference}"
    assert letter.body == "Beste Huisjesmelker B.V. (KvK 12345678), stop op Parade 7."
    # The national default stays for other municipalities.
    assert selectors.template_for(kind=LetterKind.WARNING, municipality_id=None).title.startswith("Waarschuwing:")


def test_only_enforcement_coordinators_edit_templates(handler):
    social = OrganisationFactory(kind=OrganisationKind.MUNICIPAL_SOCIAL)
    for actor in (handler, MembershipFactory(role=Role.COORDINATOR, organisation=social).user):
        with pytest.raises(ValidationError, match="coördinatoren van handhaving"):
            services.save_letter_template(actor=actor, kind=LetterKind.WARNING, title="x", body="y")


def test_every_default_template_renders_for_a_real_intervention(case, handler):
    order = _penalty_order(case, handler)
    for kind in LetterKind.values:
        letter = services.generate_letter(actor=handler, intervention=order, kind=kind)
        assert case.reference in letter.body and "ONBEKEND" not in letter.body
