"""`regiekamer demo-data` ends with one finished risk run per demo municipality, as of the demo's today."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from regiekamer.registry.models import Address
from regiekamer.risk.models import RiskRun, RiskScore, RunStatus

pytestmark = pytest.mark.django_db


def test_demo_data_scores_every_address_once_per_municipality():
    out = io.StringIO()
    call_command("demo_data", addresses=300, seed=7, verbosity=0, stdout=out)

    runs = RiskRun.objects.all()
    with_addresses = set(Address.objects.values_list("municipality_id", flat=True))
    assert sorted(run.municipality_id for run in runs) == sorted(with_addresses)
    assert {(run.status, run.as_of) for run in runs} == {(RunStatus.DONE, dt.date.today())}
    assert RiskScore.objects.count() == Address.objects.count() == 300
    for run in runs:
        assert run.address_count == Address.objects.filter(municipality_id=run.municipality_id).count()
        assert sorted(run.scores.values_list("rank", flat=True)) == list(range(1, run.address_count + 1))
    assert "Risk runs computed in" in out.getvalue()
