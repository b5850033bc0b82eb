"""Fill Match.star_fell_on (matches 0007) from the readings; from now on
outcomes.services.attention_refresh keeps it. The same comparison as outcomes.selectors.fell,
written against this migration's models."""

from django.db import connections, migrations
from django.db.models import OuterRef, Subquery

DROP = 2


def fill(apps, schema_editor):
    Match = apps.get_model("matches", "Match")
    Reading = apps.get_model("outcomes", "Reading")
    scored = Reading.objects.filter(match=OuterRef("pk"), not_this_time="").order_by("-on", "-pk").values("pk")
    pairs = Match.objects.annotate(latest=Subquery(scored[:1]), previous=Subquery(scored[1:2])).values_list(
        "latest", "previous"
    )
    pairs_sql, params = pairs.query.sql_with_params()
    with connections[Match.objects.db].cursor() as cursor:
        cursor.execute(
            f"""WITH pairs AS ({pairs_sql})
            SELECT DISTINCT r.match_id, r."on" FROM pairs
            JOIN outcomes_score now ON now.reading_id = pairs.latest
            JOIN outcomes_score before ON before.reading_id = pairs.previous AND before.area = now.area
            JOIN outcomes_reading r ON r.id = pairs.latest
            WHERE before.value >= now.value + %s""",
            [*params, DROP],
        )
        fell = cursor.fetchall()
    for match_id, on in fell:
        Match.objects.filter(pk=match_id).update(star_fell_on=on)


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0004_area_progress"),
        ("matches", "0007_match_star_fell_on"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
