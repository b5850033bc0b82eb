"""A version token per database table that cached figures read, replaced whenever a request writes
to that table: a figure computed from some tables is kept under their tokens (reports.kept), so a
follow-up recorded leaves the participant profile, the events and the star readings where they
were and only the figures that read follow-ups are computed again.

Which tables a request wrote is read from the SQL it ran (an execute wrapper installed by
lib.middleware.DataVersionMiddleware): every INSERT, UPDATE and DELETE names its table, also the
bulk updates and deletes that send no model signal. An UPDATE that sets only columns declared
`unread` (kept for lists, read by no figure: a match's next follow-up date) leaves the token.

The tokens are lib.data_version.Versions in the shared cache; every key also carries the data
version itself, which the commands that write outside a request (import, retention, demo data,
migrate) replace: that changes every table at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.core.cache import cache
from django.db import connection

from . import data_version
from .data_version import Version

# Tables some cached figure reads; writes to any other table (sessions, the audit log, sign-in
# records) change nothing kept.
_watched: set[str] = set()
# Table → columns no cached figure reads: an UPDATE setting only these leaves the table's token.
_unread: dict[str, frozenset[str]] = {}

_WRITE = re.compile(r'\s*(INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
# The columns an UPDATE sets: Django writes them unqualified after SET and the commas between
# assignments; the columns inside its subqueries and WHERE are always qualified ("table"."column").
_SET_COLUMN = re.compile(r'(?:\bSET\s+|,\s*)"(\w+)"\s*=', re.IGNORECASE)


def watch(*tables: str) -> None:
    _watched.update(tables)


def unread(table: str, *columns: str) -> None:
    _unread[table] = _unread.get(table, frozenset()) | frozenset(columns)


def written_table(sql: str) -> str | None:
    """The watched table a statement changes, or None (a read, an unwatched table, or an UPDATE of
    unread columns only)."""
    found = _WRITE.match(sql)
    if not found or found.group(2) not in _watched:
        return None
    verb, table = found.groups()
    if verb.upper() == "UPDATE" and table in _unread:
        columns = set(_SET_COLUMN.findall(sql))
        if columns and columns <= _unread[table]:
            return None
    return table


@contextmanager
def recording_writes() -> Iterator[set[str]]:
    """The watched tables written by the database statements run inside the block."""
    written: set[str] = set()

    def record(execute, sql, params, many, context):
        table = written_table(sql)
        if table:
            written.add(table)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield written


def _version(table: str) -> Version:
    return Version(f"table-version:{table}")


def bump(tables: Iterable[str]) -> None:
    """These tables changed (call it once the write has committed)."""
    for table in tables:
        _version(table).bump()


def token(tables: Iterable[str]) -> str:
    """One string that changes whenever any of these tables changes, or the data version does."""
    names = sorted(set(tables))
    keys = [f"table-version:{table}" for table in names]
    found = cache.get_many(keys)
    parts = [data_version.current()]
    for table, key in zip(names, keys, strict=True):
        parts.append(found.get(key) or _version(table).current())
    return ".".join(parts)
