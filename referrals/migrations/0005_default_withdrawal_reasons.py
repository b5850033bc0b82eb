from django.db import migrations

# Danish data, like the regions: the project leader edits the list in the admin.
REASONS = [
    "Ønsker ikke længere en frivillig",
    "Har fået anden støtte",
    "Er flyttet",
    "Helbred eller behandling gør det ikke muligt nu",
    "Kan ikke kontaktes",
    "Henvist ved en fejl",
    "Andet (se note)",
]


def add(apps, schema_editor):
    WithdrawalReason = apps.get_model("referrals", "WithdrawalReason")
    for order, name in enumerate(REASONS, start=1):
        WithdrawalReason.objects.get_or_create(name=name, defaults={"order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("referrals", "0004_withdrawal_reasons")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
