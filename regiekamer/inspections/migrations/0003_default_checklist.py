"""The default checklist: the legal 12 m2 floor-area norm, the SNF norm and Wgv art. 2a."""

from django.db import migrations

NAME = "Pandcontrole huisvesting arbeidsmigranten"

# (code, question, answer type, whole number, unit, norm rule, prefill)
ITEMS = [
    ("persons_present", "Aantal aanwezige personen (geteld)", "number", True, "personen", "floor_area", ""),
    ("persons_registered", "Aantal ingeschreven personen (BRP/RNI)", "number", True, "personen", "",
     "registered_persons"),
    ("floor_area_m2", "Gebruiksoppervlakte", "number", False, "m²", "floor_area", "bag_floor_area"),
    ("bedrooms", "Aantal slaapkamers", "number", True, "", "", ""),
    ("smallest_bedroom_m2", "Oppervlakte van de kleinste slaapkamer", "number", False, "m²", "bedroom", ""),
    ("smallest_bedroom_persons", "Aantal personen in de kleinste slaapkamer", "number", True, "personen",
     "bedroom", ""),
    ("toilets", "Aantal toiletten", "number", True, "", "toilets", ""),
    ("showers", "Aantal douches", "number", True, "", "showers", ""),
    ("smoke_detectors_present", "Rookmelders aanwezig", "yes_no", True, "", "smoke_detectors", ""),
    ("smoke_detectors_working", "Rookmelders werken", "yes_no", True, "", "smoke_detectors", ""),
    ("co_detector", "Koolmonoxidemelder aanwezig en werkend", "yes_no", True, "", "co_detector", ""),
    ("escape_routes_free", "Vluchtwegen vrij", "yes_no", True, "", "escape_routes", ""),
    ("extinguisher_checked", "Brandblusser aanwezig en gekeurd", "yes_no", True, "", "extinguisher", ""),
    ("separate_contracts", "Huurcontract en arbeidscontract zijn aparte documenten", "yes_no", True, "",
     "separate_contracts", ""),
    ("language_information", "Informatie in een taal die de bewoners begrijpen", "yes_no", True, "",
     "language_information", ""),
    ("remarks", "Overige opmerkingen", "text", True, "", "", ""),
]


def load(apps, schema_editor):
    ChecklistTemplate = apps.get_model("inspections", "ChecklistTemplate")
    ChecklistItem = apps.get_model("inspections", "ChecklistItem")
    template, created = ChecklistTemplate.objects.get_or_create(name=NAME, version=1, defaults={"active": True})
    if not created:
        return
    for order, (code, question, answer_type, whole, unit, rule, prefill) in enumerate(ITEMS, start=1):
        ChecklistItem.objects.create(
            template=template, code=code, question=question, answer_type=answer_type, whole_number=whole,
            unit=unit, norm_rule=rule, prefill=prefill, order=order * 10,
        )


class Migration(migrations.Migration):
    dependencies = [("inspections", "0002_planning_checklists_findings")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
