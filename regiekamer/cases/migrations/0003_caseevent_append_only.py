from django.db import migrations

from regiekamer.core.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_workflow_and_events")]
    operations = [append_only("cases_caseevent")]
