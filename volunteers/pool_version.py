"""A version token for the matching pools: every write that changes who can be matched bumps it.

The matching app keeps each region's pool of volunteers (the engine's column arrays) in the cache
under a key that carries this token (matching/loading.py), so a pool is never served after a
change it does not show. It lives here, below every app that writes such a change: volunteer
services (status, availability, capacity, address, languages, pause), matches (propose, start,
cancel, end, pause), support (requirements needed before a first match), transfer imports,
privacy (withdrawal, erasure, retention) and the admin (requirements).

The token is shared through Django's cache, so every process sees a bump. A missing token (a
cleared or evicted cache) is replaced by a fresh random one: a pool cached before can then never
be taken for current.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction

KEY = "matching-pool-version"
# Longer than any cached pool lives: the token outlives the pools keyed on it.
TIMEOUT = 24 * 3600


def current() -> str:
    token = cache.get(KEY)
    if token is None:
        token = uuid.uuid4().hex
        if not cache.add(KEY, token, TIMEOUT):
            token = cache.get(KEY) or token
    return token


def _new() -> None:
    cache.set(KEY, uuid.uuid4().hex, TIMEOUT)


def bump() -> None:
    """The pools changed (call it inside the writing transaction).

    Bumped now, for readers in this transaction, and again once it commits: a request in
    another process that loaded the pool between the two saw the data from before the commit,
    and the second bump makes sure that pool is not served.
    """
    _new()
    transaction.on_commit(_new)
