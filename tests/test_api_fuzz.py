"""Property-based fuzzing of every API operation against the project's own OpenAPI schema
(schemathesis): valid and deliberately invalid requests, as a municipal handler and as a partner
system. Whatever arrives, the answer is never a server error (issue 6, "Bad input").

Schemathesis generates the requests with hypothesis from /api/schema/; the WSGI application is
called in-process, inside the test's database transaction, so nothing leaks between examples'
tests. The examples are few per operation (this runs in every CI run); raise FUZZ_EXAMPLES for a
longer hunt: FUZZ_EXAMPLES=500 make test PYTEST_ARGS=tests/test_api_fuzz.py
"""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from regiekamer.organisations import api_clients
from regiekamer.organisations.models import OrganisationKind as K, Role
from tests.factories import (
    AddressFactory, CaseFactory, CaseParticipantFactory, MeldingFactory, MembershipFactory, OrganisationFactory,
    RegionFactory, municipality,
)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))


@pytest.fixture
def callers(db):
    """A small world, and the Authorization headers of a municipal coordinator and a police system."""
    region = RegionFactory()
    venlo = municipality("GM0983")
    venlo.region = region
    venlo.save()
    enforcement = OrganisationFactory(name="Venlo handhaving", kind=K.MUNICIPAL_ENFORCEMENT, municipality=venlo)
    police = OrganisationFactory(name="Politie Limburg", kind=K.POLICE, municipality=None, region=region)
    address = AddressFactory()
    case = CaseFactory(address=address, responsible=enforcement)
    CaseParticipantFactory(case=case, organisation=police)
    MeldingFactory(address=address)
    coordinator = MembershipFactory(organisation=enforcement, role=Role.COORDINATOR).user
    _, system_token = api_clients.create_client(organisation=police, name="BVH", actor_name="test")
    return {
        "coordinator": {"Authorization": f"Token {Token.objects.create(user=coordinator).key}"},
        "partner system": {"Authorization": f"Bearer {system_token}"},
    }


@pytest.fixture(autouse=True)
def _keep_the_connection():
    """Requests go through the WSGI handler, whose request_finished signal closes the database
    connection; Django's test client holds that back so that the test's transaction survives, and
    so must we (on PostgreSQL a closed connection ends the test)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def operations(headers: dict) -> list:
    """Every operation of the schema the application serves (loaded through the application)."""
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application(), headers=headers)
    found = [result.ok() for result in schema.get_all_operations()]
    assert len(found) >= 10, [op.label for op in found]  # the API is not accidentally empty
    return found


def fuzz(operation, mode: GenerationMode, headers: dict) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case):
        case.call_and_validate(headers=headers, checks=[not_a_server_error])

    run()


@pytest.mark.parametrize("caller", ["coordinator", "partner system"])
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_request_makes_a_server_error(callers, caller, mode):
    for operation in operations(callers["coordinator"]):
        fuzz(operation, mode, callers[caller])
