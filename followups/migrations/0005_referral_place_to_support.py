# ReferralPlace now belongs to support (support/migrations/0001 takes it over, table and rows kept).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("followups", "0004_recording_window"),
        ("support", "0001_referral_place_from_followups"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ReferralPlace")],
            database_operations=[],
        ),
    ]
