"""`{{ day|short_date }}`: the same text as `{{ day|date:"SHORT_DATE_FORMAT" }}`, for long lists.

Django formats each date anew (the format looked up, month names translated: ~40 µs), six dates
a row made a quarter of a 50-row list's time. A day's text in one language never changes, so it
is kept."""

from datetime import date
from functools import lru_cache

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import formats
from django.utils.translation import get_language

register = template.Library()


@lru_cache(maxsize=8192)
def _short_date(day: date, language: str | None) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


@register.filter(expects_localtime=True, is_safe=False)
def short_date(value) -> str:
    """Dates only (a datetime's text depends on the time zone): anything else as `date` would."""
    if type(value) is not date:
        return date_filter(value, "SHORT_DATE_FORMAT")
    return _short_date(value, get_language())
