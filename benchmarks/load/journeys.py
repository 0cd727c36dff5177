"""Where a load-test request's time goes: each journey of the locustfile, one request at a time.

    .venv/bin/python benchmarks/load/journeys.py                      # 500,000 addresses, every journey
    .venv/bin/python benchmarks/load/journeys.py --journey dossier --journey "case page" --detail
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/load/journeys.py   # a cluster already restored

Like benchmarks/load/run.py it runs inside a throwaway PostgreSQL cluster (re-running itself under
scripts/with-postgres unless DATABASE_URL names a PostgreSQL database), restores the region from the
cached dump (benchmarks/load/world.py; an existing region in DATABASE_URL is kept, so a cluster held
open for a profiling session restores once) and makes the users the load test makes. Then, as one
user of the plan (a handler by default, `--role`), with the server's settings (DEBUG off, no TLS),
it requests every journey of benchmarks/load/locustfile.py through django.test.Client (the whole
middleware stack, CSRF checks on) and prints per journey:

- wall ms (median and min of `--repeat` requests after one warm-up), this process's mean CPU ms (Django:
  middleware, view, templates) and the PostgreSQL cluster's CPU ms (read from /proc for all the
  cluster's processes, parallel workers included), the two that the load test's two cores must share with locust (the kernel counts CPU in 10 ms
  ticks: use `--repeat 20` or more for the PostgreSQL figure);
- the number of queries;
- with `--detail`: the slowest queries (EXPLAIN ANALYZE of each SELECT slower than `--explain-ms`),
  the queries sent more than once, and a cProfile top list (`--top` functions by own time and by
  cumulative time).

The figures of one request are what a user gets on a quiet server; under load every request also waits
for a worker. Sum of Django and PostgreSQL CPU is the budget that counts: 60 requests per second on
two cores is at most ~30 ms for both together (and locust's share).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
BENCH = REPO / "var" / "bench"

from benchmarks.load.run import SERVER_ENV  # noqa: E402

JOURNEYS = ("search", "dossier", "search by street", "walk list", "case page", "case update", "dashboard",
            "dashboard: targets", "dashboard: map data")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="expected_version" value="(\d+)"')
OPTION = re.compile(r'<option value="([^"]+)"')
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _ticks(pid: int, *, children: bool = False) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # utime, stime (and cutime, cstime: the reaped children's, here parallel query workers)
    return sum(int(f) for f in fields[11:15 if children else 13])


def postgres_cpu_ms(backend: int) -> float:
    """CPU of the whole PostgreSQL cluster, in ms: the postmaster with what its finished children
    used (parallel query workers come and go) and every living child (our backend, the background
    writer, autovacuum). The cluster is ours alone, so this is the requests' database CPU. The
    kernel counts in ticks (10 ms): single requests are rounded, medians of several less so."""
    postmaster = int(Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()[1])
    total = _ticks(postmaster, children=True)
    for child in Path(f"/proc/{postmaster}/task/{postmaster}/children").read_text().split():
        try:
            total += _ticks(int(child))
        except FileNotFoundError:  # ended in between: its time is in the postmaster's children now
            pass
    return total * 1000 / CLOCK_TICKS


class Journeys:
    """The locustfile's requests for one user of the plan, each a function returning the response."""

    def __init__(self, client, me: dict):
        self.client, self.me, self.turn = client, me, 0

    def next(self, items: list):
        self.turn += 1
        return items[self.turn % len(items)]

    def request(self, name: str):
        me = self.me
        if name == "search":
            return self.client.get("/zoeken/", {"q": self.next(me["searches"])["q"]})
        if name == "dossier":
            return self.client.get(f"/adressen/{self.next(me['searches'])['bag_id']}/")
        if name == "search by street":
            return self.client.get("/zoeken/", {"q": self.next(me["streets"])})
        if name == "walk list":
            return self.client.get(f"/looplijsten/{me['walk_list']}/")
        if name == "case page":
            return self.client.get(f"/zaken/{self.next(me['cases'])}/")
        if name == "case update":
            return self.case_update()
        code = me["municipality"]
        return self.client.get({"dashboard": f"/sturing/gemeente/{code}/",
                                "dashboard: targets": f"/sturing/gemeente/{code}/doelen/",
                                "dashboard: map data": f"/sturing/gemeente/{code}/buurten.geojson"}[name])

    def case_update(self):
        """The status form's POST as locust sends it; the case page is read first (not timed here:
        `prepare`), so that the form's CSRF token and version are at hand."""
        pk, data = self.prepared
        return self.client.post(f"/zaken/{pk}/status/", data, HTTP_REFERER=f"http://127.0.0.1/zaken/{pk}/")

    def prepare(self, name: str) -> bool:
        if name != "case update":
            return True
        for _ in range(len(self.me["cases"])):
            pk = self.next(self.me["cases"])
            page = self.client.get(f"/zaken/{pk}/").content.decode()
            start = page.find(f'action="/zaken/{pk}/status/"')
            form = page[start:page.find("</form>", start)] if start >= 0 else ""
            csrf, version, options = CSRF.search(form), VERSION.search(form), [o for o in OPTION.findall(form) if o]
            if csrf and version and options:
                self.prepared = (pk, {"csrfmiddlewaretoken": csrf.group(1), "expected_version": version.group(1),
                                      "to": options[0], "reason": "Profiel"})
                return True
        return False  # a viewer, or no case with a status to go to


def check(name: str, response) -> None:
    expected = 302 if name == "case update" else 200
    if response.status_code != expected:
        raise SystemExit(f"{name}: HTTP {response.status_code} (expected {expected}) {response.get('Location', '')}")


def explain(connection, sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addresses", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--users", type=int, default=10, help="users made (as the load test does; default 10)")
    parser.add_argument("--role", default="handler", choices=("handler", "coordinator", "viewer"))
    parser.add_argument("--journey", action="append", choices=JOURNEYS, help="only these (repeatable)")
    parser.add_argument("--repeat", type=int, default=5, help="timed requests per journey (default 5)")
    parser.add_argument("--detail", action="store_true", help="queries, EXPLAIN ANALYZE and cProfile per journey")
    parser.add_argument("--explain-ms", type=float, default=5.0, help="EXPLAIN ANALYZE of SELECTs slower than this")
    parser.add_argument("--top", type=int, default=25, help="cProfile functions listed (default 25)")
    parser.add_argument("--queries", action="store_true", help="with --detail: every query, in order")
    args = parser.parse_args(argv)

    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        script = REPO / "scripts" / "with-postgres"
        os.execv(script, [str(script), sys.executable, __file__, *(argv if argv is not None else sys.argv[1:])])
    os.environ.update({**SERVER_ENV, "REGIEKAMER_ALLOWED_HOSTS": "127.0.0.1"})
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from benchmarks.load import world
    from regiekamer.registry.models import Address

    if "django_migrations" in connection.introspection.table_names() and Address.objects.exists():
        call_command("migrate", verbosity=0)
    else:
        world.load_region(addresses=args.addresses, seed=args.seed, database_url=os.environ["DATABASE_URL"],
                          cache=BENCH, regenerate=False)
    from django.contrib.auth.models import User

    # The users are made once per database: the processing log, append-only, holds their reads after
    # that, so they cannot be deleted and made again. A second run reads their plan back and starts
    # a fresh session (the first may have timed out).
    plan = BENCH / "load-profile-plan.json"
    if plan.exists() and User.objects.filter(username__startswith="load.").exists():
        users = [world.LoadUser(**u) for u in json.loads(plan.read_text())["users"]]
    else:
        users = world.make_users(count=args.users, seed=args.seed)
        world.write_plan(users, plan, cookie=settings.SESSION_COOKIE_NAME, csrf_cookie=settings.CSRF_COOKIE_NAME)
    me = next(u for u in users if u.role == args.role).__dict__
    me["session"] = world.start_session(User.objects.get(username=me["username"]))
    print(f"Profiling as {me['username']} ({me['role']}, {me['municipality']}); "
          f"{Address.objects.count():,} addresses; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    client = Client(enforce_csrf_checks=True, HTTP_HOST="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = me["session"]
    journeys = Journeys(client, me)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]

    rows = []
    for name in args.journey or JOURNEYS:
        if not journeys.prepare(name):
            print(f"{name}: nothing to do as a {args.role}")
            continue
        check(name, journeys.request(name))  # warm-up: imports, template loading, the connection
        walls, cpus, db_cpus = [], [], []
        for _ in range(args.repeat):
            journeys.prepare(name)
            db_before, cpu_before, wall_before = postgres_cpu_ms(backend), time.process_time(), time.perf_counter()
            response = journeys.request(name)
            walls.append((time.perf_counter() - wall_before) * 1000)
            cpus.append((time.process_time() - cpu_before) * 1000)
            db_cpus.append(postgres_cpu_ms(backend) - db_before)
            check(name, response)
        journeys.prepare(name)
        with CaptureQueriesContext(connection) as captured:
            check(name, journeys.request(name))
        queries = captured.captured_queries
        # CPU as a mean: the kernel counts in 10 ms ticks, so a median of single requests would round.
        rows.append((name, statistics.median(walls), min(walls), statistics.mean(cpus), statistics.mean(db_cpus),
                     len(queries), sum(float(q["time"]) for q in queries) * 1000))
        if args.detail:
            print(f"\n=== {name}: {len(queries)} queries, median {statistics.median(walls):.1f} ms wall, "
                  f"{statistics.median(cpus):.1f} ms Django CPU, {statistics.median(db_cpus):.1f} ms PostgreSQL CPU")
            if args.queries:
                for n, q in enumerate(queries, 1):
                    print(f"  {n:2}. {q['sql'][:220]}")
            repeated = Counter(q["sql"] for q in queries)
            for sql, times in repeated.most_common():
                if times > 1:
                    print(f"  sent {times} times: {sql[:300]}")
            for q in sorted(queries, key=lambda q: -float(q["time"]))[:8]:
                print(f"  {float(q['time']) * 1000:7.1f} ms  {q['sql'][:400]}")
                if float(q["time"]) * 1000 >= args.explain_ms and q["sql"].lstrip().upper().startswith("SELECT"):
                    print("      " + explain(connection, q["sql"]).replace("\n", "\n      "))
            journeys.prepare(name)
            profiler = cProfile.Profile()
            profiler.enable()
            check(name, journeys.request(name))
            profiler.disable()
            for order in ("tottime", "cumulative"):
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(args.top)
                text = out.getvalue()
                print(f"  cProfile by {order}:\n" + text[text.find("   ncalls"):].rstrip())

    print(f"\n| journey | wall ms (median) | wall ms (min) | Django CPU ms (mean) | PostgreSQL CPU ms (mean) | queries | query ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, wall, wall_min, cpu, db_cpu, count, query_ms in rows:
        print(f"| {name} | {wall:.0f} | {wall_min:.0f} | {cpu:.0f} | {db_cpu:.0f} | {count} | {query_ms:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
