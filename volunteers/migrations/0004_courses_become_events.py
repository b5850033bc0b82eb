"""Courses and their attendance now live in the events app (copied by events 0002 first)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("volunteers", "0003_status_reason_codes"),
        ("events", "0002_courses_from_volunteers"),
    ]

    operations = [
        migrations.DeleteModel(name="CourseAttendance"),
        migrations.DeleteModel(name="Course"),
    ]
