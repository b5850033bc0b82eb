"""Figures kept per source: each function that reads the database for the report is decorated with
the models it reads, and its result is kept under those tables' versions (lib.table_versions). A
follow-up recorded changes the follow-up figures; the participant profile, the star, the events and
the volunteer figures are read from the cache, so the first look at the dashboard after a change
costs the sources that change touched, not the whole report.

A kept function takes plain, comparable arguments (a Period, dates, slugs) and returns plain data
(numbers, dicts, tuples, model rows): the result is pickled into the "figures" cache, in each
process's memory (settings.CACHES); the tables' versions it is keyed by are in the shared cache.
reports/tests/test_kept_sources.py runs every kept function and fails when it reads a table it
does not declare. Switched off with the report cache (REPORT_CACHE_SECONDS = 0, as in tests).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db.models import Model
from django.utils import translation

from lib import table_versions

# Every kept function, for the test that holds each to the tables it declares.
SOURCES: list[Callable] = []


def kept(*models: type[Model]):
    tables = sorted({model._meta.db_table for model in models})
    table_versions.watch(*tables)

    def decorate(compute):
        name = f"{compute.__module__}.{compute.__qualname__}"

        @wraps(compute)
        def cached(*args, **kwargs):
            if not settings.REPORT_CACHE_SECONDS:
                return compute(*args, **kwargs)
            # The tables' token is read before computing: a write committed meanwhile replaces it,
            # so a result computed from the data before that write is never found again.
            parts = (name, args, sorted(kwargs.items()), translation.get_language(), table_versions.token(tables))
            key = "figures:" + hashlib.sha256(repr(parts).encode()).hexdigest()
            figures = caches["figures"]  # in this process's memory (settings.CACHES)
            return figures.get_or_set(key, lambda: compute(*args, **kwargs), settings.REPORT_CACHE_SECONDS)

        cached.tables = tables
        SOURCES.append(cached)
        return cached

    return decorate


def report_token() -> str:
    """Changes whenever any table a kept figure reads changes: the whole report's key."""
    return table_versions.token(table for source in SOURCES for table in source.tables)
