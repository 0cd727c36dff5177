"""Where the two cores went during a load run: CPU seconds of the server (gunicorn and its workers),
PostgreSQL (the postmaster and its backends), locust, and everything else on the machine, read from
/proc before and after (Linux only). Divided by the requests served, it is the CPU a request costs,
the figure that decides the throughput on two cores (benchmarks/README.md, "Load test figures")."""

from __future__ import annotations

import os
import resource
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def process_tree_seconds(pid: int) -> float:
    """utime + stime of a process and of all its descendants, living or finished (a finished child's
    time is in its parent's cutime/cstime once the parent has waited for it: gunicorn's recycled
    workers, PostgreSQL's ended backends and parallel workers)."""
    try:
        fields = _stat(pid)
    except FileNotFoundError:
        return 0.0
    total = sum(int(f) for f in fields[11:15]) / TICKS
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            total += process_tree_seconds(int(child))
    return total


def machine_seconds() -> float:
    """Busy CPU seconds of the whole machine (all cores), from /proc/stat."""
    user, nice, system, idle, iowait, irq, softirq, steal = (int(x) for x in Path("/proc/stat").read_text()
                                                              .split("\n", 1)[0].split()[1:9])
    return (user + nice + system + irq + softirq + steal) / TICKS


def finished_children_seconds() -> float:
    """CPU of this process's finished children (locust, once subprocess.run has returned)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def postmaster_of(connection) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    return int(_stat(backend)[1])


def snapshot(server_pid: int, postmaster_pid: int) -> dict:
    return {"server": process_tree_seconds(server_pid), "postgresql": process_tree_seconds(postmaster_pid),
            "locust": finished_children_seconds(), "machine": machine_seconds()}


def split(before: dict, after: dict, requests: int) -> dict:
    """CPU seconds per part over the run and ms per request; "other" is the rest of the machine."""
    used = {part: after[part] - before[part] for part in ("server", "postgresql", "locust", "machine")}
    used["other"] = max(0.0, used["machine"] - used["server"] - used["postgresql"] - used["locust"])
    return {part: {"cpu_s": round(seconds, 1), "ms_per_request": round(seconds * 1000 / requests, 1) if requests else None}
            for part, seconds in used.items()}


def table(parts: dict, seconds: float) -> str:
    lines = [f"{'CPU':<12}{'seconds':>9}{'ms/request':>12}{'cores':>7}"]
    for part in ("server", "postgresql", "locust", "other", "machine"):
        row = parts[part]
        lines.append(f"{part:<12}{row['cpu_s']:>9.1f}{row['ms_per_request'] or 0:>12.1f}{row['cpu_s'] / seconds:>7.2f}")
    return "\n".join(lines)
