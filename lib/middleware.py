from django.contrib import messages
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from .lifecycle import InvalidTransition


class TransitionConflictMiddleware:
    """A status change refused because the record moved on meanwhile (another user, a double
    click) is a message to the user, not a server error: back to the page, which shows the truth."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, InvalidTransition):
            messages.error(request, " ".join(exception.messages))
            back = request.META.get("HTTP_REFERER", "")
            safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
            return redirect(back if back and safe else request.path)
        return None
