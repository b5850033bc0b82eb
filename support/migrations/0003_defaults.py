from django.db import migrations

# The program's requirements (Danish data; the project leader edits them in the admin). Not needed
# before a first match by default: switched on, they would stop every approved volunteer whose
# records are not yet entered. The leader ticks it once the records are in (docs/support.md).
REQUIREMENTS = [
    ("Underskrevet tavshedserklæring", 1),
    ("To referencer tjekket", 2),
    ("Introduktion gennemført", 3),
]

# The places followups had, now with a category.
CATEGORIES = {
    "Borgerrådgiveren i kommunen": "citizen_service",
    "Kommunens ydelsescenter": "benefits",
    "Udbetaling Danmark": "benefits",
    "Retshjælp / advokatvagt": "legal_aid",
    "Dansk Flygtningehjælps rådgivning": "legal_aid",
}


def add(apps, schema_editor):
    Requirement = apps.get_model("support", "Requirement")
    ReferralPlace = apps.get_model("support", "ReferralPlace")
    for name, order in REQUIREMENTS:
        Requirement.objects.get_or_create(name=name, defaults={"order": order})
    for name, category in CATEGORIES.items():
        ReferralPlace.objects.filter(name=name, category="other").update(category=category)


class Migration(migrations.Migration):
    dependencies = [("support", "0002_directory_supervision_requirements")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
