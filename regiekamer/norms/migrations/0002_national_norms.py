"""The national values in force; a municipality adds its own stricter rows."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

NATIONAL = [
    ("floor_area_m2_per_person", Decimal("12"), dt.date(2024, 1, 1),
     "Omgevingswet: standaardregels omgevingsplan (bruidsschat), 12 m2 gebruiksoppervlakte per persoon"),
    ("wgv_fine_first_eur", Decimal("25750"), dt.date(2024, 1, 1),
     "Wet goed verhuurderschap, maximale bestuurlijke boete 2024 (secundaire bron)"),
    ("wgv_fine_repeat_eur", Decimal("103000"), dt.date(2024, 1, 1),
     "Wet goed verhuurderschap, herhaling binnen 4 jaar, 2024 (secundaire bron)"),
]


def load(apps, schema_editor):
    Norm = apps.get_model("norms", "Norm")
    for key, value, valid_from, source in NATIONAL:
        Norm.objects.get_or_create(
            key=key, municipality=None, valid_from=valid_from, defaults={"value": value, "source": source}
        )


class Migration(migrations.Migration):
    dependencies = [("norms", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
