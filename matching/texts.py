"""The engine's reason and exclusion codes as translated sentences (Danish first, English too).

The engine gives codes and params only; they are worded here, through gettext, so the
language switch works and the vocabulary matches the forms (lib.choices labels, Babel
language names).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

from lib import names
from lib.choices import Availability, Interest, Need, Strength

# App-level exclusions that the engine does not know about.
OTHER_REGION = "other_region"


def _label(choices, code: str) -> str:
    return str(dict(choices.choices).get(code, code))


def join(items: Iterable[str]) -> str:
    """'a', 'a and b', 'a, b and c' in the active language."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return gettext("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def join_grouped(items: Iterable[str]) -> str:
    """Like `join`, but labels sharing a head ("weekdays, daytime", "weekdays, evening") name the
    head once: "weekdays (daytime and evening) and weekends", never "weekdays … weekdays"."""
    groups: dict[str, list[str]] = {}
    for item in (str(item) for item in items):
        head, sep, tail = item.partition(", ")
        groups.setdefault(head if sep else item, []).append(tail if sep else "")
    parts = []
    for head, tails in groups.items():
        tails = [tail for tail in tails if tail]
        if len(tails) > 1:
            parts.append(f"{head} ({join(tails)})")
        else:
            parts.append(f"{head}, {tails[0]}" if tails else head)
    return join(parts)


def _km(km: float) -> str:
    if km < 1:
        return gettext("less than 1 km")
    return gettext("%(km)s km") % {"km": int(km + 0.5)}


def _number(x: float) -> str:
    return number_format(x, decimal_pos=0 if float(x).is_integer() else 1)


def _age_range(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return gettext("%(min)s–%(max)s years") % {"min": low, "max": high}
    if low is not None:
        return gettext("at least %(min)s years") % {"min": low}
    return gettext("at most %(max)s years") % {"max": high}


# --- reasons ---------------------------------------------------------------------------


def _r_age_close(p: Mapping[str, Any]) -> str:
    if p["difference"] == 0:
        return gettext("Same age")
    return ngettext("Close in age (%(years)s year apart)", "Close in age (%(years)s years apart)", p["difference"]) % {
        "years": p["difference"]
    }


def _r_need(p: Mapping[str, Any]) -> str:
    need = _label(Need, p["need"]).lower()
    if p.get("strength") is None:
        return gettext("Participant wishes %(need)s – they share interests") % {"need": need}
    return gettext("Volunteer: %(strength)s – participant wishes %(need)s") % {
        "strength": _label(Strength, p["strength"]).lower(),
        "need": need,
    }


REASONS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "distance": lambda p: gettext("Live %(distance)s apart") % {"distance": _km(p["km"])},
    "age_in_wished_range": lambda p: (
        gettext("Volunteer is %(age)s – as the participant wishes (%(range)s)")
        % {"age": p["age"], "range": _age_range(p["min"], p["max"])}
    ),
    "age_near_wished_range": lambda p: (
        gettext("Volunteer is %(age)s – close to the participant's wish (%(range)s)")
        % {"age": p["age"], "range": _age_range(p["min"], p["max"])}
    ),
    "age_close": _r_age_close,
    "shared_interests": lambda p: (
        gettext("Both enjoy %(interests)s")
        % {"interests": join(_label(Interest, code).lower() for code in p["interests"])}
    ),
    "both_have_children": lambda p: gettext("Both have children"),
    "need_met": _r_need,
    "availability": lambda p: (
        gettext("Both can meet: %(times)s")
        % {"times": join_grouped(_label(Availability, code).lower() for code in p["slots"])}
    ),
    "same_mother_tongue": lambda p: (
        gettext("Both speak %(language)s") % {"language": names.language_name(p["language"])}
    ),
    "waiting": lambda p: (
        ngettext("Has waited %(days)s day", "Has waited %(days)s days", p["days"]) % {"days": p["days"]}
    ),
}


def _x_too_far(p: Mapping[str, Any]) -> str:
    return gettext("Live %(km)s km apart (limit %(limit)s km)") % {
        "km": _number(round(p["km"], 1)),
        "limit": _number(p["limit_km"]),
    }


def _x_age(p: Mapping[str, Any]) -> str:
    if p["age"] is None:
        return gettext("Volunteer wishes a participant aged %(range)s; the participant's age is unknown") % {
            "range": _age_range(p["min"], p["max"])
        }
    return gettext("Volunteer wishes a participant aged %(range)s; the participant is %(age)s") % {
        "range": _age_range(p["min"], p["max"]),
        "age": p["age"],
    }


def _x_gender_participant(p: Mapping[str, Any]) -> str:
    wish = {
        "female": gettext("Participant wishes a female volunteer"),
        "male": gettext("Participant wishes a male volunteer"),
    }.get(p["wished"], gettext("Participant wishes a volunteer of another gender"))
    if p["actual"] is None:
        return gettext("%(wish)s; the volunteer's gender is unknown") % {"wish": wish}
    return wish


def _x_gender_volunteer(p: Mapping[str, Any]) -> str:
    wish = {
        "female": gettext("Volunteer wishes a female participant"),
        "male": gettext("Volunteer wishes a male participant"),
    }.get(p["wished"], gettext("Volunteer wishes a participant of another gender"))
    if p["actual"] is None:
        return gettext("%(wish)s; the participant's gender is unknown") % {"wish": wish}
    return wish


EXCLUSIONS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "not_approved": lambda p: gettext("Volunteer is not approved"),
    "paused": lambda p: gettext("Volunteer is on a break"),
    "no_capacity": lambda p: (
        gettext("Volunteer has no room for another match (%(open)s of %(capacity)s taken)")
        % {"open": p["open_matches"], "capacity": p["capacity"]}
    ),
    "requirements_missing": lambda p: (
        gettext("Volunteer lacks what is needed before a first match: %(requirements)s")
        % {"requirements": join(p["requirements"])}
    ),
    "heavy_case": lambda p: gettext("Heavier case needs a volunteer with a professional background"),
    "participant_gender_wish": lambda p: _x_gender_participant(p),
    "volunteer_gender_wish": lambda p: _x_gender_volunteer(p),
    "volunteer_age_wish": _x_age,
    "language_required": lambda p: (
        gettext("Participant needs a volunteer who speaks %(language)s (no interpreter arranged)")
        % {"language": names.language_name(p["language"])}
    ),
    "too_far": _x_too_far,
    OTHER_REGION: lambda p: gettext("Volunteer belongs to another region"),
}


def reason_text(reason) -> str:
    text = REASONS.get(reason.code)
    return text(reason.params) if text else reason.code


def exclusion_text(exclusion) -> str:
    text = EXCLUSIONS.get(exclusion.code)
    return text(exclusion.params) if text else exclusion.code
