"""What the star pages show. Scoping goes through `scoped_matches` / `get_scoped_match` only, so a
change of the project's match scoping (Match.objects.for_user) is made here once."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Max, Prefetch

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


def _active_matches(user):
    return (
        scoped_matches(user)
        .filter(status=MatchStatus.ACTIVE, started_on__isnull=False)
        .annotate(last_reading_on=Max("star_readings__on"))
        .prefetch_related(Prefetch("pauses", queryset=MatchPause.objects.order_by("starts_on")))
    )


def due_readings(user, today: date, interval_months: int) -> list[dict]:
    """Active matches in the user's scope whose next reading is due today or earlier, earliest first."""
    rows = []
    for match in _active_matches(user):
        due = schedule.next_due(
            started_on=match.started_on,
            interval_months=interval_months,
            pauses=[(pause.starts_on, pause.ends_on) for pause in match.pauses.all()],
            last_reading_on=match.last_reading_on,
            today=today,
        )
        if due is not None and due <= today:
            rows.append({"match": match, "due_on": due})
    rows.sort(key=lambda row: (row["due_on"], row["match"].pk))
    return rows


def attention(user) -> list[dict]:
    """Running matches whose latest reading fell by 2 or more in an area since the one before."""
    running = scoped_matches(user).filter(status__in=[MatchStatus.ACTIVE, MatchStatus.PAUSED])
    readings = (
        Reading.objects.filter(match__in=running, not_this_time="")
        .prefetch_related("scores")
        .order_by("match_id", "on", "pk")
    )
    per_match: dict[int, list[Reading]] = {}
    for reading in readings:
        per_match.setdefault(reading.match_id, []).append(reading)
    flagged = {match_id: drops(items) for match_id, items in per_match.items()}
    flagged = {match_id: fell for match_id, fell in flagged.items() if fell}
    if not flagged:
        return []
    version = StarVersion.objects.prefetch_related("areas__texts").order_by("-number").first()
    area_names = {
        area.code: (area.text(SOURCE_LANGUAGE).name if area.text(SOURCE_LANGUAGE) else area.code)
        for area in version.areas.all()
    }
    matches = {match.pk: match for match in running.filter(pk__in=flagged)}
    rows = []
    for match_id, fell in flagged.items():
        latest = per_match[match_id][-1]
        rows.append(
            {
                "match": matches[match_id],
                "on": latest.on,
                "drops": [
                    {"area": area_names.get(code, code), "before": before, "now": now} for code, before, now in fell
                ],
            }
        )
    rows.sort(key=lambda row: (row["on"], row["match"].pk), reverse=True)
    return rows[:LIST_LIMIT]


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
