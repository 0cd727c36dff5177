"""DRF's plain tokens (rest_framework.authtoken) are gone: persons' API keys are made by the person,
after the second factor, and stored hashed (accounts.PersonalApiToken, ADR 0012). The old table held
working keys in clear; it is dropped, and the app's migration records go with it so that installing
the app again would start clean."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_sessions_and_api_tokens")]
    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS authtoken_token", migrations.RunSQL.noop),
        migrations.RunSQL("DELETE FROM django_migrations WHERE app = 'authtoken'", migrations.RunSQL.noop),
    ]
