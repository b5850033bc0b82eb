"""Date arithmetic the database does natively. Django's `F("a") + timedelta` runs a Python function
per row on SQLite (django_format_dtdelta), which made a count over 100,000 follow-ups take a second."""

from django.db import connection
from django.db.models import Func, IntegerField


class DaysBetween(Func):
    """Whole days from `start` to `end` (two date columns or expressions): end - start."""

    output_field = IntegerField()
    arity = 2

    def __init__(self, end, start, **extra):
        super().__init__(end, start, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra)


def days_between_sql(end: str, start: str) -> str:
    """DaysBetween in a raw query, over two column references."""
    if connection.vendor == "sqlite":
        return f"CAST(julianday({end}) - julianday({start}) AS INTEGER)"
    return f"({end} - {start})"


class Year(Func):
    """The calendar year of a date, natively on SQLite too (ExtractYear calls a Python function per
    row there)."""

    output_field = IntegerField()
    arity = 1

    def as_sqlite(self, compiler, connection, **extra):
        # %%%% → %% in the SQL (escaped for the cursor's own formatting) → % for SQLite.
        template = "CAST(strftime('%%%%Y', %(expressions)s) AS INTEGER)"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="CAST(EXTRACT(YEAR FROM %(expressions)s) AS INTEGER)", **extra
        )


class Quarter(Func):
    """The calendar quarter (1-4) of a date, natively on SQLite too (as Year)."""

    output_field = IntegerField()
    arity = 1

    def as_sqlite(self, compiler, connection, **extra):
        template = "((CAST(strftime('%%%%m', %(expressions)s) AS INTEGER) + 2) / 3)"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="CAST(EXTRACT(QUARTER FROM %(expressions)s) AS INTEGER)", **extra
        )
