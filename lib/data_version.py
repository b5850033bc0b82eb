"""Version tokens that change whenever some data may have changed, for caches of results computed
over much of it. A cached result is stored under the token read before computing it: a write
committed meanwhile replaces the token, so that result is never found again. Tokens live in the
shared cache, so every worker (and, with CACHE=database, every server) sees the same one; a token
missing from the cache (cleared, evicted) is replaced by a fresh random one, so nothing cached
before can be taken for current.

The data version (`current`, `bump`) covers everything: every request with an unsafe method
replaces it after the response (lib.middleware.DataVersionMiddleware) — except views marked
`keeps_figures`, which write only what no cached figure reads (signing in and out, two-factor codes,
the language, notifications read) — and so do the commands that write outside a request (import,
retention, demo data). The dashboard's report is keyed by it
(reports.cache). The matching pools have their own, narrower token (volunteers.pool_version).
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


def keeps_figures(view):
    """Marks a view whose POSTs write nothing any cached figure is computed from (sessions, sign-in
    records, the language): the data version stays, so the morning's sign-ins do not send every
    dashboard back to the database. Outermost or not: functools.wraps carries the mark outward."""
    view.keeps_figures = True
    return view
