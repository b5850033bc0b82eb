"""Fill Match.next_followup_on (matches 0006) from the follow-ups; from now on
followups.services.next_followup_refresh keeps it."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Match = apps.get_model("matches", "Match")
    FollowUp = apps.get_model("followups", "FollowUp")
    first_due = (
        FollowUp.objects.filter(match=OuterRef("pk"), done_on__isnull=True, not_relevant=False)
        .order_by("due_on")
        .values("due_on")[:1]
    )
    Match.objects.update(next_followup_on=Subquery(first_due))


class Migration(migrations.Migration):
    dependencies = [
        ("followups", "0006_next_due_index"),
        ("matches", "0006_match_next_followup_on"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
