"""What the star pages show. Scoping goes through `scoped_matches` / `get_scoped_match` only, so a
change of the project's match scoping (Match.objects.for_user) is made here once."""

from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import OuterRef, Q, QuerySet, Subquery

from accounts.access import get_in_scope
from accounts.models import CASEWORK_ROLES
from matches.models import Match, MatchPause, MatchStatus

from . import schedule
from .models import SOURCE_LANGUAGE, AreaText, Reading, StarVersion

DROP = 2
LIST_LIMIT = 50


def sees_readings(user) -> bool:
    """Readings are the participant's personal data: the consultant and leader only."""
    return getattr(user, "role", None) in CASEWORK_ROLES


def scoped_matches(user):
    return Match.objects.for_user(user)


def get_scoped_match(user, match_id) -> Match:
    return get_in_scope(Match.objects.for_user(user), pk=match_id)


def readings_of(match: Match) -> list[Reading]:
    return list(
        Reading.objects.filter(match=match)
        .select_related("version", "recorded_by", "link")
        .prefetch_related("scores", "version__areas__texts")
        .order_by("on", "pk")
    )


@dataclass
class Row:
    area: object  # StarArea of the version shown
    name: str
    first: int | None
    latest: int | None

    @property
    def change(self) -> int | None:
        if self.first is None or self.latest is None:
            return None
        return self.latest - self.first


def compare(readings: list[Reading], version: StarVersion) -> tuple[Reading | None, Reading | None, list[Row]]:
    """The first and the latest reading with scores, area by area in the given version's order."""
    scored = [reading for reading in readings if not reading.not_this_time]
    if not scored:
        return None, None, []
    first, latest = scored[0], scored[-1]
    first_scores, latest_scores = first.score_map(), latest.score_map()
    rows = []
    for area in version.areas.all():
        text = area.text(SOURCE_LANGUAGE)
        rows.append(
            Row(
                area=area,
                name=text.name if text else area.code,
                first=first_scores.get(area.code),
                latest=latest_scores.get(area.code) if latest is not first else None,
            )
        )
    return first, (latest if latest is not first else None), rows


def drops(readings: list[Reading]) -> list[tuple[str, int, int]]:
    """Areas where the latest reading with scores fell by DROP or more since the one before:
    [(area code, before, now)]."""
    scored = [reading for reading in readings if not reading.not_this_time]
    if len(scored) < 2:
        return []
    before, now = scored[-2].score_map(), scored[-1].score_map()
    return [
        (code, before[code], value) for code, value in now.items() if code in before and before[code] - value >= DROP
    ]


def _scored(match_ref) -> QuerySet:
    """The match's readings with scores (not "not this time"), the latest first: index seeks on
    (match, on)."""
    return Reading.objects.filter(match=match_ref, not_this_time="").order_by("-on", "-pk")


def due_readings(user, today: date, interval_months: int) -> tuple[list[dict], int]:
    """Active matches in the user's scope whose next reading is due today or earlier, earliest
    first: (the first LIST_LIMIT rows, how many in all). Matches that surely have nothing due are
    left out in the database; the schedule runs over plain tuples; only the rows shown are loaded."""
    latest = Reading.objects.filter(match=OuterRef("pk")).order_by("-on").values("on")[:1]
    active = scoped_matches(user).filter(status=MatchStatus.ACTIVE, started_on__isnull=False)
    started_after, read_since = schedule.surely_not_due(today, interval_months)
    candidates = (
        active.exclude(started_on__gt=started_after)
        .annotate(last_reading_on=Subquery(latest))
        .filter(Q(last_reading_on__isnull=True) | Q(last_reading_on__lt=read_since))
    )
    rows = list(candidates.values_list("pk", "started_on", "last_reading_on"))
    pauses: dict[int, list] = {}
    # By the ids found (not the candidates' query again, which read every latest reading twice).
    paused = MatchPause.objects.filter(match_id__in=[row[0] for row in rows]).order_by("starts_on")
    for match_id, starts_on, ends_on in paused.values_list("match_id", "starts_on", "ends_on"):
        pauses.setdefault(match_id, []).append((starts_on, ends_on))
    due = []
    for match_id, started_on, last_reading_on in rows:
        on = schedule.next_due(
            started_on=started_on,
            interval_months=interval_months,
            pauses=pauses.get(match_id, ()),
            last_reading_on=last_reading_on,
            today=today,
        )
        if on is not None and on <= today:
            due.append((on, match_id))
    due.sort()
    shown = due[:LIST_LIMIT]
    matches = Match.objects.in_bulk([match_id for _on, match_id in shown])
    return [{"match": matches[match_id], "due_on": on} for on, match_id in shown], len(due)


def fell(matches: QuerySet) -> list[tuple]:
    """(match id, date, area, before, now) for each area in which the latest scored reading of one
    of `matches` fell by DROP or more since the one before, the latest readings first. Compared in
    the database: each match's latest two scored readings (index seeks, materialised once), then
    their scores joined area by area, so only the drops come back."""
    pairs = matches.annotate(
        latest=Subquery(_scored(OuterRef("pk")).values("pk")[:1]),
        previous=Subquery(_scored(OuterRef("pk")).values("pk")[1:2]),
    ).values_list("latest", "previous")
    pairs_sql, params = pairs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""WITH pairs AS MATERIALIZED ({pairs_sql})
            SELECT r.match_id, r."on", now.area, before.value, now.value FROM pairs
            JOIN outcomes_score now ON now.reading_id = pairs.latest
            JOIN outcomes_score before ON before.reading_id = pairs.previous AND before.area = now.area
            JOIN outcomes_reading r ON r.id = pairs.latest
            WHERE before.value >= now.value + %s
            ORDER BY r."on" DESC, r.match_id DESC, now.area""",
            [*params, DROP],
        )
        return cursor.fetchall()


def attention(user) -> tuple[list[dict], int]:
    """Running matches whose latest reading fell by DROP or more in an area since the one before:
    (the LIST_LIMIT with the latest readings, how many in all). Which matches fell is kept on the
    match (Match.star_fell_on, outcomes.services.attention_refresh); the drops are compared for the
    shown matches only."""
    flagged = scoped_matches(user).filter(
        status__in=[MatchStatus.ACTIVE, MatchStatus.PAUSED], star_fell_on__isnull=False
    )
    total = flagged.count()
    if not total:
        return [], 0
    shown = list(flagged.order_by("-star_fell_on", "-pk")[:LIST_LIMIT])
    per_match: dict[int, dict] = {match.pk: {"match": match, "drops": []} for match in shown}
    for match_id, on, code, was, now in fell(Match.objects.filter(pk__in=per_match)):
        per_match[match_id]["on"] = on
        per_match[match_id]["drops"].append((code, was, now))
    names = area_names(SOURCE_LANGUAGE)
    rows = [
        {
            "match": row["match"],
            "on": row.get("on", row["match"].star_fell_on),
            "drops": [{"area": names.get(code, code), "before": was, "now": now} for code, was, now in row["drops"]],
        }
        for row in per_match.values()
    ]
    return rows, total


def area_names(language: str) -> dict[str, str]:
    """{area code: name} over every version (the latest wording wins), in `language` where the
    area has a translation, else in Danish; one query. Reports name the areas of the figures."""
    texts = (
        AreaText.objects.filter(language__in={SOURCE_LANGUAGE, language})
        .order_by("area__version__number")
        .values_list("area__code", "language", "name")
    )
    danish, translated = {}, {}
    for code, text_language, name in texts:
        (translated if text_language == language else danish)[code] = name
    return danish | translated
