"""The risk model's entry in the Algoritmeregister (publication standard 1.0), shown as a page.

The entry is kept in the repository (data/algoritmeregister.toml) beside the code it describes, so
a change to the model and to its public description go in one commit. The page is public: an
algorithm register entry is published for everybody, it holds no personal data, and a resident
whose address may be selected must be able to read how. Anonymous visitors see it too.

The indicator list comes from the entry and is checked against the engine's own list by
tests/risk/test_register.py; each indicator is shown with the engine's default expert weight.
"""

import functools
import tomllib
from pathlib import Path

from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

import riskengine
from riskengine.weights import EXPERT_WEIGHTS

REGISTER_FILE = Path(__file__).resolve().parent / "data" / "algoritmeregister.toml"

# The fields of publication standard 1.0 this entry fills, in the register's order, with their
# Dutch titles. STANDARD_FIELDS must all be present and non-empty; the others are shown when filled.
STANDARD_FIELDS: dict[str, str] = {
    "name": _("Naam"),
    "description_short": _("Korte omschrijving"),
    "organization": _("Organisatie"),
    "publication_category": _("Publicatiecategorie"),
    "status": _("Status"),
    "goal": _("Doel"),
    "impact": _("Impact"),
    "proportionality": _("Proportionaliteit"),
    "human_intervention": _("Menselijke tussenkomst"),
    "risks": _("Risico's"),
    "lawful_basis": _("Wettelijke basis"),
    "impacttoetsen": _("Impacttoetsen"),
    "dpia": _("DPIA"),
    "iama": _("IAMA"),
    "source_data": _("Brongegevens"),
    "methods_and_models": _("Methoden en modellen"),
}
OTHER_FIELDS: dict[str, str] = {
    "department": _("Afdeling"),
    "type": _("Soort algoritme"),
    "category": _("Thema"),
    "begin_date": _("Begindatum"),
    "competent_authority": _("Verantwoordelijke"),
    "decision_making_process": _("Besluitvormingsproces"),
    "monitoring": _("Monitoring"),
    "performance_standard": _("Prestatienorm"),
    "objection_procedure": _("Bezwaarprocedure"),
    "standard_version": _("Versie van de standaard"),
}
CATEGORY_TITLES = {"impactvol": _("Impactvol algoritme")}


@functools.cache
def load_entry() -> dict:
    """The register entry as stored (read once per process)."""
    with REGISTER_FILE.open("rb") as file:
        return tomllib.load(file)


def _weight(value: float | None) -> str:
    """A default weight as written in the engine ("1,2", "-1"), localised; a dash when there is none."""
    return "–" if value is None else number_format(f"{value:g}")


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else str(value)


@require_safe
def algorithm_register(request):
    entry = load_entry()
    fields = []
    for key, title in {**STANDARD_FIELDS, **OTHER_FIELDS}.items():
        value = _text(entry.get(key, ""))
        if key == "publication_category":
            value = CATEGORY_TITLES.get(value, value)
        if value:
            fields.append({"key": key, "title": title, "value": value})
    indicators = [
        {"name": item["name"], "description": item["description"],
         "weight": _weight(EXPERT_WEIGHTS.get(item["name"]))}
        for item in entry.get("indicators", [])
    ]
    return render(request, "risk/algorithm_register.html", {
        "entry": entry, "fields": fields, "indicators": indicators,
        "never_used": entry.get("never_used", {}).get("items", []), "engine_version": riskengine.VERSION,
    })
