import pytest
from django.conf import settings

# Factories give every test user a real password; hashing it with the production hasher costs
# about half a second per user. Tests check behaviour, not the hasher's strength.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    """Background tasks run inline in tests; production uses the database backend and its worker."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
