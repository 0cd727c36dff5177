import os

import pytest
from django.conf import settings
from django.test.client import ClientMixin
from django.utils import translation

from regiekamer.accounts import sessions

# Factories give every test user a real password; hashing it with the production hasher (Argon2id)
# costs real time per user. Tests check behaviour, not the hasher's strength, so the test run uses
# the explicit switch of config/settings.py (REGIEKAMER_FAST_PASSWORD_HASHER): in the environment
# for the servers and commands tests start, and applied here because pytest-django has read the
# settings before this file. tests/core/test_production_settings.py checks the production list.
os.environ["REGIEKAMER_FAST_PASSWORD_HASHER"] = "true"
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

_force_login = ClientMixin.force_login


def _force_login_verified(self, user, backend=None):
    """force_login skips the password; it skips the second factor (the TOTP code) the same way.
    The one place where tests bypass MFA: tests/accounts goes through the real login steps."""
    _force_login(self, user, backend)
    session = self.session
    sessions.mark_verified(session)
    session.save()


@pytest.fixture(autouse=True)
def _force_login_passes_mfa(monkeypatch):
    monkeypatch.setattr(ClientMixin, "force_login", _force_login_verified)


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    """Background tasks run inline in tests; production uses the database backend and its worker."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _dutch():
    """Every test starts in the interface's first language, whatever an earlier test activated."""
    with translation.override("nl"):
        yield
