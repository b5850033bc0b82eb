"""Version tokens that change whenever some data may have changed, for caches of results computed
over much of it. A cached result is stored under the token read before computing it: a write
committed meanwhile replaces the token, so that result is never found again. Tokens live in the
shared cache, so every worker (and, with CACHE=database, every server) sees the same one; a token
missing from the cache (cleared, evicted) is replaced by a fresh random one, so nothing cached
before can be taken for current.

The data version (`current`, `bump`) covers everything: the commands that write outside a request
(import, retention, demo data, migrate) replace it. Requests replace the versions of the tables
they wrote (lib.table_versions, whose every token carries this one), which the dashboard's figures
are kept under (reports.kept). The matching pools have their own, narrower token (volunteers.pool_version).
"""

import secrets

from django.core.cache import cache


class Version:
    def __init__(self, key: str, timeout: int | None = None):
        self.key = key
        self.timeout = timeout  # None: kept until replaced

    def current(self) -> str:
        version = cache.get(self.key)
        if version is None:
            version = secrets.token_hex(8)
            # add, not set: two workers starting at once agree on the first one written.
            if not cache.add(self.key, version, timeout=self.timeout):
                version = cache.get(self.key) or version
        return version

    def bump(self) -> None:
        cache.set(self.key, secrets.token_hex(8), timeout=self.timeout)


DATA = Version("data-version")
current = DATA.current
bump = DATA.bump
