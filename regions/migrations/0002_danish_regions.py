from django.db import migrations

REGIONS = [
    ("hovedstaden", "Region Hovedstaden", "1084", True),
    ("sjaelland", "Region Sjælland", "1085", False),
    ("syddanmark", "Region Syddanmark", "1083", True),
    ("midtjylland", "Region Midtjylland", "1082", False),
    ("nordjylland", "Region Nordjylland", "1081", False),
]


def add_regions(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    for slug, name, code, active in REGIONS:
        Region.objects.get_or_create(slug=slug, defaults={"name": name, "code": code, "active": active})


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(add_regions, migrations.RunPython.noop)]
