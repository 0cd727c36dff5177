import pytest
from django.conf import settings
from django.utils import translation

# Factories give every test user a real password; hashing it with the production hasher costs
# about half a second per user. Tests check behaviour, not the hasher's strength.
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
