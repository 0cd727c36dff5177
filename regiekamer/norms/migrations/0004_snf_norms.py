"""The SNF norms used by the default inspection checklist, as dated national rows.

SNF is a private quality mark, not law: an inspection lists these as quality findings, while only
legal norms (floor area, Wgv art. 2a, fire safety) make the proposed outcome a violation.
"""

import datetime as dt
from decimal import Decimal

from django.db import migrations

SNF = [
    ("snf_bedroom_m2_per_person", Decimal("3.5"), dt.date(2024, 1, 1),
     "SNF-normenset huisvesting arbeidsmigranten: slaapkamer ten minste 3,5 m2 per persoon (secundaire bron)"),
    ("snf_persons_per_toilet", Decimal("8"), dt.date(2024, 1, 1),
     "SNF-normenset huisvesting arbeidsmigranten: ten minste 1 toilet per 8 personen (secundaire bron)"),
    ("snf_persons_per_shower", Decimal("8"), dt.date(2024, 1, 1),
     "SNF-normenset huisvesting arbeidsmigranten: ten minste 1 douche per 8 personen (secundaire bron)"),
]


def load(apps, schema_editor):
    Norm = apps.get_model("norms", "Norm")
    for key, value, valid_from, source in SNF:
        Norm.objects.get_or_create(
            key=key, municipality=None, valid_from=valid_from, defaults={"value": value, "source": source}
        )


def unload(apps, schema_editor):
    Norm = apps.get_model("norms", "Norm")
    Norm.objects.filter(key__in=[key for key, *_ in SNF], municipality=None).delete()


class Migration(migrations.Migration):
    dependencies = [("norms", "0003_alter_norm_key")]
    operations = [migrations.RunPython(load, unload)]
