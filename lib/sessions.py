"""Database sessions whose idle timeout can be shorter for one kind of session.

A session that holds IDLE_KEY ends after that many idle seconds instead of SESSION_COOKIE_AGE (the
volunteers' portal: 30 minutes, staff 45). It still ends when the browser closes: Django's own
`set_expiry(seconds)` would turn the cookie into a persistent one, so the age is changed here instead.
The expiry moves on with activity like every session's (lib.middleware.SessionRefreshMiddleware)."""

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

IDLE_KEY = "_idle_seconds"


class SessionStore(DatabaseSessionStore):
    def get_session_cookie_age(self) -> int:
        idle = self.get(IDLE_KEY)
        return min(int(idle), settings.SESSION_COOKIE_AGE) if idle else settings.SESSION_COOKIE_AGE
