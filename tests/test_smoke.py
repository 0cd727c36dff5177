import pytest

from regiekamer.registry.models import Municipality
from regiekamer.norms.models import Norm


@pytest.mark.django_db
def test_reference_data_is_loaded_by_migrations():
    assert Municipality.objects.count() == 342
    assert Municipality.objects.get(code="GM0983").name == "Venlo"
    assert Norm.objects.get(key="floor_area_m2_per_person", municipality=None).value == 12
