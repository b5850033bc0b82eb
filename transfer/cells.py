"""Cell parsing for the import (../shared/docs/import-format.md): a raw cell (text, or a date from
a workbook) becomes a value, or a CellError with a translated message that names the problem."""

import datetime as dt
import re
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

from lib import names
from matches.models import Assessment

GENDERS = {"female": "female", "male": "male", "other": "other", "kvinde": "female", "mand": "male", "andet": "other"}
ASSESSMENTS = {
    "well_functioning": Assessment.WELL_FUNCTIONING,
    "not_well_functioning": Assessment.NOT_WELL_FUNCTIONING,
    "velfungerende": Assessment.WELL_FUNCTIONING,
    "ikke velfungerende": Assessment.NOT_WELL_FUNCTIONING,
}
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
DANISH_DATE = re.compile(r"^(\d{1,2})[-.](\d{1,2})[-.](\d{4})$")


class CellError(ValueError):
    pass


def parse_date(raw) -> dt.date | None:
    if raw == "":
        return None
    if isinstance(raw, dt.date):
        return raw
    text = str(raw).strip()
    text = text[:10] if re.match(r"^\d{4}-\d{2}-\d{2}[ T]00:00(:00)?$", text) else text
    iso, danish = ISO_DATE.match(text), DANISH_DATE.match(text)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif danish:
        day, month, year = (int(part) for part in danish.groups())
    else:
        raise CellError(_("not a date (write YYYY-MM-DD): %(value)s") % {"value": text})
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(_("the date does not exist: %(value)s") % {"value": text})


def parse_year(raw) -> int | None:
    if raw == "":
        return None
    text = str(raw).strip()
    if not re.fullmatch(r"\d{4}", text):
        raise CellError(_("not a year with four digits: %(value)s") % {"value": text})
    year = int(text)
    if not 1900 <= year <= timezone.localdate().year:
        raise CellError(_("the year is not possible: %(value)s") % {"value": text})
    return year


def parse_gender(raw) -> str:
    text = str(raw).strip().lower()
    if text == "":
        return ""
    if text not in GENDERS:
        raise CellError(_("unknown gender (female, male, other): %(value)s") % {"value": raw})
    return GENDERS[text]


def parse_country(raw) -> str:
    text = str(raw).strip().upper()
    if text == "":
        return ""
    if len(text) != 2 or not names.is_country(text):
        raise CellError(_("not an ISO 3166 country code (such as SY, AF, DK): %(value)s") % {"value": raw})
    return text


def parse_languages(raw) -> list[str]:
    codes: list[str] = []
    for part in str(raw).split("|"):
        code = part.strip().lower()
        if not code:
            continue
        if not names.is_language(code):
            raise CellError(_("not an ISO 639 language code (such as ar, fa, da): %(value)s") % {"value": part.strip()})
        if code not in codes:
            codes.append(code)
    return codes


def parse_postcode(raw) -> str:
    text = str(raw).strip()
    if text and not re.fullmatch(r"\d{4}", text):
        raise CellError(_("not a Danish postcode with four digits: %(value)s") % {"value": text})
    return text


def parse_assessment(raw) -> str:
    text = str(raw).strip().lower()
    if text == "":
        return ""
    if text not in ASSESSMENTS:
        raise CellError(_("unknown assessment (well_functioning, not_well_functioning): %(value)s") % {"value": raw})
    return ASSESSMENTS[text]


def parse_capacity(raw) -> int:
    text = str(raw).strip()
    if text == "":
        return 1
    if not re.fullmatch(r"\d{1,2}", text) or not 1 <= int(text) <= 20:
        raise CellError(_("not a number of matches from 1 to 20: %(value)s") % {"value": text})
    return int(text)


FILLED_BY = {
    "pair": "pair",
    "participant": "participant",
    "volunteer": "volunteer",
    "consultant": "consultant",
    "par": "pair",
    "deltager": "participant",
    "frivillig": "volunteer",
    "konsulent": "consultant",
}
REASONS = ("declined", "not_relevant", "could_not_meet")


def parse_filled_by(raw) -> str:
    text = str(raw).strip().lower()
    if text and text not in FILLED_BY:
        raise CellError(_("unknown (pair, participant, volunteer, consultant): %(value)s") % {"value": raw})
    return FILLED_BY.get(text, "")


def parse_reason(raw) -> str:
    text = str(raw).strip().lower()
    if text and text not in REASONS:
        raise CellError(_("unknown reason (declined, not_relevant, could_not_meet): %(value)s") % {"value": raw})
    return text


def scores_parser(areas: frozenset[str]) -> Callable:
    """`danish=4|network=6` → {"danish": 4, "network": 6}: known area codes, whole scores 1-10."""

    def parse_scores(raw) -> dict[str, int]:
        scores: dict[str, int] = {}
        for part in str(raw).split("|"):
            if not part.strip():
                continue
            area, equals, value = (piece.strip() for piece in part.partition("="))
            area = area.lower()
            if not equals or not area:
                raise CellError(_("write area=score separated by | (danish=4|network=6): %(value)s") % {"value": part})
            if area not in areas:
                raise CellError(_("unknown area of the star: %(value)s") % {"value": area})
            if not re.fullmatch(r"\d{1,2}", value) or not 1 <= int(value) <= 10:
                raise CellError(_("a score is a whole number from 1 to 10: %(value)s") % {"value": part.strip()})
            if area in scores:
                raise CellError(_("the area is given twice: %(value)s") % {"value": area})
            scores[area] = int(value)
        return scores

    return parse_scores


def text_parser(max_length: int):
    def parse(raw) -> str:
        text = str(raw).strip()
        if len(text) > max_length:
            raise CellError(_("longer than %(n)s characters") % {"n": max_length})
        return text

    return parse


def region_parser(regions: dict) -> Callable:
    """Parses a region slug (any case) to the region's primary key; `regions` maps slug → Region."""

    def parse_region(raw):
        text = str(raw).strip().lower()
        if text == "":
            return None
        if text not in regions:
            raise CellError(_("unknown region (%(known)s): %(value)s") % {"known": ", ".join(regions), "value": raw})
        return regions[text].pk

    return parse_region


def column_parsers(table: str, regions: dict, areas: frozenset[str] = frozenset()) -> dict[str, Callable]:
    """Column → parser for one table (`areas`: the star's area codes, for readings)."""
    parse_region = region_parser(regions)
    common = {
        "first_name": text_parser(100),
        "last_name": text_parser(100),
        "gender": parse_gender,
        "birth_year": parse_year,
        "postcode": parse_postcode,
        "languages": parse_languages,
        "region": parse_region,
    }
    if table == "participants":
        return common | {
            "birth_country": parse_country,
            "arrival_year": parse_year,
            "treatment_centre": text_parser(200),
            "referred_on": parse_date,
            "accepted_on": parse_date,
            "consent_on": parse_date,
        }
    if table == "volunteers":
        return common | {
            "applied_on": parse_date,
            "approved_on": parse_date,
            "left_on": parse_date,
            "capacity": parse_capacity,
            "consent_on": parse_date,
        }
    if table == "readings":
        return {
            "match_id": text_parser(32),
            "on": parse_date,
            "filled_by": parse_filled_by,
            "not_this_time": parse_reason,
            "scores": scores_parser(areas),
        }
    return {
        "participant_id": text_parser(32),
        "volunteer_id": text_parser(32),
        "region": parse_region,
        "proposed_on": parse_date,
        "started_on": parse_date,
        "cancelled_on": parse_date,
        "ended_on": parse_date,
        "end_reason": text_parser(10_000),
        "six_month_assessment": parse_assessment,
    }
