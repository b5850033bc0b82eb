"""The star panel of a match page: the radar of the latest reading over the first, and every reading."""

from django.utils import timezone

from matches.models import MatchStatus

from . import radar, schedule, services
from .models import SOURCE_LANGUAGE
from .selectors import compare, drops, readings_of


def _columns(version, readings):
    """The current star's areas, then any area only older readings have."""
    columns = []
    for area in version.areas.all():
        text = area.text(SOURCE_LANGUAGE)
        columns.append((area.code, text.name if text else area.code))
    known = {code for code, _name in columns}
    for reading in readings:
        for code in reading.score_map():
            if code not in known:
                known.add(code)
                columns.append((code, code))
    return columns


def match_star(match) -> dict:
    """Everything the star panel of a match shows: due date, radar, every reading."""
    version = services.current_version()
    readings = readings_of(match)
    columns = _columns(version, readings)
    table = [
        {"reading": reading, "scores": [reading.score_map().get(code) for code, _n in columns]} for reading in readings
    ]
    chart_version = next((r.version for r in reversed(readings) if not r.not_this_time), version)
    first, latest, rows = compare(readings, chart_version)
    chart = None
    if first is not None:
        labels = [row.name for row in rows]
        first_points, first_dots = radar.outline([row.first for row in rows])
        chart = {
            "spokes": radar.spokes(labels),
            "rings": radar.rings(count=len(labels)),
            "first": first_points,
            "first_dots": first_dots,
            "centre": radar.CENTRE,
        }
        if latest is not None:
            chart["latest"], chart["latest_dots"] = radar.outline([row.latest for row in rows])
    today = timezone.localdate()
    due = None
    if match.status == MatchStatus.ACTIVE and match.started_on:
        due = schedule.next_due(
            started_on=match.started_on,
            interval_months=version.interval_months,
            pauses=[(pause.starts_on, pause.ends_on) for pause in match.pauses.all()],
            last_reading_on=readings[-1].on if readings else None,
            today=today,
        )
    return {
        "match": match,
        "readings": table,
        "columns": [name for _code, name in columns],
        "first": first,
        "latest": latest,
        "rows": rows,
        "chart": chart,
        "due": due,
        "today": today,
        "can_enter": match.started_on is not None,
        "can_link": match.started_on is not None and match.status in (MatchStatus.ACTIVE, MatchStatus.PAUSED),
        "drops": [
            {"area": dict(columns).get(code, code), "before": before, "now": now}
            for code, before, now in drops(readings)
        ],
    }
