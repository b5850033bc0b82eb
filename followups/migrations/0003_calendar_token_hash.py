"""Calendar links: store only the SHA-256 digest of the secret. Existing links keep working (their
secret is hashed in place), but their address can no longer be shown."""

import hashlib

from django.db import migrations, models


def hash_existing(apps, schema_editor):
    CalendarToken = apps.get_model("followups", "CalendarToken")
    for row in CalendarToken.objects.all():
        row.token_hash = hashlib.sha256(row.token.encode()).hexdigest()
        row.save(update_fields=["token_hash"])


class Migration(migrations.Migration):
    dependencies = [("followups", "0002_defaults")]

    operations = [
        migrations.AddField(
            model_name="calendartoken",
            name="token_hash",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.RunPython(hash_existing, migrations.RunPython.noop),
        migrations.RemoveField(model_name="calendartoken", name="token"),
        migrations.AlterField(
            model_name="calendartoken",
            name="token_hash",
            field=models.CharField(max_length=64, unique=True),
        ),
    ]
