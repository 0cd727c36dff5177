"""The processing log is append-only: the database itself refuses UPDATE and DELETE."""

from django.db import migrations

from regiekamer.core.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [append_only("audit_processinglogentry")]
