import os

import pytest
from django.conf import settings
from django.utils import translation

# Factories give every test user a real password; hashing it with the production hasher (Argon2id)
# costs real time per user. Tests check behaviour, not the hasher's strength, so the test run uses
# the explicit switch of config/settings.py (REGIEKAMER_FAST_PASSWORD_HASHER): in the environment
# for the servers and commands tests start, and applied here because pytest-django has read the
# settings before this file. tests/core/test_production_settings.py checks the production list.
os.environ["REGIEKAMER_FAST_PASSWORD_HASHER"] = "true"
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    """Background tasks run inline in tests; production uses the database backend and its worker."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _dutch():
    """Every test starts in the interface's first language, whatever an earlier test activated."""
    with translation.override("nl"):
        yield
