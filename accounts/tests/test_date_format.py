"""One date format everywhere (config/formats): "2. dec. 2026" in tables and lists, "2. december 2026"
in headings and sentences, 24-hour times; English has the same two forms in English."""

from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from factories import VolunteerFactory

DAY = date(2026, 12, 2)
EVENING = timezone.make_aware(datetime(2026, 12, 2, 19, 5))


def test_danish_short_and_long_forms_with_lowercase_month_abbreviations():
    with translation.override("da"):
        assert date_format(DAY, "SHORT_DATE_FORMAT") == "2. dec. 2026"
        assert date_format(date(2026, 5, 5), "SHORT_DATE_FORMAT") == "5. maj 2026"
        assert date_format(DAY, "DATE_FORMAT") == "2. december 2026"
        assert date_format(timezone.localtime(EVENING), "SHORT_DATETIME_FORMAT") == "2. dec. 2026 19:05"


def test_english_keeps_the_same_forms_in_english():
    with translation.override("en"):
        assert date_format(DAY, "SHORT_DATE_FORMAT") == "2 Dec 2026"
        assert date_format(DAY, "DATE_FORMAT") == "2 December 2026"
        assert date_format(timezone.localtime(EVENING), "SHORT_DATETIME_FORMAT") == "2 Dec 2026 19:05"


def test_the_volunteer_list_shows_danish_dates_not_iso(client, consultant_h, hovedstaden):
    VolunteerFactory(region=hovedstaden, applied_on=DAY)
    client.force_login(consultant_h)
    html = client.get(reverse("volunteers:list")).content.decode()
    assert "2. dec. 2026" in html and "2026-12-02" not in html
