"""National defaults: the LHSO intervention matrix and the three letter templates.

This is configuration, not law: the table below is a sensible reading of the Landelijke
Handhavingsstrategie Omgevingsrecht (2022; domain.md section 3). A municipality can change it by
adding its own LhsoCell rows (and its own letter templates), which win over these national rows.
Reading: light consequences and a well-meaning or reactive offender (A/B, 1-2) call for informing,
warning or a penalty order after an intended decision; significant consequences or a calculating or
criminal offender (C/D, 3-4) for coercion, a fine, closure, permit withdrawal or an official report.
Aggravating factors (recidivism, financial gain) add the punitive interventions of the last column.
"""

from django.db import migrations

INFORM, WARN, INTENT, PENALTY = "informeren", "waarschuwing", "voornemen", "dwangsom"
COERCE, FINE, CLOSE, WITHDRAW = "bestuursdwang", "bestuurlijke_boete", "sluiting", "intrekking_vergunning"
REPORT, LABOUR = "proces_verbaal", "arbeidsinspectie"

# (behaviour, consequence): (proposals, extra when aggravating factors apply)
MATRIX = {
    ("A", "1"): ([INFORM, WARN], [INTENT, PENALTY]),
    ("A", "2"): ([WARN, INTENT, PENALTY], [FINE]),
    ("A", "3"): ([INTENT, PENALTY, COERCE], [FINE]),
    ("A", "4"): ([INTENT, PENALTY, COERCE, CLOSE], [FINE]),
    ("B", "1"): ([WARN, INTENT, PENALTY], [FINE]),
    ("B", "2"): ([INTENT, PENALTY], [FINE]),
    ("B", "3"): ([INTENT, PENALTY, COERCE, FINE], [WITHDRAW, REPORT]),
    ("B", "4"): ([INTENT, PENALTY, COERCE, FINE, CLOSE], [WITHDRAW, REPORT]),
    ("C", "1"): ([INTENT, PENALTY, FINE], [REPORT]),
    ("C", "2"): ([INTENT, PENALTY, FINE], [WITHDRAW, REPORT]),
    ("C", "3"): ([INTENT, PENALTY, COERCE, FINE, WITHDRAW], [REPORT, LABOUR]),
    ("C", "4"): ([INTENT, COERCE, FINE, CLOSE, WITHDRAW, REPORT], [LABOUR]),
    ("D", "1"): ([INTENT, PENALTY, FINE, REPORT], [WITHDRAW, LABOUR]),
    ("D", "2"): ([INTENT, PENALTY, FINE, REPORT], [WITHDRAW, LABOUR]),
    ("D", "3"): ([INTENT, COERCE, FINE, CLOSE, WITHDRAW, REPORT, LABOUR], []),
    ("D", "4"): ([INTENT, COERCE, CLOSE, WITHDRAW, REPORT, LABOUR, FINE], []),
}

_ADDRESS_AND_CASE = """Betreft: {{ address.full }}
Ons kenmerk: {{ case.reference }}

Geachte heer, mevrouw,
"""
_CLOSING = """Met vriendelijke groet,

het college van burgemeester en wethouders van {{ municipality.name }}"""

TEMPLATES = {
    "waarschuwing": (
        "Waarschuwing: overtreding op {{ address.street_line }}",
        _ADDRESS_AND_CASE + """
Bij een controle van het adres {{ address.full }} hebben wij een overtreding vastgesteld. Eigenaar volgens onze gegevens: {{ owner.name }}.

{{ intervention.reasons }}

Wij vragen u de overtreding te beëindigen.{% if intervention.measures %} Daarvoor is nodig: {{ intervention.measures }}{% endif %} Doet u dat niet, dan kunnen wij handhavend optreden, bijvoorbeeld met een last onder dwangsom.

""" + _CLOSING,
    ),
    "voornemen": (
        "Voornemen tot {{ intervention.type|lower }}: {{ address.street_line }}",
        _ADDRESS_AND_CASE + """
Wij zijn van plan u een {{ intervention.type|lower }} op te leggen voor het adres {{ address.full }}.

{{ intervention.reasons }}
{% if intervention.measures %}
Om de overtreding te beëindigen moet u: {{ intervention.measures }}
{% endif %}{% if intervention.amount %}
Wij denken aan een dwangsom van {{ intervention.amount }}, met een maximum van {{ intervention.maximum }}, en een begunstigingstermijn van {{ intervention.compliance_period_days }} dagen.
{% endif %}{% if intervention.fine %}
Wij denken aan een boete van {{ intervention.fine }}.
{% endif %}
U kunt uw zienswijze op dit voornemen schriftelijk of mondeling aan ons geven (artikel 4:8 Algemene wet bestuursrecht). Vermeld daarbij ons kenmerk {{ case.reference }}.

""" + _CLOSING,
    ),
    "dwangsom": (
        "Last onder dwangsom: {{ address.street_line }}",
        _ADDRESS_AND_CASE + """
Op {{ address.full }} is een overtreding vastgesteld. Eigenaar volgens onze gegevens: {{ owner.name }}.

{{ intervention.reasons }}

Wij leggen u een last onder dwangsom op (artikel 5:32a Algemene wet bestuursrecht). U moet de volgende maatregelen nemen: {{ intervention.measures }}

Daarvoor heeft u {{ intervention.compliance_period_days }} dagen na de datum van deze brief (de begunstigingstermijn). Heeft u de maatregelen dan niet genomen, dan verbeurt u een dwangsom van {{ intervention.amount }}, tot ten hoogste {{ intervention.maximum }}.

Bent u het niet eens met dit besluit, dan kunt u binnen zes weken na de datum van deze brief bezwaar maken (artikel 6:7 Algemene wet bestuursrecht).

""" + _CLOSING,
    ),
}


def load(apps, schema_editor):
    LhsoCell = apps.get_model("enforcement", "LhsoCell")
    LetterTemplate = apps.get_model("enforcement", "LetterTemplate")
    for (behaviour, consequence), (proposals, aggravated) in MATRIX.items():
        LhsoCell.objects.get_or_create(
            behaviour=behaviour, consequence=consequence, municipality=None,
            defaults={"proposals": proposals, "aggravated_proposals": aggravated},
        )
    for kind, (title, body) in TEMPLATES.items():
        LetterTemplate.objects.get_or_create(kind=kind, municipality=None, defaults={"title": title, "body": body})


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
