"""Figures kept per source: each function that reads the database for the report is decorated with
the models it reads, and its result is kept under those tables' versions (lib.table_versions). A
follow-up recorded changes the follow-up figures; the participant profile, the star, the events and
the volunteer figures are read from the cache, so the first look at the dashboard after a change
costs the sources that change touched, not the whole report.

A kept function takes plain, comparable arguments (a Period, dates, slugs) and returns plain data
(numbers, dicts, tuples, model rows): the result is pickled into the "figures" cache, in each
process's memory (settings.CACHES); the tables' versions it is keyed by are in the shared cache.
Every key also carries the current window of REPORT_CACHE_SECONDS (`window`): whatever wrote to
the database outside the application (a database shell), no figure, report or document computed
before the window began is served in it. reports/tests/test_kept_sources.py runs every kept
function and fails when it reads a table it does not declare. Switched off with the report cache
(REPORT_CACHE_SECONDS = 0, as in tests) and inside `computed_afresh()`.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db.models import Model
from django.utils import translation

from lib import table_versions
from outcomes.models import AreaProgress, Reading, Score

# Every kept function, for the test that holds each to the tables it declares.
SOURCES: list[Callable] = []

# Tables written by database triggers, which no statement of ours names: declaring one declares the
# tables whose writes fire them (outcomes/progress.py keeps AreaProgress from scores and readings).
WRITTEN_BY_TRIGGERS: dict[type[Model], tuple[type[Model], ...]] = {AreaProgress: (Score, Reading)}

_afresh: ContextVar[bool] = ContextVar("figures_afresh", default=False)


@contextmanager
def computed_afresh() -> Iterator[None]:
    """Figures computed from the database inside the block, never read from a cache (the restore
    drill compares a restored copy's figures with the live ones)."""
    token = _afresh.set(True)
    try:
        yield
    finally:
        _afresh.reset(token)


def in_use() -> bool:
    return bool(settings.REPORT_CACHE_SECONDS) and not _afresh.get()


def window() -> int:
    """The current window of REPORT_CACHE_SECONDS; part of every kept key."""
    return int(time.time() // settings.REPORT_CACHE_SECONDS)


def kept(*models: type[Model]):
    declared = {*models, *(source for model in models for source in WRITTEN_BY_TRIGGERS.get(model, ()))}
    tables = sorted({model._meta.db_table for model in declared})
    table_versions.watch(*tables)

    def decorate(compute):
        name = f"{compute.__module__}.{compute.__qualname__}"

        @wraps(compute)
        def cached(*args, **kwargs):
            if not in_use():
                return compute(*args, **kwargs)
            # The tables' token is read before computing: a write committed meanwhile replaces it,
            # so a result computed from the data before that write is never found again.
            token = table_versions.token(tables)
            parts = (name, args, sorted(kwargs.items()), translation.get_language(), token, window())
            key = "figures:" + hashlib.sha256(repr(parts).encode()).hexdigest()
            figures = caches["figures"]  # in this process's memory (settings.CACHES)
            return figures.get_or_set(key, lambda: compute(*args, **kwargs), settings.REPORT_CACHE_SECONDS)

        cached.tables = tables
        SOURCES.append(cached)
        return cached

    return decorate


def report_token() -> str:
    """Changes whenever any table a kept figure reads changes, and with every window: the whole
    report's key."""
    tables = {table for source in SOURCES for table in source.tables}
    return f"{table_versions.token(tables)}.{window()}"
