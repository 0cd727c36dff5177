from django.db import migrations

from regiekamer.core.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("care", "0001_initial")]
    operations = [append_only("care_followup")]
