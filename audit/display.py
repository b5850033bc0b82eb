"""Audit details in the reader's language. Services store short English codes ("status: accepted",
"fields: phone, email"); the log page shows them translated: known phrases from the table below,
field names as the model's verbose names, status and role codes as their choice labels."""

import re

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

PHRASES = {
    "ad-hoc contact": _("ad-hoc contact"),
    "application form": _("application form"),
    "backup codes renewed": _("backup codes renewed"),
    "calendar link issued": _("calendar link issued"),
    "calendar link revoked": _("calendar link revoked"),
    "campaign": _("campaign"),
    "cancelled": _("cancelled"),
    "course attended": _("course attended"),
    "ended": _("ended"),
    "event attended": _("event attended"),
    "event attendance removed": _("event attendance removed"),
    "event feedback": _("event feedback"),
    "event place from waiting list": _("event place from the waiting list"),
    "event sign-up": _("signed up for an event"),
    "event sign-up cancelled": _("event sign-up cancelled"),
    "event waiting list": _("on an event's waiting list"),
    "invited to an event": _("invited to an event"),
    "flags handled": _("concerns handled"),
    "follow-up cadence": _("follow-up cadence"),
    "follow-up plan": _("follow-up plan"),
    "match meeting scheduled": _("match meeting scheduled"),
    "note added": _("note added"),
    "note": _("note"),
    "password set by another user": _("password set by another user"),
    "paused": _("paused"),
    "posting approved": _("posting approved"),
    "proposed": _("proposed"),
    "referral": _("referral"),
    "resumed": _("resumed"),
    "screened": _("screened"),
    "screening booked": _("screening booked"),
    "screening corrected": _("screening corrected"),
    "screening moved": _("screening moved"),
    "started": _("started"),
    "two-factor login removed": _("two-factor login removed"),
    "two-factor login set up": _("two-factor login set up"),
    "authenticator replaced": _("authenticator replaced"),
    "why not": _("why not"),
    "accepted": _("accepted"),
    "accepted again": _("accepted again"),
    "info requested": _("more information requested"),
    "declined": _("declined"),
    "withdrawn": _("withdrawn"),
    "left": _("left"),
    "all regions": _("all regions"),
}
PREFIXES = {
    "fields": _("fields"),
    "changed": _("changed"),
    "status": _("status"),
    "capacity": _("matches at a time"),
    "sleep on it days": _("days to sleep on it"),
    "staff account created": _("staff account created"),
    "staff account changed": _("staff account changed"),
    "referral list": _("referral list"),
    "waiting list": _("waiting list"),
    "volunteer list": _("volunteer list"),
    "match list": _("match list"),
    "event people list": _("event's people"),
    "event invitation list": _("event invitation preview"),
    "event attendance list": _("event attendance page"),
}
FOLLOW_UP_DONE = re.compile(r"^follow-up (\w+) done$")


def _model(target_type):
    try:
        return apps.get_model(target_type)
    except (LookupError, ValueError):
        return None


def _word(model, item: str) -> str:
    """One code in words: a known phrase, a field's verbose name, or a choice label of the model."""
    if item in PHRASES:
        return str(PHRASES[item])
    if model is None:
        return item
    try:
        return str(model._meta.get_field(item).verbose_name)
    except FieldDoesNotExist:
        pass
    for field in model._meta.get_fields():
        label = dict(getattr(field, "choices", None) or ()).get(item)
        if label is not None:
            return str(label)
    return item


def detail_label(target_type: str, detail: str) -> str:
    model = _model(target_type)
    found = FOLLOW_UP_DONE.match(detail)
    if found:
        return _("follow-up done: %(kind)s") % {"kind": _word(model, found.group(1))}
    prefix, sep, rest = detail.partition(": ")
    if sep and prefix in PREFIXES:
        if prefix.endswith("list"):  # ids shown on a list page
            return f"{PREFIXES[prefix]}: {rest}"
        return f"{PREFIXES[prefix]}: " + ", ".join(_word(model, item.strip()) for item in rest.split(","))
    return _word(model, detail) if detail in PHRASES else detail
