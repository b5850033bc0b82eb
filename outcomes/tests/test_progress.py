"""AreaProgress: kept by database triggers in step with the readings and scores whoever writes them,
present after all migrations, and the distance read from it equals the per-period index seeks it
replaced, for any period."""

import random
from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection

from matches.models import Match, MatchPause
from matches.tests.factories import active_match
from outcomes import progress
from outcomes.kpi import DATE_LENGTH, SCORE_OFFSET, _readings, change_histograms, star_report
from outcomes.models import AreaProgress, Reading, Score, StarArea
from outcomes.services import current_version, reading_record

from .test_kpi import _pure_figures

pytestmark = pytest.mark.django_db
PROPOSED = date(2024, 1, 1)


def expected_progress() -> dict:
    """{(match, area): (first_on, first_value, latest_on, latest_value)} from the readings."""
    rows: dict = {}
    for match_id, on, area, value in Score.objects.filter(reading__not_this_time="").values_list(
        "reading__match_id", "reading__on", "area", "value"
    ):
        row = rows.setdefault((match_id, area), [on, value, on, value])
        if on < row[0]:
            row[0:2] = [on, value]
        if on > row[2]:
            row[2:4] = [on, value]
    return {key: tuple(row) for key, row in rows.items()}


def stored_progress() -> dict:
    return {
        (match_id, area): rest
        for match_id, area, *rest in AreaProgress.objects.values_list(
            "match_id", "area", "first_on", "first_value", "latest_on", "latest_value"
        )
    }


def assert_in_step():
    assert {key: tuple(value) for key, value in stored_progress().items()} == expected_progress()


def seek_histograms(*, date_from: date, until: date, regions) -> dict[str, dict[int, int]]:
    """The distance query before AreaProgress (two index seeks per candidate match and area code
    over the readings of the period), kept as the reference the new one is held to."""
    from django.db.models import Count

    candidates = (
        _readings(regions)
        .filter(on__gte=date_from, on__lte=until, not_this_time="")
        .values("match_id")
        .annotate(readings=Count("pk"))
        .filter(readings__gte=2)
        .values("match_id")
        .order_by()
    )
    codes = StarArea.objects.values("code").distinct().order_by()
    matches_sql, matches_params = candidates.query.sql_with_params()
    codes_sql, codes_params = codes.query.sql_with_params()

    def seek(direction: str) -> str:
        return (
            f'(SELECT CAST(r."on" AS VARCHAR(10)) || CAST(s.value + {SCORE_OFFSET} AS VARCHAR(2)) '
            f"FROM outcomes_reading r JOIN outcomes_score s ON s.reading_id = r.id AND s.area = a.code "
            f'WHERE r.match_id = m.match_id AND r."on" >= %s AND r."on" <= %s AND r.not_this_time = \'\' '
            f'ORDER BY r."on" {direction} LIMIT 1)'
        )

    sql = (
        f"WITH m AS ({matches_sql}), a AS ({codes_sql}), "
        f"p AS MATERIALIZED (SELECT a.code AS area, {seek('ASC')} AS first_key, {seek('DESC')} AS last_key "
        f"FROM m CROSS JOIN a) "
        f"SELECT area, CAST(SUBSTR(last_key, {DATE_LENGTH + 1}) AS INTEGER) "
        f"- CAST(SUBSTR(first_key, {DATE_LENGTH + 1}) AS INTEGER), COUNT(*) "
        f"FROM p WHERE first_key < last_key GROUP BY 1, 2"
    )
    histograms: dict[str, dict[int, int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, (*matches_params, *codes_params, date_from, until, date_from, until))
        for area, change, n in cursor.fetchall():
            histograms.setdefault(area, {})[change] = n
    return histograms


def test_the_triggers_exist_after_all_migrations():
    """SQLite drops a table's triggers when a migration rebuilds the table (AlterField and the like
    on outcomes_reading or outcomes_score): such a migration must install them again."""
    assert progress.installed(connection) == set(progress.NAMES)


@pytest.mark.django_db(transaction=True)
def test_a_sqlite_table_rebuild_needs_the_triggers_dropped_first_and_installed_after():
    """What a later migration that rebuilds outcomes_reading or outcomes_score on SQLite must do
    (the comment in migration 0004): the rebuild renames a new table into place, which fails while
    the other table's triggers name it, and it would drop the table's own triggers."""
    from django.db import OperationalError

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL alters tables in place")
    try:
        with pytest.raises(OperationalError, match="error in trigger"), connection.schema_editor() as editor:
            editor._remake_table(Reading)
        with connection.schema_editor() as editor:
            progress.drop(editor.connection)
            editor._remake_table(Reading)
            editor._remake_table(Score)
            assert progress.installed(editor.connection) == set()
            progress.install(editor.connection)
    finally:
        progress.install(connection)
    assert progress.installed(connection) == set(progress.NAMES)


@time_machine.travel(date(2025, 6, 30), tick=False)
def test_every_way_of_writing_readings_keeps_it_in_step(consultant_h):
    a = active_match(by=consultant_h, start=date(2024, 1, 10), on=PROPOSED)
    b = active_match(by=consultant_h, start=date(2024, 1, 10), on=PROPOSED)
    version = current_version()
    first = reading_record(match=a, on=date(2024, 2, 1), filled_by="pair", scores={"danish": 3, "work": 5}, by=None)
    reading_record(match=a, on=date(2024, 5, 1), filled_by="pair", scores={"danish": 6}, by=None)
    later = reading_record(match=a, on=date(2024, 8, 1), filled_by="pair", scores={"danish": 4, "work": 2}, by=None)
    reading_record(match=b, on=date(2024, 3, 1), filled_by="pair", scores={"home": 7}, by=None)
    reading_record(match=b, on=date(2024, 4, 1), filled_by="pair", scores={}, not_this_time="declined", by=None)
    assert stored_progress()[(a.pk, "danish")] == [date(2024, 2, 1), 3, date(2024, 8, 1), 4]
    assert (b.pk, "home") in stored_progress() and len(stored_progress()) == 3
    assert_in_step()

    # A score written before the earliest reading's, and after the latest.
    early = Reading.objects.create(match=a, version=version, on=date(2024, 1, 20), filled_by="pair")
    Score.objects.create(reading=early, area="danish", value=1)
    assert stored_progress()[(a.pk, "danish")] == [date(2024, 1, 20), 1, date(2024, 8, 1), 4]
    assert_in_step()

    # Edited scores, one at a time and in bulk; a score moved to another area.
    Score.objects.filter(reading=later, area="danish").update(value=9)
    Score.objects.filter(reading__match=a, area="work").update(value=8)
    Score.objects.filter(reading=first, area="work").update(area="home")
    assert_in_step()

    # A reading moved in time, one that becomes "not this time", one moved to another match.
    Reading.objects.filter(pk=early.pk).update(on=date(2024, 9, 1))
    assert stored_progress()[(a.pk, "danish")] == [date(2024, 2, 1), 3, date(2024, 9, 1), 1]
    Reading.objects.filter(pk=later.pk).update(not_this_time="could_not_meet")
    Reading.objects.filter(pk=first.pk).update(match=b)
    assert_in_step()
    Reading.objects.filter(pk=later.pk).update(not_this_time="")
    assert_in_step()

    # Scores deleted (the import's rescoring), then written again in bulk.
    Score.objects.filter(reading__match=a).delete()
    assert not any(match_id == a.pk for match_id, _area in stored_progress())
    Score.objects.bulk_create(
        [Score(reading=later, area="danish", value=2), Score(reading=early, area="danish", value=7)]
    )
    assert stored_progress()[(a.pk, "danish")] == [date(2024, 8, 1), 2, date(2024, 9, 1), 7]
    assert_in_step()

    # A reading deleted through the ORM (its scores go first) and one deleted by SQL before its
    # scores (the foreign key is checked at commit).
    later.delete()
    assert_in_step()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM outcomes_reading WHERE id = %s", [early.pk])
        assert_in_step()
        cursor.execute("DELETE FROM outcomes_score WHERE reading_id = %s", [early.pk])
    assert_in_step()

    # A match deleted with everything it has.
    b.delete()
    assert_in_step()
    assert stored_progress() == {}


@time_machine.travel(date(2025, 6, 30), tick=False)
def test_install_recomputes_every_row(consultant_h):
    match = active_match(by=consultant_h, start=date(2024, 1, 10), on=PROPOSED)
    reading_record(match=match, on=date(2024, 2, 1), filled_by="pair", scores={"danish": 3, "work": 5}, by=None)
    reading_record(match=match, on=date(2024, 5, 1), filled_by="pair", scores={"danish": 6}, by=None)
    AreaProgress.objects.filter(area="work").delete()
    AreaProgress.objects.filter(area="danish").update(latest_value=1)
    progress.install(connection)
    assert progress.installed(connection) == set(progress.NAMES)
    assert_in_step()


@time_machine.travel(date(2026, 3, 31), tick=False)
def test_the_distance_equals_the_per_period_seeks_for_any_period(consultant_h, consultant_s, syddanmark):
    """Random histories (pauses, "not this time", skipped areas), then deleted readings, edited and
    deleted scores, moved readings; random periods and as-of dates, cut on either side or not."""
    rng = random.Random(2013)
    version = current_version()
    codes = [area.code for area in version.areas.all()]
    matches = [active_match(by=consultant_h, start=date(2024, 1, 2 + i), on=PROPOSED) for i in range(5)]
    matches += [
        active_match(by=consultant_s, region=syddanmark, start=date(2024, 1, 2 + i), on=PROPOSED) for i in range(4)
    ]
    MatchPause.objects.create(match=matches[0], starts_on=date(2024, 9, 1), ends_on=date(2024, 10, 1))
    MatchPause.objects.create(match=matches[5], starts_on=date(2025, 2, 1))
    Match.objects.filter(pk=matches[2].pk).update(ended_on=date(2025, 3, 1))
    for match in matches:
        for day in sorted(rng.sample(range(0, 780), 12)):
            on = match.started_on + timedelta(days=day)
            reason = rng.choice(["", "", "", "", "declined", "not_relevant", "could_not_meet"])
            reading = Reading.objects.create(
                match=match, version=version, on=on, filled_by="pair", not_this_time=reason
            )
            if not reason:
                Score.objects.bulk_create(
                    Score(reading=reading, area=code, value=rng.randint(1, 10))
                    for code in rng.sample(codes, rng.randint(1, len(codes)))
                )
    readings = list(Reading.objects.order_by("pk"))
    for reading in rng.sample(readings, 10):
        reading.delete()
    scores = list(Score.objects.order_by("pk"))
    for score in rng.sample(scores, 30):
        Score.objects.filter(pk=score.pk).update(value=rng.randint(1, 10))
    Score.objects.filter(pk__in=[score.pk for score in rng.sample(scores, 20)]).delete()
    for reading in rng.sample(list(Reading.objects.order_by("pk")), 8):
        taken = set(Reading.objects.filter(match_id=reading.match_id).values_list("on", flat=True))
        moved = reading.on + timedelta(days=rng.randint(-60, 60))
        if moved not in taken:
            Reading.objects.filter(pk=reading.pk).update(on=moved)
    assert_in_step()

    days = [date(2023, 12, 1) + timedelta(days=n) for n in range(0, 880, 7)]
    periods = [(date(2023, 1, 1), date(2026, 3, 31), date(2026, 3, 31))]
    for _ in range(60):
        date_from, date_to = sorted(rng.sample(days, 2))
        periods.append((date_from, date_to, rng.choice([date_to, rng.choice(days), date(2026, 3, 31)])))
    for date_from, date_to, as_of in periods:
        until = min(date_to, as_of)
        for regions in (None, ("hovedstaden",), ("syddanmark", "hovedstaden")):
            case = {"date_from": date_from, "until": until, "regions": regions}
            assert change_histograms(**case) == seek_histograms(**case), case
        period = {"date_from": date_from, "date_to": date_to, "as_of": as_of}
        assert star_report(**period) == _pure_figures(**period), period
