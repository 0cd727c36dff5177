"""The procedure's terms as dated national norms (norms.Norm rows): the response term for a zienswijze
(Awb 4:8 gives the opportunity; the term is a municipal choice, two weeks is the usual default, and a
municipality adds its own row) and the objection term of Awb 6:7 (six weeks)."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

NATIONAL = [
    ("response_period_days", Decimal("14"), dt.date(2024, 1, 1),
     "Awb 4:8 (gelegenheid tot zienswijze); de termijn is een gemeentelijke keuze, standaard twee weken"),
    ("objection_period_days", Decimal("42"), dt.date(1994, 1, 1), "Awb 6:7: bezwaartermijn zes weken"),
]


def load(apps, schema_editor):
    Norm = apps.get_model("norms", "Norm")
    for key, value, valid_from, source in NATIONAL:
        Norm.objects.get_or_create(
            key=key, municipality=None, valid_from=valid_from, defaults={"value": value, "source": source}
        )


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0003_append_only"), ("norms", "0002_national_norms")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
