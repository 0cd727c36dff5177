"""Keep the address's municipality on every case: steering figures and scopes select a municipality's
records without joining every address (ADR 0006). Existing rows take their address's municipality.
The foreign key's own index is enough: an index on (municipality, date) made SQLite read a large
municipality's rows through the index, three times slower than a scan."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    model = apps.get_model("cases", "Case")
    address = apps.get_model("registry", "Address")
    model.objects.filter(address__isnull=False).update(
        municipality=Subquery(address.objects.filter(pk=OuterRef("address_id")).values("municipality")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_partner_requests_consultations"), ("registry", "0004_address_municipality_area")]

    operations = [
        migrations.AddField(
            model_name="case", name="municipality",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="registry.municipality", verbose_name="gemeente"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="case", name="municipality",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="registry.municipality", verbose_name="gemeente"),
        ),
    ]
