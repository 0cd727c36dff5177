"""Deployment checks of our own keys (`regiekamer check --deploy`; ASVS 13.2.3, 13.3.1).

Django checks SECRET_KEY; the pseudonym and processing-log keys are ours. The example environment
file ships placeholders ("change-me-too"): a server started with one would pseudonymise every BSN
with a key anyone can read in the repository, so check --deploy reports it like a weak SECRET_KEY.
"""

from django.conf import settings
from django.core.checks import Tags, Warning, register

MIN_KEY_LENGTH = 32


@register(Tags.security, deploy=True)
def check_own_keys(app_configs, **kwargs):
    found = []
    for name in ("PSEUDONYM_KEY", "AUDIT_KEY"):
        value = getattr(settings, name, "")
        if len(value) < MIN_KEY_LENGTH or value.startswith("change-me") or len(set(value)) < 5:
            found.append(Warning(
                f"{name} is short or a placeholder: set REGIEKAMER_{name} to a long random value "
                "(python3 -c 'import secrets; print(secrets.token_urlsafe(50))').",
                id="regiekamer.W001",
            ))
    return found
