"""Demo star readings for the DEMO- matches that have started: about every three months, most pairs
fill it in, some answer "not this time", some skip it; scores drift slowly upwards with the odd dip.
Idempotent: the DEMO- matches' readings are replaced."""

from datetime import timedelta

from matches.models import Match

from .models import FilledBy, NotThisTime, Reading, Score, StarVersion
from .schedule import scheduled
from .services import attention_refresh

COMMENTS = [
    "Vi talte om det over kaffe.",
    "Dansk går bedre, siger hun.",
    "Svært med kommunen lige nu.",
    "Har fået en ny veninde fra sprogskolen.",
    "",
    "",
]


def build(*, rng, today, users) -> None:
    demo = Match.objects.filter(reference__startswith="DEMO-", started_on__isnull=False)
    Reading.objects.filter(match__in=demo).delete()
    version = StarVersion.objects.current()
    codes = [area.code for area in version.areas.all()]
    readings, scores = [], []
    for match in demo.select_related("consultant").prefetch_related("pauses").order_by("pk"):
        last_day = min(match.ended_on or today, today)
        pauses = [(pause.starts_on, pause.ends_on) for pause in match.pauses.all()]
        level = {code: rng.randint(2, 6) for code in codes}
        k = 1
        while (due := scheduled(match.started_on, version.interval_months, pauses, k)) and due <= last_day:
            k += 1
            roll = rng.random()
            if roll < 0.25:
                continue  # not asked this time
            on = min(due + timedelta(days=rng.randint(-10, 20)), last_day)
            if on < match.started_on:
                continue
            reading = Reading(
                match=match,
                version=version,
                on=on,
                filled_by=FilledBy.PAIR if rng.random() < 0.8 else FilledBy.PARTICIPANT,
                comment=rng.choice(COMMENTS),
                recorded_by=match.consultant if rng.random() < 0.4 else None,
            )
            if roll < 0.42:
                reading.not_this_time = rng.choice([NotThisTime.DECLINED, NotThisTime.DECLINED, *NotThisTime.values])
                reading.comment = ""
                readings.append((reading, {}))
                continue
            for code in codes:
                step = rng.choice([-2, -1, 0, 0, 1, 1, 1, 2]) if rng.random() > 0.05 else -3
                level[code] = max(1, min(10, level[code] + step))
            readings.append((reading, {code: level[code] for code in codes if rng.random() > 0.1}))
    Reading.objects.bulk_create([reading for reading, _ in readings])
    for reading, values in readings:
        scores.extend(Score(reading=reading, area=code, value=value) for code, value in values.items())
    Score.objects.bulk_create(scores)
    attention_refresh(demo.values_list("pk", flat=True))
