"""The application's status-change reason becomes a code, translated when shown."""

from django.db import migrations

OLD, NEW = "application form", "application_form"


def to_code(apps, schema_editor):
    apps.get_model("volunteers", "VolunteerStatusChange").objects.filter(reason=OLD).update(reason=NEW)


def to_text(apps, schema_editor):
    apps.get_model("volunteers", "VolunteerStatusChange").objects.filter(reason=NEW).update(reason=OLD)


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0002_pipeline_campaigns_screening_postings")]

    operations = [migrations.RunPython(to_code, to_text)]
