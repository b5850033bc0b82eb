# ReferralPlace moves from followups to support, keeping its rows: this migration only takes the
# model into support's state, on followups' table; 0002 renames the table and adds the new fields.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("followups", "0004_recording_window"),
        ("regions", "0002_danish_regions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ReferralPlace",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=120, verbose_name="name")),
                        ("description", models.CharField(blank=True, max_length=300, verbose_name="what they help with")),
                        ("contact", models.CharField(blank=True, max_length=200, verbose_name="phone, e-mail or web address")),
                        ("active", models.BooleanField(default=True, verbose_name="in use")),
                        (
                            "region",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="regions.region",
                                verbose_name="region",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "place to refer to",
                        "verbose_name_plural": "places to refer to",
                        "ordering": ["name"],
                        "db_table": "followups_referralplace",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
