from django.db import migrations


def add_schedule(apps, schema_editor):
    RetentionSchedule = apps.get_model("privacy", "RetentionSchedule")
    if not RetentionSchedule.objects.exists():
        RetentionSchedule.objects.create()


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]
    operations = [migrations.RunPython(add_schedule, migrations.RunPython.noop)]
