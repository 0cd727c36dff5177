"""The dependency audit: requirements.lock pins what we run, and a finding fails scripts/audit-dependencies.

pip-audit's own lookups need PyPI; here its JSON reports are judged as CI judges them.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
JUDGE = REPO_ROOT / "scripts" / "audit_report.py"


def _judge(tmp_path, dependencies, rc=0, strict=False):
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"dependencies": dependencies, "fixes": []}))
    env = {"PATH": "/usr/bin:/bin", **({"REGIEKAMER_AUDIT_STRICT": "1"} if strict else {})}
    return subprocess.run([sys.executable, str(JUDGE), str(report), str(rc)], capture_output=True, text=True, env=env)


CLEAN = {"name": "django", "version": "6.1.3", "vulns": []}
VULNERABLE = {"name": "jinja2", "version": "3.1.2", "vulns": [
    {"id": "GHSA-h5c8-rqwp-cp95", "fix_versions": ["3.1.3"], "aliases": ["CVE-2024-22195"], "description": "xss"}]}
SKIPPED = {"name": "gunicorn", "skip_reason": "Dependency not found on PyPI and could not be audited: gunicorn (27.0.1)"}


def test_a_known_vulnerability_fails_the_audit(tmp_path):
    result = _judge(tmp_path, [CLEAN, VULNERABLE, VULNERABLE], rc=1)
    assert result.returncode == 1
    assert "VULNERABLE jinja2 3.1.2: GHSA-h5c8-rqwp-cp95 (fixed in 3.1.3)" in result.stdout
    assert "2 of 2 packages audited, 1 known vulnerabilities." in result.stdout


def test_a_clean_report_passes(tmp_path):
    result = _judge(tmp_path, [CLEAN])
    assert result.returncode == 0
    assert "1 of 1 packages audited, 0 known vulnerabilities." in result.stdout


def test_unaudited_packages_are_named_and_fail_only_when_strict(tmp_path):
    lenient = _judge(tmp_path, [CLEAN, SKIPPED])
    assert lenient.returncode == 0 and "Not audited (1): gunicorn" in lenient.stdout
    assert _judge(tmp_path, [CLEAN, SKIPPED], strict=True).returncode == 1
    nothing = _judge(tmp_path, [SKIPPED])
    assert "this audit did not happen" in nothing.stdout


def test_pip_audit_breaking_is_a_failure(tmp_path):
    assert _judge(tmp_path, [CLEAN], rc=2).returncode == 1


def test_the_lock_pins_every_package_exactly_including_the_production_ones():
    lines = [line for line in (REPO_ROOT / "requirements.lock").read_text().splitlines() if line and not line.startswith("#")]
    assert all(re.fullmatch(r"[A-Za-z0-9_.\-]+==[A-Za-z0-9_.+\-!]+", line) for line in lines), lines
    pinned = {re.sub(r"[-_.]+", "-", line.split("==")[0]).lower() for line in lines}  # PEP 503 names
    assert {"django", "argon2-cffi", "gunicorn", "psycopg", "pip-audit"} <= pinned
    assert "regiekamer" not in pinned  # the project itself is installed editable, not pinned
