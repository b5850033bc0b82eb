"""The volunteer-support figures on the dashboard and in the funder report, against a hand-built
history; small cells hidden outside the organisation."""

from datetime import date

import pytest

from events.models import Attendance, Feedback, Format, Kind
from reports.dashboard import build_report
from reports.kpi import Period
from reports.masking import FUNDER
from reports.tables import HIDDEN, SMALL, Share
from reports.tests.factories import history_match

from .helpers import make_event

pytestmark = pytest.mark.django_db
PERIOD = Period(date_from=date(2024, 1, 1), date_to=date(2024, 6, 30), as_of=date(2024, 6, 30))


@pytest.fixture
def history(hovedstaden):
    active = [history_match(started=date(2024, 1, 1)).volunteer for _ in range(6)]
    ended = history_match(started=date(2023, 1, 1), ended=date(2024, 3, 1)).volunteer
    earlier = make_event(hovedstaden, kind=Kind.EXCHANGE, held_on=date(2023, 11, 1))
    meeting = make_event(hovedstaden, kind=Kind.EXCHANGE, held_on=date(2024, 5, 1))
    course = make_event(None, kind=Kind.COURSE, held_on=date(2024, 2, 1), format=Format.ONLINE)
    old_webinar = make_event(None, kind=Kind.WEBINAR, held_on=date(2022, 1, 1))
    for volunteer in active[:2]:
        Attendance.objects.create(event=earlier, volunteer=volunteer)
    for volunteer, rating in zip([*active[:3], ended], [4, 5, 5, 3], strict=True):
        attendance = Attendance.objects.create(event=meeting, volunteer=volunteer)
        Feedback.objects.create(attendance=attendance, rating=rating)
    Attendance.objects.create(event=course, volunteer=active[3])
    Attendance.objects.create(event=old_webinar, volunteer=active[4])
    return active


def table(report, key):
    return next(t for section in report.sections for t in section.tables if t.key == key)


def test_the_internal_figures(history, leader):
    report = build_report(period=PERIOD, user=leader, region_name="Alle")
    # 6 active on the as-of date (the ended match does not count); 4 of them at an event within a year.
    assert [row[1:] for row in table(report, "event_reach").rows] == [[6, ""], [4, Share(67, 6)]]
    kinds = {row[0]: row[1:] for row in table(report, "event_kinds").rows}
    assert kinds["Erfaringsudvekslingsmøde"] == [1, 4, 4]
    assert kinds["Kursus"] == [1, 1, 1]
    assert kinds["Webinar"] == [0, 0, 0]
    # 4 at the May meeting, 2 of them had been at the November one.
    assert [row[1:] for row in table(report, "exchange_returning").rows] == [[4, ""], [2, Share(50, 4)]]
    assert table(report, "event_feedback").rows == [["Erfaringsudvekslingsmøde", "Fysisk fremmøde", 4, "4,2"]]


def test_the_funder_version_hides_small_cells(history, leader):
    report = build_report(period=PERIOD, user=leader, region_name="Alle", audience=FUNDER)
    assert [row[1:] for row in table(report, "event_reach").rows] == [[6, ""], [SMALL, HIDDEN]]
    assert table(report, "event_feedback").rows == [["Erfaringsudvekslingsmøde", "Fysisk fremmøde", SMALL, HIDDEN]]


def test_a_region_counts_its_volunteers_and_the_national_events(history, leader):
    report = build_report(
        period=Period(PERIOD.date_from, PERIOD.date_to, PERIOD.as_of, regions=("syddanmark",)),
        user=leader,
        region_name="Syddanmark",
    )
    kinds = {row[0]: row[1:] for row in table(report, "event_kinds").rows}
    assert kinds["Kursus"] == [1, 0, 0] and kinds["Erfaringsudvekslingsmøde"] == [0, 0, 0]
