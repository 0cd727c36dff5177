"""Issue 3's flow across organisations in a real browser: a Venlo handler registers a melding and
promotes it to a case, asks the fire service for a joint inspection; the fire service accepts (and
only then opens the dossier) and records the inspection on a phone; the handler decides on an
intended decision and a penalty order with PDF letters, re-inspects, closes the case, and the case
timeline shows every step."""

import re

import pytest
from playwright.sync_api import Page, expect


from .conftest import RESULTS_DIR
from tests.e2e.browser import log_in

pytestmark = pytest.mark.e2e

FIRE_SERVICE = "Brandweer Limburg-Noord"
VENLO = "Gemeente Venlo handhaving"

# A Venlo address with people registered and a floor area, in a building without any case or
# melding (so no duplicates panel and no earlier way in for the fire service); also today's date.
FIND_ADDRESS = """
from django.utils import timezone
from regiekamer.registry.models import Address
address = (
    Address.objects.filter(municipality__code="GM0983", registrations__end_date__isnull=True,
                           floor_area_m2__gte=40, building__isnull=False)
    .exclude(building__addresses__cases__isnull=False)
    .exclude(building__addresses__meldingen__isnull=False)
    .distinct().order_by("-bag_id").first()
)
print(address.bag_id, address.street_line, address.floor_area_m2, timezone.localdate().isoformat(), sep="|")
"""


def form_under(page: Page, heading: str):
    """The form that holds the heading (the case page has several forms with like-named fields)."""
    return page.locator("form").filter(has=page.get_by_role("heading", name=heading, exact=True))


def expect_message(page: Page, text: str) -> None:
    expect(page.locator(".rk-messages")).to_contain_text(text)


def open_case_from_dossier(page: Page, address: dict, reference: str) -> None:
    page.goto(f"/adressen/{address['bag_id']}/")
    page.get_by_role("link", name=reference, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Overbewoning: {address['street_line']}")


def change_status(page: Page, label: str) -> None:
    form = form_under(page, "Status wijzigen")
    form.get_by_label("Nieuwe status").select_option(label=label)
    form.get_by_role("button", name="Status wijzigen").click()
    expect_message(page, "De status is gewijzigd.")
    expect(page.locator("#case-status")).to_have_text(label)


def plan_inspection(page: Page, address: dict, reference: str, team: list[str]) -> None:
    page.goto(f"/adressen/{address['bag_id']}/")
    page.get_by_role("link", name="Controle plannen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Controle plannen")
    expect(page.get_by_label("Datum van de controle")).to_have_value(address["today"])
    page.get_by_label("Checklist").select_option(label="Pandcontrole huisvesting arbeidsmigranten (v1)")
    page.get_by_label("Zaak", exact=True).select_option(label=f"{reference} Overbewoning")
    for organisation in team:
        page.get_by_label(organisation, exact=True).check()
    page.get_by_role("button", name="Plannen").click()
    expect_message(page, "De controle is gepland.")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Pandcontrole {address['street_line']}")


def record_findings(page: Page, address: dict, persons: int, *, broken: bool) -> None:
    """On the inspection's page: record the persons counted, check the norms, save the proposal."""
    page.get_by_role("link", name="Bevindingen vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bevindingen vastleggen")
    expect(page.get_by_label("Gebruiksoppervlakte")).to_have_value(address["floor_area"])  # from the BAG
    page.get_by_label("Aantal aanwezige personen (geteld)").fill(str(persons))
    page.get_by_role("button", name="Normen toetsen").click()
    summary = page.locator(".rk-inspection-summary")
    expect(summary.get_by_role("heading", name="Toetsing")).to_be_visible()
    outcome = page.locator(".rk-inspection-outcome")
    if broken:
        expect(summary).to_contain_text("1 norm niet gehaald:")
        broken_check = summary.locator(".rk-inspection-check--broken").first
        expect(broken_check).to_contain_text("Niet gehaald")
        expect(broken_check).to_contain_text("Gebruiksoppervlakte per persoon")
        expect(broken_check).to_contain_text(f"{persons} personen op {address['floor_area']} m²")
        expect(page.locator("#proposal")).to_contain_text("Overtreding (overig)")
        expect(outcome.get_by_label("Overtreding", exact=True)).to_be_checked()
    else:
        expect(summary).to_contain_text("Geen norm overtreden volgens deze bevindingen.")
        expect(page.locator("#proposal")).to_contain_text("Geen overtreding")
        expect(outcome.get_by_label("Geen overtreding", exact=True)).to_be_checked()
    outcome.get_by_role("button", name="Vastleggen", exact=True).click()
    expect_message(page, "De controle is vastgelegd.")


def decide_intervention(page: Page, intervention: str, **extra: str) -> None:
    """From the case page: choose an intervention in LHSO cell B2 and record it."""
    page.get_by_role("link", name="Interventie kiezen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Interventie kiezen")
    expect(page.locator("#lhso-matrix")).to_contain_text("Last onder dwangsom")
    page.get_by_label("Gedrag van de overtreder").select_option("B")
    page.get_by_label("Gevolgen van de overtreding").select_option("2")
    page.get_by_label(re.compile(r"^Interventie \(verplicht\)$")).select_option(label=intervention)
    page.get_by_label("Motivering").fill("Ernstige overbewoning vastgesteld bij de gezamenlijke controle.")
    for label, value in extra.items():
        field = page.get_by_label(label)
        if label == "Dwangsom geldt":
            field.select_option(label=value)
        else:
            field.fill(value)
    page.get_by_role("button", name="Interventie vastleggen").click()
    expect_message(page, "De interventie is vastgelegd.")
    expect(page.get_by_role("heading", level=1)).to_have_text(intervention)


def record_step(page: Page, step: str) -> None:
    form = form_under(page, "Stap vastleggen")
    form.get_by_label("Stap").select_option(label=step)
    form.get_by_role("button", name="Stap vastleggen").click()
    expect_message(page, "De stap is vastgelegd.")
    expect(page.locator(".rk-timeline")).to_contain_text(step)


def make_and_download_letter(page: Page, kind: str) -> None:
    page.get_by_label("Soort brief").select_option(label=kind)
    page.get_by_role("button", name="Brief maken (PDF)").click()
    expect_message(page, "De brief is gemaakt.")
    link = page.get_by_role("link", name=f"{kind} (versie 1)")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


@pytest.fixture
def address(e2e_server):
    bag_id, street_line, floor_area, today = e2e_server.run_django(FIND_ADDRESS).strip().split("|")
    return {"bag_id": bag_id, "street_line": street_line, "floor_area": floor_area, "today": today}


def test_melding_to_closed_case_with_the_fire_service(page, browser, e2e_server, address):
    # The fire-service inspector works on a phone.
    fire_context = browser.new_context(base_url=e2e_server.base_url, locale="nl-NL",
                                       viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    fire_context.set_default_timeout(15_000)
    fire = fire_context.new_page()
    try:
        _walk_the_flow(page, fire, address)
    except Exception:
        RESULTS_DIR.mkdir(exist_ok=True)
        fire.screenshot(path=str(RESULTS_DIR / "test_case_flow_fire_service.png"), full_page=True)
        raise
    finally:
        fire_context.close()


def _walk_the_flow(page: Page, fire: Page, address: dict) -> None:
    # 1. The Venlo handler registers a melding of overcrowding from the address's dossier ...
    log_in(page, "venlo.handhaver")
    page.goto(f"/adressen/{address['bag_id']}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(address["street_line"])
    page.get_by_role("link", name="Melding registreren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Melding registreren")
    expect(page.locator("#no-duplicates")).to_be_visible()
    page.get_by_label("Categorie").select_option("overbewoning")
    page.get_by_label("Bron").select_option("burger")
    expect(page.locator("#routing-proposal")).to_contain_text("Voorgesteld:")
    page.get_by_label("Omschrijving").fill("Buurtbewoner meldt dat er veel meer mensen wonen dan er passen.")
    page.get_by_label("Ontvangen op").fill(address["today"])
    page.get_by_role("button", name="Melding registreren").click()
    expect_message(page, "De melding is geregistreerd en staat in de intakewachtrij.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Overbewoning")
    expect(page.locator("#melding-status")).to_have_text("Nieuw")
    melding_reference = re.search(r"Melding (\S+):", page.get_by_role("heading", level=1).inner_text()).group(1)

    # ... and promotes it to a new case, led by its own department.
    promote = form_under(page, "Nieuwe zaak maken")
    promote.get_by_label("Zaaktype").select_option("overbewoning")
    promote.get_by_label("Verantwoordelijke organisatie").select_option(label=VENLO)
    promote.get_by_role("button", name="Zaak maken").click()
    expect_message(page, "is geopend en de melding is eraan gekoppeld.")
    status = page.locator("#melding-status")
    expect(status).to_contain_text(re.compile(r"Gekoppeld aan zaak – Z\d{4}-\d{6} \(Overbewoning\)"))
    reference = re.search(r"Z\d{4}-\d{6}", status.inner_text()).group(0)

    page.get_by_role("link", name=re.compile("^Adresdossier")).click()
    page.get_by_role("link", name=reference, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Overbewoning: {address['street_line']}")
    expect(page.locator("#case-status")).to_have_text("Nieuw")

    # 2. The handler asks the fire service for a joint inspection.
    request = form_under(page, "Partner om hulp vragen")
    request.get_by_label("Aan organisatie").select_option(label=FIRE_SERVICE)
    request.get_by_label("Soort verzoek").select_option(label="Gezamenlijke controle")
    request.get_by_label("Toelichting").fill("Graag samen controleren: vermoedelijk ernstige overbewoning.")
    request.get_by_role("button", name="Verzoek versturen").click()
    expect_message(page, "Het verzoek is verstuurd.")
    requests = page.locator("section", has=page.get_by_role("heading", name="Verzoeken aan partners"))
    expect(requests).to_contain_text(f"Gezamenlijke controle · {FIRE_SERVICE} · Open")
    change_status(page, "In onderzoek")

    # 3. The fire service: no dossier before accepting; the request in its own queue.
    log_in(fire, "brandweer.inspecteur")
    response = fire.goto(f"/adressen/{address['bag_id']}/")
    assert response.status == 404
    expect(fire.get_by_role("heading", level=1)).to_have_text("Niet gevonden")
    fire.goto("/zaken/")
    expect(fire.get_by_role("heading", level=1)).to_have_text("Werkvoorraad")
    row = fire.locator("#request-queue tbody tr").filter(has_text=address["street_line"])
    expect(row).to_have_count(1)
    expect(row).to_contain_text(VENLO)
    expect(row).to_contain_text("Open")
    row.get_by_role("link", name="Gezamenlijke controle").click()
    expect(fire.get_by_role("heading", level=1)).to_have_text("Verzoek: Gezamenlijke controle")
    expect(fire.locator("#request-status")).to_have_text("Open")
    fire.get_by_label("Accepteren (wij nemen deel aan de zaak)").check()
    fire.get_by_role("button", name="Vastleggen").click()
    expect_message(fire, "Uw besluit over het verzoek is vastgelegd.")
    expect(fire.locator("#request-status")).to_have_text("Geaccepteerd")
    fire.get_by_role("link", name=reference, exact=True).click()
    expect(fire.get_by_role("heading", level=1)).to_have_text(f"Overbewoning: {address['street_line']}")
    expect(fire.get_by_role("heading", name="Behandelen")).to_have_count(0)  # the fire service reads
    response = fire.goto(f"/adressen/{address['bag_id']}/")
    assert response.status == 200
    expect(fire.get_by_role("heading", level=1)).to_have_text(address["street_line"])

    # 4. The handler plans an inspection with the fire service in the team ...
    page.reload()
    expect(page.locator("dl.rk-facts")).to_contain_text(FIRE_SERVICE)  # a participant now
    plan_inspection(page, address, reference, [FIRE_SERVICE])
    expect(page.locator("dl.rk-facts")).to_contain_text(FIRE_SERVICE)
    open_case_from_dossier(page, address, reference)
    change_status(page, "Controle gepland")

    # ... which the fire-service inspector records on the phone, over the floor-area norm.
    over_norm = int(address["floor_area"]) // 12 + 10
    fire.goto("/controles/")
    fire.get_by_role("link", name=re.compile(re.escape(address["street_line"]))).click()
    expect(fire.get_by_role("heading", level=1)).to_have_text(f"Pandcontrole {address['street_line']}")
    record_findings(fire, address, over_norm, broken=True)
    expect(fire.locator("#inspection-outcome")).to_have_text("Overtreding (overig)")
    checks = fire.locator("section", has=fire.get_by_role("heading", name="Toetsing aan de normen"))
    # The norm stored with the inspection (shown as "12.00" today: a display nit, not the flow's concern).
    expect(checks).to_contain_text(re.compile(r"oppervlaktenorm 12([.,]0+)? m² per persoon"))
    expect(checks.locator(".rk-inspection-check--broken")).to_contain_text("Gebruiksoppervlakte per persoon")

    # 5. The handler: enforcement, an intended decision and a penalty order, each with its letter.
    open_case_from_dossier(page, address, reference)
    change_status(page, "Handhaving")
    decide_intervention(page, "Voornemen (vooraankondiging)")
    record_step(page, "Voornemen verzonden")
    make_and_download_letter(page, "Voornemen")

    open_case_from_dossier(page, address, reference)
    decide_intervention(
        page, "Last onder dwangsom",
        **{"Te nemen maatregelen (last)": "Het aantal bewoners terugbrengen tot ten hoogste de norm.",
           "Begunstigingstermijn (dagen)": "28", "Bedrag dwangsom (EUR)": "500", "Dwangsom geldt": "per week",
           "Maximum dwangsom (EUR)": "5000"},
    )
    expect(page.locator("dl.rk-facts").first).to_contain_text("28 dagen")
    record_step(page, "Besluit genomen")
    make_and_download_letter(page, "Last onder dwangsom")

    # 6. The re-inspection finds the norm met; the penalty order's procedure notes compliance.
    open_case_from_dossier(page, address, reference)
    change_status(page, "Hercontrole")
    plan_inspection(page, address, reference, [])
    record_findings(page, address, 2, broken=False)
    expect(page.locator("#inspection-outcome")).to_have_text("Geen overtreding")
    page.goto(f"/adressen/{address['bag_id']}/")
    enforcement = page.locator("section", has=page.get_by_role("heading", name="Handhaving"))
    enforcement.get_by_role("link", name="Last onder dwangsom").click()
    record_step(page, "Hercontrole: nageleefd")

    # The case is closed with a result and a lesson.
    open_case_from_dossier(page, address, reference)
    close = form_under(page, "Zaak sluiten")
    close.get_by_label("Resultaat").select_option(label="Situatie beëindigd")
    close.get_by_label("Geleerde les").fill(
        "Samen met de brandweer controleren versnelt het vaststellen van overbewoning.")
    close.get_by_role("button", name="Zaak sluiten").click()
    expect_message(page, "De zaak is gesloten.")
    expect(page.locator("#case-status")).to_have_text("Afgesloten")
    facts = page.locator("dl.rk-facts")
    expect(facts).to_contain_text("Situatie beëindigd")
    expect(facts).to_contain_text("Samen met de brandweer controleren")
    for closed_off in ("Status wijzigen", "Zaak sluiten", "Partner om hulp vragen"):
        expect(form_under(page, closed_off)).to_have_count(0)
    expect(page.get_by_role("link", name="Interventie kiezen")).to_have_count(0)

    # 7. The timeline shows every step.
    timeline = page.locator("#case-timeline")
    for text in [
        f"Zaak geopend naar aanleiding van melding {melding_reference}: Overbewoning",
        f"Melding {melding_reference} gekoppeld: Overbewoning",
        f"Verzoek (gezamenlijke controle) aan {FIRE_SERVICE}",
        f"{FIRE_SERVICE} neemt deel aan de zaak: verzoek (gezamenlijke controle) geaccepteerd",
        "Pandcontrole gepland op",
        f"met {FIRE_SERVICE}, {VENLO}",
        "Pandcontrole vastgelegd: Overtreding (overig). Normen niet gehaald: Gebruiksoppervlakte per persoon",
        "Pandcontrole vastgelegd: Geen overtreding",
        "Interventie: Voornemen (vooraankondiging) (matrixcel B2)",
        "Voornemen (vooraankondiging): Voornemen verzonden op",
        "Interventie: Last onder dwangsom (matrixcel B2)",
        "Last onder dwangsom: Besluit genomen op",
        "Last onder dwangsom: Hercontrole: nageleefd op",
        "Brief gemaakt: Voornemen (versie 1)",
        "Brief gemaakt: Last onder dwangsom (versie 1)",
        "Status: Nieuw → In onderzoek",
        "Status: In onderzoek → Controle gepland",
        "Status: Controle gepland → Handhaving",
        "Status: Handhaving → Hercontrole",
        "Zaak gesloten: Situatie beëindigd",
    ]:
        expect(timeline).to_contain_text(text)
    for kind in ["Zaak geopend", "Melding gekoppeld", "Partnerverzoek", "Antwoord op partnerverzoek",
                 "Pandcontrole", "Interventie", "Brief", "Status gewijzigd", "Zaak gesloten"]:
        expect(timeline.locator("strong", has_text=kind).first).to_be_visible()
    # The fire service, taking part, reads the same timeline up to the closing.
    fire.goto("/zaken/")
    fire.get_by_role("link", name="Gezamenlijke controle").first.click()
    fire.get_by_role("link", name=reference, exact=True).click()
    expect(fire.locator("#case-timeline")).to_contain_text("Zaak gesloten: Situatie beëindigd")
