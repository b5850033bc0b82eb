from django.db import migrations

# Danish data: the project leader edits both in the admin / on the cadence page.
PLACES = [
    ("Borgerrådgiveren i kommunen", "Klager og tvivl om sager i kommunen", ""),
    ("Kommunens ydelsescenter", "Kontanthjælp, boligstøtte og andre ydelser", ""),
    ("Udbetaling Danmark", "Pension, boligstøtte og familieydelser", "www.borger.dk"),
    ("Retshjælp / advokatvagt", "Gratis juridisk rådgivning", ""),
    ("Dansk Flygtningehjælps rådgivning", "Opholdstilladelse, familiesammenføring og integration", "www.drc.ngo"),
]


def add(apps, schema_editor):
    CadenceConfig = apps.get_model("followups", "CadenceConfig")
    try:
        ReferralPlace = apps.get_model("followups", "ReferralPlace")
    except LookupError:  # conftest.restore_migration_data runs this on today's models: it moved to support
        ReferralPlace = apps.get_model("support", "ReferralPlace")
    if not CadenceConfig.objects.filter(region__isnull=True).exists():
        CadenceConfig.objects.create(region=None)
    for name, description, contact in PLACES:
        ReferralPlace.objects.get_or_create(name=name, defaults={"description": description, "contact": contact})


class Migration(migrations.Migration):
    dependencies = [("followups", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
