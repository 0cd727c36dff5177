"""The load test's own parts (benchmarks/load/), which `make loadtest` relies on and CI never runs:
the figures it prints, how it shares users out over the municipalities, and the session it logs its
users in with. No timing is asserted here."""

from django.conf import settings
from django.test import Client

from benchmarks.load import report, world
from tests.factories import MembershipFactory, OrganisationFactory, municipality
from regiekamer.organisations.models import OrganisationKind as K, Role


def test_percentiles_are_nearest_rank():
    times = [float(ms) for ms in range(1, 101)]  # 1..100 ms
    assert report.percentile(times, 50) == 50.0
    assert report.percentile(times, 95) == 95.0
    assert report.percentile(times, 99) == 99.0
    assert report.percentile([7.0], 99) == 7.0
    assert report.percentile([10.0, 20.0, 30.0], 50) == 20.0  # ceil(1.5) = 2nd


def test_summary_per_journey_and_overall_with_errors_and_throughput():
    samples = [("search", 100.0, True)] * 18 + [("search", 900.0, False)] * 2 + [("dossier", 200.0, True)] * 10
    summary = report.summarise(samples, seconds=10.0)
    search, dossier, overall = summary["journeys"]["search"], summary["journeys"]["dossier"], summary["overall"]
    assert (search["requests"], search["errors"], search["rps"]) == (20, 2, 2.0)
    assert search["error_rate"] == 0.1
    assert (search["p50_ms"], search["p95_ms"], search["max_ms"]) == (100.0, 900.0, 900.0)
    assert (dossier["requests"], dossier["errors"], dossier["p99_ms"]) == (10, 0, 200.0)
    assert (overall["requests"], overall["errors"], overall["rps"]) == (30, 2, 3.0)
    # 30 times sorted: 18 x 100, 10 x 200, 2 x 900; the 15th is 100, the 29th (ceil 28.5) is 900.
    assert (overall["p50_ms"], overall["p95_ms"]) == (100.0, 900.0)


def test_targets_pass_and_fail_on_each_of_errors_p95_and_throughput():
    good = {"requests": 18000, "errors": 0, "p95_ms": 499.0, "rps": 60.0}
    assert [met for _, met in report.verdicts(good)] == [True, True, True]
    assert [met for _, met in report.verdicts({**good, "errors": 1})] == [False, True, True]
    assert [met for _, met in report.verdicts({**good, "p95_ms": 500.0})] == [True, False, True]
    assert [met for _, met in report.verdicts({**good, "rps": 59.9})] == [True, True, False]
    assert report.verdicts({**good, "requests": 0})[0][1] is False  # no request at all is no pass


def test_users_are_shared_out_in_proportion_with_at_least_one_per_municipality():
    shares = {"A": 0.37, "B": 0.155, "C": 0.16, "D": 0.16, "E": 0.048, "F": 0.047, "G": 0.061}
    counts = world.allocate(50, shares)
    assert sum(counts.values()) == 50 and min(counts.values()) >= 1
    # One each, then 43 x share / 1.001: A 15.89, B 6.66, C and D 6.87, E 2.06, F 2.02, G 2.62; the floors
    # give 39 + 7 = 46, and the four left go to the largest remainders: A, C, D, B.
    assert counts == {"A": 17, "B": 8, "C": 8, "D": 8, "E": 3, "F": 3, "G": 3}
    assert world.allocate(3, shares) == {"A": 1, "C": 1, "D": 1, "B": 0, "E": 0, "F": 0, "G": 0}


def test_the_session_made_directly_is_a_logged_in_user(db):
    """The load test logs its users in by writing the session itself (world.start_session); the
    server must take that session as a login, and no session means the login page."""
    organisation = OrganisationFactory(kind=K.MUNICIPAL_ENFORCEMENT, municipality=municipality("GM0983"))
    user = MembershipFactory(organisation=organisation, role=Role.HANDLER).user
    client = Client()
    assert client.get("/zoeken/").status_code == 302  # not logged in: to the login page
    client.cookies[settings.SESSION_COOKIE_NAME] = world.start_session(user)
    response = client.get("/zoeken/")
    assert response.status_code == 200
    assert response.wsgi_request.user == user
