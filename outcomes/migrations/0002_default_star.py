from django.db import migrations


def add(apps, schema_editor):
    from outcomes.default_star import create_default_star

    create_default_star(
        apps.get_model("outcomes", "StarVersion"),
        apps.get_model("outcomes", "StarArea"),
        apps.get_model("outcomes", "AreaText"),
    )


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
