"""The groups a waiting time is estimated for, and what a participant needs from a volunteer.

Keys are plain strings ("all", "wishes:female", "language:ar", "heavy", "age"), so they can sit in
a URL, a model field and a test without a lookup table.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from lib import names

ALL = "all"
HEAVY = "heavy"
AGE = "age"


def keys_for(*, wished_gender: str | None, language: str | None, heavy: bool, age_wish: bool = False) -> list[str]:
    """The groups a participant belongs to, most general first. `language`: the mother tongue a
    volunteer must speak (matching's language rule, after the interpreter arrangement)."""
    keys = [ALL]
    if wished_gender:
        keys.append(f"wishes:{wished_gender}")
    if language:
        keys.append(f"language:{language}")
    if heavy:
        keys.append(HEAVY)
    if age_wish:
        keys.append(AGE)
    return keys


def label(key: str) -> str:
    """The group in words (translated: call with the request's language active)."""
    kind, _sep, value = key.partition(":")
    if kind == ALL:
        return _("Everyone")
    if kind == "wishes":
        return {"female": _("Wishes a woman"), "male": _("Wishes a man")}.get(value, _("Wishes a given gender"))
    if kind == "language":
        return _("Needs %(language)s") % {"language": names.language_name(value)}
    if kind == HEAVY:
        return _("Heavier case (professional background)")
    if kind == AGE:
        return _("Wishes a volunteer of a given age")
    return key


KIND_ORDER = {ALL: 0, "wishes": 1, "language": 2, HEAVY: 3, AGE: 4}


def rank(key: str) -> tuple:
    return (KIND_ORDER.get(key.partition(":")[0], 9), key)


def ordered(keys: Iterable[str]) -> list[str]:
    return sorted(set(keys), key=rank)
