"""`shows_people`: a view declares that its pages show people (participants, volunteers, matches).

Such a view records what it shows on every GET (`audit_view` for one record, `audit_listed` for
a list, also an empty one). The decorator holds it to that: a successful GET that made no audit
call is a programming error — it raises where `settings.AUDIT_STRICT` is on (tests) and is logged
otherwise, with a generic event for the page so the view still leaves a trace. The test
accounts/tests/test_view_audit.py finds pages that show a person's name without the declaration.
"""

import logging
from collections.abc import Callable
from functools import wraps

from django.conf import settings

from .models import Action
from .services import _calls, audit_record

logger = logging.getLogger("audit")


class UnauditedPage(AssertionError):
    pass


def shows_people(view: Callable) -> Callable:
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        token = _calls.set([])
        try:
            response = view(request, *args, **kwargs)
            audited = bool(_calls.get())
        finally:
            _calls.reset(token)
        if request.method == "GET" and response.status_code == 200 and not audited:
            name = getattr(request.resolver_match, "view_name", "") or view.__name__
            if getattr(settings, "AUDIT_STRICT", False):
                raise UnauditedPage(f"{name} shows people but recorded no audit event")
            logger.error("page %s shows people but recorded no audit event", name)
            audit_record(actor=request.user, action=Action.VIEW, target_type="page", detail=f"page {name}")
        return response

    wrapped.shows_people = True
    return wrapped
