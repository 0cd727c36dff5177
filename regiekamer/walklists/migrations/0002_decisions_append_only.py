from django.db import migrations

from regiekamer.core.append_only import append_only


class Migration(migrations.Migration):
    """Decisions on walk-list addresses are history: the database refuses UPDATE and DELETE."""

    dependencies = [("walklists", "0001_initial")]

    operations = [append_only("walklists_walklistdecision")]
