"""The retention periods of the schedule (schedule.DEFAULT_PERIODS), in force from 2020-01-01."""

from django.db import migrations

from regiekamer.privacy.schedule import DEFAULT_FROM, DEFAULT_PERIODS, SOURCE


def seed(apps, schema_editor):
    RetentionPeriod = apps.get_model("privacy", "RetentionPeriod")
    for record_type, (years, months, days) in DEFAULT_PERIODS.items():
        RetentionPeriod.objects.get_or_create(record_type=record_type, valid_from=DEFAULT_FROM,
                                              defaults={"years": years, "months": months, "days": days,
                                                        "source": SOURCE})


class Migration(migrations.Migration):
    dependencies = [("privacy", "0002_gates_and_append_only")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
