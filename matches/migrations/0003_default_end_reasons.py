from django.db import migrations

# Danish data, like the regions: the project leader edits the list in the admin.
REASONS = [
    "Deltager flyttede",
    "Frivillig flyttede",
    "Deltagers tilstand forværredes",
    "Frivilliges tid slog ikke til",
    "Blev til venskab uden for programmet",
    "Forløbet fandt sin naturlige afslutning",
    "Kemien passede ikke",
    "Deltager ønskede at stoppe",
    "Frivillig ønskede at stoppe",
    "Andet (se note)",
]


def add(apps, schema_editor):
    EndReason = apps.get_model("matches", "EndReason")
    for order, name in enumerate(REASONS, start=1):
        EndReason.objects.get_or_create(name=name, defaults={"order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("matches", "0002_meeting_pause_closure")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
