from datetime import date

from django.db import migrations

# The project period 2022-2023: 70 + 20 new matches a year, 67 % well-functioning after six
# months, 100 volunteers recruited and 90 referrals accepted in the period.
YEARLY = [("hovedstaden", 70), ("syddanmark", 20)]


def add_defaults(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    Target = apps.get_model("reports", "Target")
    PeriodTarget = apps.get_model("reports", "PeriodTarget")
    for slug, matches in YEARLY:
        region = Region.objects.filter(slug=slug).first()
        if region is None:
            continue
        for year in (2022, 2023):
            Target.objects.get_or_create(
                region=region, year=year, defaults={"matches": matches, "well_functioning_pct": 67}
            )
    PeriodTarget.objects.get_or_create(
        label="2022–2023",
        defaults={
            "starts_on": date(2022, 1, 1),
            "ends_on": date(2023, 12, 31),
            "volunteers_recruited": 100,
            "referrals_accepted": 90,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial"), ("regions", "0002_danish_regions")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
