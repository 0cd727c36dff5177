"""`regiekamer`: the project's command line.

Subcommands are Django management commands; hyphenated names map to them (import-bag ->
import_bag), so `regiekamer import-bag PATH` and `manage.py import_bag PATH` are the same.
"""

import os
import sys

# Our own commands, listed first in --help. Everything else Django offers works too.
COMMANDS = {
    "risk": "Risk engine on an exchange-format folder: `risk score` and `risk evaluate` (see --help).",
    "import-bag": "Import a BAG 2.0 XML extract (folder or zip) or a flat BAG CSV, with progress.",
    "exchange": "Deliveries in exchange format v1: `exchange import PATH --organisation X`, `exchange export`.",
    "figures": "Aggregate figure packages between installations: `figures export` / `figures import`.",
    "api-clients": "Partner systems' own API tokens: `api-clients create|list|revoke`.",
    "demo-data": "Generate the seeded demo region Noord-Limburg (--addresses N).",
    "demo-logins": "Print the demo users, their roles and a partner API token.",
    "migrate": "Create or update the database tables.",
    "runserver": "Serve the application (development server).",
    "worker": "Run background tasks (imports, risk runs, reports); first fails what a killed worker left running.",
    "db_worker": "Run background tasks (imports, risk runs, reports).",
    "backup": "Back up the whole database into a folder, with a manifest of counts and a checksum.",
    "restore": "Replace the database by such a backup (checksum first, counts after).",
}


def _help() -> str:
    lines = ["usage: regiekamer <command> [options]", "", "Regiekamer commands:"]
    lines += [f"  {name:<14} {text}" for name, text in COMMANDS.items()]
    lines += ["", "Any Django management command works as well: `regiekamer help` lists them;",
              "`regiekamer <command> --help` explains one."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) < 2 or argv[1] in {"-h", "--help"}:
        print(_help())
        return
    if argv[1] == "risk":  # the pure engine: no Django, no database
        # The engine spreads its own work over the cores (riskengine/threads.py); BLAS's threads
        # would only spin beside it. Read when numpy loads, so set before the engine is imported.
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        from riskengine.cli import main as risk

        sys.exit(risk(argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    command = argv[1]
    if "-" in command and not command.startswith("-"):
        command = command.replace("-", "_")
    execute_from_command_line(["regiekamer", command, *argv[2:]])


if __name__ == "__main__":
    main()
