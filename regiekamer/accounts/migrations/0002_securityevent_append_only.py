"""Security events are append-only: the database itself refuses UPDATE and DELETE (only the retention
round removes them, through the privacy gate). Their retention period is seeded with the others."""

from django.db import migrations

from regiekamer.core.append_only import append_only
from regiekamer.privacy.schedule import DEFAULT_FROM, DEFAULT_PERIODS, SOURCE


def seed_period(apps, schema_editor):
    years, months, days = DEFAULT_PERIODS["security_event"]
    apps.get_model("privacy", "RetentionPeriod").objects.get_or_create(
        record_type="security_event", valid_from=DEFAULT_FROM,
        defaults={"years": years, "months": months, "days": days, "source": SOURCE})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("privacy", "0003_default_periods")]
    operations = [append_only("accounts_securityevent"), migrations.RunPython(seed_period, migrations.RunPython.noop)]
