"""Property-based fuzzing of every API operation against the project's own OpenAPI schema
(schemathesis), with every check schemathesis has (ignored_auth included), as every kind of caller
that reaches the API and as an anonymous one: valid and deliberately invalid requests. Whatever
arrives, the answer is what the schema promises: never a server error, a 400 naming the field for
bad input, 401 without credentials, 403 or 404 for what is not the caller's, and nothing that
works without authentication (issue 6, "Bad input"; issue 8, "Fuzzing").

Schemathesis generates the requests with hypothesis from /api/schema/; the WSGI application is
called in-process, inside the test's database transaction, so nothing leaks between tests.

    make fuzz            # the on-demand run: REGIEKAMER_FUZZ_EXAMPLES=100 examples per operation,
                         # role and mode, with a summary table (operations x roles, examples, failures)
    FUZZ_EXAMPLES=500 make fuzz   # a longer hunt

In CI the same tests run with REGIEKAMER_FUZZ_EXAMPLES unset: one example per operation, caller and
mode (396 requests and their probes), so that every operation meets every caller in every CI run.
"""

import functools
import os
from collections import defaultdict

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks, positive_data_acceptance

from regiekamer.meldingen.api import MeldingCreateSerializer
from regiekamer.organisations import api_clients
from regiekamer.organisations.models import OrganisationKind as K, Role
from tests.factories import (
    AddressFactory, CaseFactory, CaseParticipantFactory, MeldingFactory, MembershipFactory, OrganisationFactory,
    RegionFactory, api_token_header, municipality,
)

EXAMPLES = int(os.environ.get("REGIEKAMER_FUZZ_EXAMPLES") or os.environ.get("FUZZ_EXAMPLES") or "1")
# Every check schemathesis registers: server errors, status codes, content types, headers and bodies
# against the schema, invalid data rejected and valid data accepted, missing required headers,
# unsupported methods and their Allow header, authentication that is declared but not enforced
# (ignored_auth), and the stateful ones (use_after_free, ensure_resource_availability,
# object_level_authorization), which judge only where a run links operations.
load_all_checks()  # registered on first use otherwise
ALL_CHECKS = CHECKS.get_all()


def refusal_names_its_fields(ctx, response, case) -> None:
    """A schema-valid request to an operation whose rules reach beyond the schema may be refused, but only
    with a 400 that names fields of the request (or non_field_errors), so the caller knows what to fix."""
    if response.status_code != 400:
        return
    body = response.json()
    allowed = DATA_RULES[case.operation.label] | {"non_field_errors"}
    assert isinstance(body, dict) and body and set(body) <= allowed, f"400 without the fields it is about: {body}"


# Operations with rules that depend on data, which no OpenAPI schema can state: a melding's address must
# be a BAG address within the caller's territory, a point must lie in a municipality within reach (and
# one of the two must be given). A schema-valid melding that breaks them gets a 400 naming the field;
# here positive_data_acceptance (which counts any 400 as a failure) gives way to refusal_names_its_fields.
DATA_RULES = {"POST /api/v1/meldingen/": frozenset(MeldingCreateSerializer().fields)}


def checks_for(operation, mode: GenerationMode) -> list:
    if mode == GenerationMode.POSITIVE and operation.label in DATA_RULES:
        return [c for c in ALL_CHECKS if c is not positive_data_acceptance] + [refusal_names_its_fields]
    return ALL_CHECKS


# Who calls the API: a user with a personal API key (accounts/api_tokens.py) in each role of a municipal enforcement
# department, the privacy officer, the social domain, a police officer (a partner that reaches dossiers
# through its cases), a housing corporation (a private partner: no persons), the regional programme
# (aggregates only), a partner system with its own token, and nobody at all.
CALLERS = ("municipal viewer", "municipal handler", "municipal coordinator", "municipal administrator",
           "privacy officer", "social domain handler", "police handler", "housing corporation viewer",
           "regional analyst", "partner system", "anonymous")

# (operation, caller) -> [examples run, failures]; printed by the summary at the end of the module.
TALLY: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])


@pytest.fixture
def callers(db) -> dict[str, dict]:
    """A small world, and the Authorization header of every caller."""
    region = RegionFactory()
    venlo = municipality("GM0983")
    venlo.region = region
    venlo.save()

    def organisation(name, kind, **where):
        return OrganisationFactory(name=name, kind=kind, **where)

    enforcement = organisation("Venlo handhaving", K.MUNICIPAL_ENFORCEMENT, municipality=venlo)
    privacy = organisation("Venlo privacy", K.MUNICIPAL_CIVIL_AFFAIRS, municipality=venlo)
    social = organisation("Venlo sociaal domein", K.MUNICIPAL_SOCIAL, municipality=venlo)
    police = organisation("Politie Limburg", K.POLICE, municipality=None, region=region)
    corporation = organisation("Woonwenz", K.HOUSING_CORPORATION, municipality=None)
    programme = organisation("Regio analyse", K.REGIONAL_PROGRAMME, municipality=None, region=region)
    address = AddressFactory()
    case = CaseFactory(address=address, responsible=enforcement)
    CaseParticipantFactory(case=case, organisation=police)
    CaseParticipantFactory(case=case, organisation=corporation)
    MeldingFactory(address=address)

    def token(organisation, role) -> dict:
        user = MembershipFactory(organisation=organisation, role=role).user
        return {"Authorization": api_token_header(user)}  # a personal API key

    _, system_token = api_clients.create_client(organisation=police, name="BVH", actor_name="test")
    return {
        "municipal viewer": token(enforcement, Role.VIEWER),
        "municipal handler": token(enforcement, Role.HANDLER),
        "municipal coordinator": token(enforcement, Role.COORDINATOR),
        "municipal administrator": token(enforcement, Role.ADMINISTRATOR),
        "privacy officer": token(privacy, Role.PRIVACY_OFFICER),
        "social domain handler": token(social, Role.HANDLER),
        "police handler": token(police, Role.HANDLER),
        "housing corporation viewer": token(corporation, Role.VIEWER),
        "regional analyst": token(programme, Role.VIEWER),
        "partner system": {"Authorization": f"Bearer {system_token}"},
        "anonymous": {},
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


@pytest.fixture(scope="module", autouse=True)
def _summary(request):
    """Operations x roles, examples and failures, printed after the module's tests."""
    yield
    if not TALLY:
        return
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        _print_summary()


def _print_summary() -> None:
    write = print
    operations = sorted({op for op, _ in TALLY})
    roles = [c for c in CALLERS if any((op, c) in TALLY for op in operations)]
    examples = sum(n for n, _ in TALLY.values())
    failures = sum(f for _, f in TALLY.values())
    write("")
    write(f"schemathesis {schemathesis.__version__}: {len(operations)} operations x {len(roles)} roles, "
          f"{EXAMPLES} examples per operation, role and mode (positive and negative), {len(ALL_CHECKS)} checks "
          f"({', '.join(c.__name__ for c in ALL_CHECKS)})")
    write(f"{'operation':<48}" + "".join(f"{r[:9]:>10}" for r in roles))
    for op in operations:
        write(f"{op:<48}" + "".join(
            f"{TALLY[(op, r)][0]:>7}/{TALLY[(op, r)][1]:<2}" if (op, r) in TALLY else f"{'-':>10}" for r in roles))
    write(f"examples run (generated and shrunk, both modes) / operations that failed; total: {examples} examples, "
          f"{failures} failed operation runs")


@functools.cache
def operations() -> list:
    """Every operation of the schema the application serves (loaded through the application, once)."""
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    found = [result.ok() for result in schema.get_all_operations()]
    assert len(found) >= 10, [op.label for op in found]  # the API is not accidentally empty
    return found


def fuzz(operation, mode: GenerationMode, caller: str, headers: dict) -> str | None:
    """Run the operation's examples with every check; returns the failure, if any, as text."""
    tally = TALLY[(operation.label, caller)]
    checks = checks_for(operation, mode)

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case):
        tally[0] += 1
        case.call_and_validate(headers=headers, checks=checks)

    try:
        run()
    except (Exception, BaseExceptionGroup) as failure:  # noqa: BLE001 - every check's failure is reported
        tally[1] += 1
        return f"{operation.label} as {caller} ({mode.value}):\n{failure}"
    return None


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_answers_as_its_schema_says(callers, caller, mode):
    failures = [f for op in operations() if (f := fuzz(op, mode, caller, callers[caller])) is not None]
    assert not failures, "\n\n".join(failures)
