"""The built report, kept a few minutes per period, scope, version and language.

Building the report over every region and six years of data takes a few seconds at national scale;
the same figures are asked for again and again (the dashboard, then its downloads, then another
person in the same region). A result is kept until a table it reads changes (reports.kept,
lib.table_versions) and at most until the current window of settings.REPORT_CACHE_SECONDS (ten
minutes) ends: a figure never predates the last change made through the application, and never is
more than ten minutes old whatever else wrote to the database. Each source of the report is kept
the same way, so the first look after a change rebuilds from the sources that change touched. The
test settings turn it off (0): tests write with the ORM between requests;
reports/tests/test_report_cache.py tests it switched on.
"""

import hashlib
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from . import kept
from .dashboard import build_report
from .documents import report_docx, report_xlsx
from .kpi import Period
from .masking import FUNDER, audience_for
from .tables import Report


def _key(period: Period, masked: bool, region_name: str) -> str:
    regions = ",".join(period.regions) if period.regions is not None else "*"
    parts = (
        kept.report_token(),
        translation.get_language(),
        "funder" if masked else "internal",
        period.date_from,
        period.date_to,
        period.as_of,
        regions,
        region_name,
    )
    # Hashed: region names have spaces and letters a cache key may not hold.
    return "report:" + hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()


def report_for(*, period: Period, user, region_name: str, audience: str | None = None) -> Report:
    """build_report's result for this user, from the cache when the data has not changed since."""
    if not kept.in_use():
        return build_report(period=period, user=user, region_name=region_name, audience=audience)
    key = _key(period, audience_for(user, audience) == FUNDER, region_name)
    build = partial(build_report, period=period, user=user, region_name=region_name, audience=audience)
    return cache.get_or_set(key, build, settings.REPORT_CACHE_SECONDS)


RENDERERS = {"docx": report_docx, "xlsx": report_xlsx}


def document_for(kind: str, *, period: Period, user, region_name: str, audience: str) -> bytes:
    """The report as a .docx or .xlsx file, kept like the report itself (laying out a Word file
    of thirty tables takes most of a second)."""
    render = RENDERERS[kind]
    if not kept.in_use():
        return render(build_report(period=period, user=user, region_name=region_name, audience=audience))
    key = f"{_key(period, audience_for(user, audience) == FUNDER, region_name)}:{kind}"
    report = partial(report_for, period=period, user=user, region_name=region_name, audience=audience)
    return cache.get_or_set(key, lambda: render(report()), settings.REPORT_CACHE_SECONDS)
