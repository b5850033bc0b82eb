"""One token that changes whenever the program's data may have changed, for caches of figures
computed over everything (the dashboard, the report downloads).

Every request with an unsafe method (a form sent, a button pressed) replaces it after the response
(lib.middleware.DataVersionMiddleware), and so do the commands that write outside a request
(import, retention, demo data). A cached result is stored under the token read before computing
it: a write committed meanwhile replaces the token, so that result is never found again. The token
lives in the shared cache, so every worker on the server sees the same one.
"""

import secrets

from django.core.cache import cache

KEY = "data-version"


def current() -> str:
    version = cache.get(KEY)
    if version is None:
        version = secrets.token_hex(8)
        # add, not set: two workers starting at once agree on the first one written.
        if not cache.add(KEY, version, timeout=None):
            version = cache.get(KEY, version)
    return version


def bump() -> None:
    cache.set(KEY, secrets.token_hex(8), timeout=None)
