"""Judge a pip-audit JSON report (scripts/audit-dependencies): exit 1 on any known vulnerability.

usage: audit_report.py REPORT.json PIP_AUDIT_EXIT_CODE
Packages the vulnerability service could not answer for are listed; with REGIEKAMER_AUDIT_STRICT=1
they fail the audit as well. When none could be audited, it says loudly that no audit happened.
"""

import json
import os
import sys


def judge(report: dict, pip_audit_rc: int, strict: bool) -> tuple[int, list[str]]:
    """The exit code and the lines to print."""
    # The lock and the installed packages are audited together: the same package may come twice.
    deps = list({(d["name"], d.get("version")): d for d in report["dependencies"]}.values())
    findings = [(d, v) for d in deps for v in d.get("vulns", [])]
    skipped = [d for d in deps if d.get("skip_reason")]
    audited = len(deps) - len(skipped)
    lines = [
        f"VULNERABLE {d['name']} {d['version']}: {v['id']} (fixed in {', '.join(v.get('fix_versions', [])) or 'no release yet'})"
        for d, v in findings
    ]
    lines.append(f"pip-audit: {audited} of {len(deps)} packages audited, {len(findings)} known vulnerabilities.")
    if skipped:
        lines.append(f"Not audited ({len(skipped)}): " + ", ".join(sorted({d["name"] for d in skipped})))
        if audited == 0:
            lines.append("WARNING: the vulnerability service answered for no package at all: this audit did not "
                         "happen (is PyPI's per-release JSON API, or OSV, reachable from here?).")
    if findings or pip_audit_rc not in (0, 1):  # pip-audit: 1 = vulnerabilities found, other = it broke
        return 1, lines
    if skipped and strict:
        lines.append("REGIEKAMER_AUDIT_STRICT: packages that could not be audited count as a failure.")
        return 1, lines
    return 0, lines


def main() -> int:
    with open(sys.argv[1]) as f:
        report = json.load(f)
    strict = os.environ.get("REGIEKAMER_AUDIT_STRICT", "").lower() in {"1", "true", "yes"}
    code, lines = judge(report, int(sys.argv[2]), strict)
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main())
