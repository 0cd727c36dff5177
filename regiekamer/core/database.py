"""Database upkeep the application does itself."""

from django.db import connection


def refresh_statistics() -> None:
    """Let the query planner know the tables' sizes again (ANALYZE).

    PostgreSQL's autovacuum does this by itself; SQLite never does, and without statistics it
    drives a join from the wrong table (all addresses of a municipality instead of its few hundred
    interventions): the dashboards went from 0.4 to 1.1 s at 200,000 addresses. Run daily
    (steering.tasks.daily) and after bulk loads; about a second at that size.
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
