"""`make loadtest`: 50 users working in a 500,000-address region for 5 minutes, against a production-like server.

    .venv/bin/python benchmarks/load/run.py                       # the issue's run (about 10 minutes)
    .venv/bin/python benchmarks/load/run.py --addresses 20000 --users 10 --duration 30   # a quick look

1. Starts a throwaway PostgreSQL cluster (re-running itself under scripts/with-postgres unless
   DATABASE_URL already names a PostgreSQL database, which must be empty).
2. Restores the demo region of --addresses addresses from var/bench/load-<size>-<seed>.dump, or
   generates it once with the demo generator and keeps the dump (benchmarks/load/world.py), then
   migrates.
3. Makes --users users of the region's municipal enforcement departments (handlers, coordinators,
   viewers), each with a session of its own and its own cases, and today's walk list per municipality.
4. Starts gunicorn with deploy/gunicorn.conf.py (sync workers, 2 x cores + 1 unless --workers),
   DEBUG off, REGIEKAMER_HTTPS off (no TLS here: the proxy's part), database connections kept for 60 s
   (REGIEKAMER_CONN_MAX_AGE, as docs/deployment.md recommends).
5. Runs locust headless (benchmarks/load/locustfile.py) for --duration seconds with --users users
   pausing --think seconds between journeys, then prints p50/p95/p99 per journey and overall, requests
   per second and errors, PASS/FAIL against the targets (0 errors, p95 under 500 ms, at least 60 rps),
   and writes everything to var/bench/load-<UTC time>.json. Exits 1 on a FAIL. Also prints where the
   CPU went (benchmarks/load/cpu.py): server, PostgreSQL, locust and the rest of the machine, in CPU
   seconds and ms per request.

The machine's load average is printed before and after: other work on the two cores slows the server.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
BIN = Path(sys.executable).parent
BENCH = REPO / "var" / "bench"

from benchmarks.load import cpu, report

SERVER_ENV = {
    "REGIEKAMER_DEBUG": "false",
    "REGIEKAMER_HTTPS": "false",
    # The database is thrown away after the run; nothing here is worth a secret.
    "REGIEKAMER_SECRET_KEY": "load-test-key-for-a-throwaway-database-only-0123456789",
    "REGIEKAMER_CONN_MAX_AGE": "60",
    "REGIEKAMER_ALLOWED_HOSTS": "127.0.0.1",
    "DJANGO_SETTINGS_MODULE": "config.settings",
}


def log(*args) -> None:
    print(*args, flush=True)


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int | None, threads: int | None, logfile: Path) -> subprocess.Popen:
    env = {**os.environ, **SERVER_ENV, "REGIEKAMER_BIND": f"127.0.0.1:{port}"}
    if workers:
        env["REGIEKAMER_WORKERS"] = str(workers)
    command = [str(BIN / "gunicorn"), "-c", str(REPO / "deploy" / "gunicorn.conf.py")]
    if threads:
        command += ["--threads", str(threads)]
    out = logfile.open("w")
    server = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
                              start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped at once; see {logfile}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/inloggen/", timeout=5) as answer:
                if answer.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    stop_server(server)
    raise SystemExit(f"gunicorn did not answer within 60 s; see {logfile}")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)  # the arbiter stops its workers
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def run_locust(url: str, plan: Path, samples: Path, args) -> float:
    env = {**os.environ, "LOAD_PLAN": str(plan), "LOAD_SAMPLES": str(samples), "LOAD_THINK": args.think}
    command = [str(BIN / "locust"), "-f", str(Path(__file__).with_name("locustfile.py")), "--headless",
               "--users", str(args.users), "--spawn-rate", str(args.spawn_rate), "--run-time", f"{args.duration}s",
               "--host", url, "--only-summary", "--stop-timeout", "10", "--loglevel", "WARNING"]
    started = time.monotonic()
    # locust exits 1 when a request failed; the figures below say which.
    subprocess.run(command, cwd=REPO, env=env, check=False, stdout=subprocess.DEVNULL if args.quiet else None)
    return time.monotonic() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addresses", type=int, default=500_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=300, help="seconds of load (default 300)")
    parser.add_argument("--think", default="0.2-0.8",
                        help="seconds a user pauses between journeys, MIN-MAX (default 0.2-0.8)")
    parser.add_argument("--spawn-rate", type=float, default=10, help="users started per second (default 10)")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: deploy/gunicorn.conf.py's 2 x cores + 1)")
    parser.add_argument("--threads", type=int, help="gunicorn threads per worker (gthread); default sync workers")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--regenerate", action="store_true", help="generate the region even if a dump is cached")
    parser.add_argument("--prepare-only", action="store_true",
                        help="only generate (or check) the cached region dump, then stop")
    parser.add_argument("--quiet", action="store_true", help="leave out locust's own summary")
    args = parser.parse_args(argv)

    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        script = REPO / "scripts" / "with-postgres"
        os.execv(script, [str(script), sys.executable, __file__, *(argv if argv is not None else sys.argv[1:])])

    os.environ.update(SERVER_ENV)
    import django

    django.setup()
    from django.conf import settings

    from benchmarks.load import world

    database_url = os.environ["DATABASE_URL"]
    log(f"Load test: {args.addresses:,} addresses, {args.users} users, {args.duration} s, think {args.think} s; "
        f"load average {load_average()}")
    facts = world.load_region(addresses=args.addresses, seed=args.seed, database_url=database_url, cache=BENCH,
                              regenerate=args.regenerate)
    if args.prepare_only:
        log(f"The region is ready: {facts}")
        return 0
    started = time.perf_counter()
    users = world.make_users(count=args.users, seed=args.seed)
    plan = BENCH / "load-plan.json"
    world.write_plan(users, plan, cookie=settings.SESSION_COOKIE_NAME, csrf_cookie=settings.CSRF_COOKIE_NAME)
    roles = {role: sum(u.role == role for u in users) for role in world.ROLE_CYCLE}
    per_place = {code: sum(u.municipality == code for u in users) for code in sorted({u.municipality for u in users})}
    log(f"{len(users)} users ({roles}) over {per_place} in {time.perf_counter() - started:.1f} s.")
    from django.db import connection, connections

    postmaster = cpu.postmaster_of(connection)
    connections.close_all()  # the server's workers have the database to themselves

    port = free_port()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    server = start_server(port, args.workers, args.threads, BENCH / f"load-{stamp}-gunicorn.log")
    samples_file = BENCH / f"load-{stamp}-samples.json"
    try:
        before = load_average()
        log(f"gunicorn on 127.0.0.1:{port}; load average {before}. Running locust for {args.duration} s ...")
        cpu_before = cpu.snapshot(server.pid, postmaster)
        seconds = run_locust(f"http://127.0.0.1:{port}", plan, samples_file, args)
        cpu_after = cpu.snapshot(server.pid, postmaster)
        after = load_average()
    finally:
        stop_server(server)
    samples = json.loads(samples_file.read_text())
    # Throughput over the time the users were at work (locust's --run-time), not its start and stop.
    summary = report.summarise([tuple(s) for s in samples], float(args.duration))
    checks = report.verdicts(summary["overall"])
    cpu_split = cpu.split(cpu_before, cpu_after, summary["overall"]["requests"])
    log("")
    log(report.table(summary))
    log("")
    log(f"Where the CPU went during locust's {seconds:.0f} s (start and stop included):")
    log(cpu.table(cpu_split, seconds))
    log("")
    for what, met in checks:
        log(f"{'PASS' if met else 'FAIL'}  {what}")
    log(f"load average before {before}, after {after} (2 cores shared with other work)")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
                            check=False).stdout.strip()
    result = {
        "when": stamp, "commit": commit, "addresses": args.addresses, "users": args.users, "duration_s": args.duration,
        "think_s": args.think, "workers": args.workers or "2 x cores + 1", "threads": args.threads or 1,
        "wall_s": round(seconds, 1), "region": facts, "load_average_before": before, "load_average_after": after,
        "summary": summary, "cpu": cpu_split, "targets": report.TARGETS, "verdicts": [{"what": w, "met": m} for w, m in checks],
    }
    out = BENCH / f"load-{stamp}.json"
    out.write_text(json.dumps(result, indent=2))
    log(f"Written to {out.relative_to(REPO)}")
    return 0 if all(met for _, met in checks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
