"""The admin-made courses and their attendance (volunteers.Course, CourseAttendance) become events
and attendances, history kept: who recorded an attendance and when. The kind is read from the title
(an experience-exchange meeting or a webinar when it says so, else a course); the description is
the topic; a course had no time of day, so the event has none."""

from django.db import migrations

KIND_WORDS = [("erfaringsudveksl", "exchange"), ("experience", "exchange"), ("webinar", "webinar")]


def kind_of(title: str) -> str:
    lowered = title.lower()
    return next((kind for word, kind in KIND_WORDS if word in lowered), "course")


def forwards(apps, schema_editor):
    try:
        Course = apps.get_model("volunteers", "Course")
        CourseAttendance = apps.get_model("volunteers", "CourseAttendance")
    except LookupError:  # run again on today's models (conftest.restore_migration_data): no courses
        return
    Event = apps.get_model("events", "Event")
    Attendance = apps.get_model("events", "Attendance")
    events = {}
    for course in Course.objects.order_by("pk"):
        events[course.pk] = Event.objects.create(
            kind=kind_of(course.title),
            title=course.title,
            topic=course.description,
            held_on=course.held_on,
            region_id=course.region_id,
        )
    Attendance.objects.bulk_create(
        Attendance(
            event=events[row.course_id],
            volunteer_id=row.volunteer_id,
            recorded_by_id=row.recorded_by_id,
            recorded_at=row.recorded_at,
        )
        for row in CourseAttendance.objects.order_by("pk")
    )


def backwards(apps, schema_editor):
    Course = apps.get_model("volunteers", "Course")
    CourseAttendance = apps.get_model("volunteers", "CourseAttendance")
    Event = apps.get_model("events", "Event")
    for event in Event.objects.order_by("pk"):
        course, _created = Course.objects.get_or_create(
            title=event.title, held_on=event.held_on, defaults={"region_id": event.region_id, "description": event.topic}
        )
        for attendance in event.attendances.all():
            CourseAttendance.objects.get_or_create(
                course=course,
                volunteer_id=attendance.volunteer_id,
                defaults={"recorded_by_id": attendance.recorded_by_id},
            )
    Event.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial"), ("volunteers", "0003_status_reason_codes")]

    operations = [migrations.RunPython(forwards, backwards)]
