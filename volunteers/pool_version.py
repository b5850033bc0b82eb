"""A version token for the matching pools: every write that changes who can be matched bumps it.

The matching app keeps each region's pool of volunteers (the engine's column arrays) in the cache
under a key that carries this token (matching/loading.py), so a pool is never served after a
change it does not show. It lives here, below every app that writes such a change: volunteer
services (status, availability, capacity, address, languages, pause), matches (propose, start,
cancel, end, pause), support (requirements needed before a first match), transfer imports,
privacy (withdrawal, erasure, retention) and the admin (requirements).

The token is a lib.data_version.Version: shared through Django's cache, so every process sees a
bump, and replaced by a fresh random one when missing from the cache.
"""

from __future__ import annotations

from django.db import transaction

from lib.data_version import Version

# Longer than any cached pool lives: the token outlives the pools keyed on it.
POOL = Version("matching-pool-version", timeout=24 * 3600)
current = POOL.current


def bump() -> None:
    """The pools changed (call it inside the writing transaction).

    Bumped now, for readers in this transaction, and again once it commits: a request in
    another process that loaded the pool between the two saw the data from before the commit,
    and the second bump makes sure that pool is not served.
    """
    POOL.bump()
    transaction.on_commit(POOL.bump)
