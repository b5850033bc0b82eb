"""The admin-made courses and their attendance become events, history kept (events 0002)."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import User
from factories import region

BEFORE = [("events", "0001_initial"), ("volunteers", "0003_status_reason_codes")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_courses_and_attendance_become_events_and_attendances():
    hovedstaden = region("hovedstaden")
    recorder = User.objects.create(username="konsulent", role="consultant")
    old = migrate(BEFORE)
    Course = old.get_model("volunteers", "Course")
    CourseAttendance = old.get_model("volunteers", "CourseAttendance")
    Volunteer = old.get_model("volunteers", "Volunteer")
    volunteer = Volunteer.objects.create(reference="V-1", region_id=hovedstaden.pk, status="approved")
    course = Course.objects.create(title="PTSD og traumer", held_on=date(2023, 3, 1), description="Traumer")
    meeting = Course.objects.create(
        title="Erfaringsudvekslingsmøde", held_on=date(2023, 9, 1), region_id=hovedstaden.pk
    )
    Course.objects.create(title="Webinar: Breve fra kommunen", held_on=date(2023, 10, 1))
    at = datetime(2023, 3, 2, 9, 0, tzinfo=UTC)
    CourseAttendance.objects.create(course=course, volunteer=volunteer, recorded_by_id=recorder.pk)
    CourseAttendance.objects.filter(course=course).update(recorded_at=at)
    CourseAttendance.objects.create(course=meeting, volunteer=volunteer)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from events.models import Attendance, Event

    events = {e.title: e for e in Event.objects.all()}
    assert {title: e.kind for title, e in events.items()} == {
        "PTSD og traumer": "course",
        "Erfaringsudvekslingsmøde": "exchange",
        "Webinar: Breve fra kommunen": "webinar",
    }
    assert events["PTSD og traumer"].topic == "Traumer" and events["PTSD og traumer"].region is None
    assert events["Erfaringsudvekslingsmøde"].region_id == hovedstaden.pk
    first = Attendance.objects.get(event=events["PTSD og traumer"])
    assert (first.volunteer_id, first.recorded_by_id, first.recorded_at) == (volunteer.pk, recorder.pk, at)
    assert Attendance.objects.filter(event=events["Erfaringsudvekslingsmøde"], volunteer_id=volunteer.pk).exists()
    assert "volunteers_course" not in connection.introspection.table_names()
