import logging
import time

from django.conf import settings
from django.contrib import messages
from django.db import DatabaseError
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme

from . import table_versions
from .errors import OperationRefused

logger = logging.getLogger("lib")


class OperationRefusedMiddleware:
    """An operation refused outside an action view's form (a button, a status change refused because
    the record moved on meanwhile: another user, a double click) is a message to the user, not a
    server error: back to the page, which shows the truth."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationRefused):
            messages.error(request, exception.text)
            back = request.META.get("HTTP_REFERER", "")
            safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
            return redirect(back if back and safe else request.path)
        return None


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Danish unless the person chose English with the language switch (its cookie). The browser's
    own language is not asked: a volunteer opening the application form on an English phone, or a
    consultant with an English browser, still meets the program in Danish, with the switch at hand."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        translation.activate(chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()


class NoStoreMiddleware:
    """Pages show personal data: no browser, proxy or back button may keep a copy. A view that
    means to be cached (e.g. a calendar feed) sets its own Cache-Control. Static files never get
    here (WhiteNoise answers them first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response


class SessionRefreshMiddleware:
    """Keeps the idle timeout (SESSION_COOKIE_AGE from the last activity) without writing the
    session on every request: the session is saved, and so its expiry moved on, at most once per
    SESSION_REFRESH_SECONDS. Saving on every request made every page view a database write."""

    KEY = "_refreshed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[self.KEY] = now
        return response


class DataVersionMiddleware:
    """The tables a request wrote get new versions (lib.table_versions), so the figures kept from
    them (reports.kept) are computed afresh. Read from the statements the request ran, on every
    method: a sign-in or a page view writes only sessions, sign-in records and the audit log, which
    no figure reads. Bumped after the response: the write has committed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with table_versions.recording_writes() as written:
            response = self.get_response(request)
        if written:
            try:
                table_versions.bump(written)
            except (OSError, DatabaseError) as error:
                # The write has committed: an error page now would invite sending it again. The
                # figures it changes may show up to REPORT_CACHE_SECONDS late.
                logger.error("table versions not replaced after a write (%s)", type(error).__name__)
        return response
