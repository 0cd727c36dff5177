from django.db import migrations

from regiekamer.core.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0002_lhso_matrix_and_letter_templates")]
    operations = [append_only("enforcement_intervention"), append_only("enforcement_procedurestep"),
                  append_only("enforcement_letter")]
