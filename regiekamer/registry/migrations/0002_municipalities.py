"""Load the 342 municipalities of 2025 (CBS gebiedsindeling) from the file shipped with the app."""

import csv
from pathlib import Path

from django.db import migrations

CSV = Path(__file__).resolve().parent.parent / "data" / "gemeenten_2025.csv"


def load(apps, schema_editor):
    Municipality = apps.get_model("registry", "Municipality")
    with CSV.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            Municipality.objects.update_or_create(
                code=row["gemeentecode"],
                defaults={"name": row["gemeentenaam"], "province": row["provincie"]},
            )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
