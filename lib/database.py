"""Keeping the database's query planner informed."""

from django.db import connections

# Rows sampled per index: enough for the planner to choose, fast on a million-row table.
SQLITE_ANALYSIS_LIMIT = 1000


def refresh_planner_statistics(using: str = "default") -> None:
    """Refresh the statistics the query planner chooses indexes by. SQLite never gathers them by
    itself, and without them it can pick an index that makes a page take minutes instead of
    milliseconds; PostgreSQL's autovacuum does, but only some time after a large import."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit={SQLITE_ANALYSIS_LIMIT}")
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA optimize")
        else:
            cursor.execute("ANALYZE")
