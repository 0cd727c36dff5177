"""The virus-scan hook on the exchange's delivery upload (Django test client, clamd stand-in on a real
socket: tests/core/clamd.py)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from regiekamer.exchange.models import Delivery
from regiekamer.organisations.models import Role
from regiekamer.registry.models import Address
from tests.core.clamd import EICAR, SIGNATURE, clamd  # noqa: F401 (fixture)
from tests.exchange.conftest import ADDRESSES, REGISTRATIONS, zip_bytes
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _uploads(settings, tmp_path):
    settings.UPLOAD_ROOT = tmp_path / "uploads"
    return settings.UPLOAD_ROOT


def _post(client, venlo, data: bytes, django_capture_on_commit_callbacks):
    client.force_login(MembershipFactory(organisation=venlo, role=Role.COORDINATOR).user)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/uitwisseling/leveringen/", {"file": SimpleUploadedFile("levering.zip", data)})


def test_an_infected_delivery_is_refused_and_nothing_is_stored(client, venlo, clamd, _uploads,
                                                               django_capture_on_commit_callbacks):
    data = zip_bytes({"addresses.csv": ADDRESSES, "registrations.csv": REGISTRATIONS, "readme.com": EICAR})
    response = _post(client, venlo, data, django_capture_on_commit_callbacks)

    assert response.status_code == 400
    assert (f"„levering.zip” is geweigerd: de virusscanner vond er {SIGNATURE} in. Er is niets opgeslagen."
            in response.content.decode())
    assert Delivery.objects.count() == 0 and Address.objects.count() == 0
    assert not _uploads.exists() or not any(p.is_file() for p in _uploads.rglob("*"))


def test_a_clean_delivery_is_scanned_and_processed(client, venlo, clamd, django_capture_on_commit_callbacks):
    data = zip_bytes({"addresses.csv": ADDRESSES, "registrations.csv": REGISTRATIONS})
    response = _post(client, venlo, data, django_capture_on_commit_callbacks)

    assert response.status_code == 302 and Delivery.objects.count() == 1 and Address.objects.count() == 2
    assert [s.data for s in clamd.streams] == [data]
