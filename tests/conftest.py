import pytest


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    """Background tasks run inline in tests; production uses the database backend and its worker."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
