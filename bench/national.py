"""The national dataset of `make bench`: five regions, six years of the program at ten times its size.

At scale 1: 20,000 participants, 20,000 volunteers, about 16,000 matches, about 150,000 follow-ups
and 1,000,000 audit events (BENCH_AUDIT_EVENTS), built with bulk inserts in a minute or two.
`extra_volunteers` adds approved volunteers to one region (the +100k variant of issue 12).
Generated, never real: references and invented names only.
"""

from __future__ import annotations

import heapq
import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from accounts.models import Role, User
from audit.models import Action, AuditEvent
from followups.models import FollowUp, FollowUpPlan, Kind
from followups.services import next_followup_refresh
from lib.dates import add_months, six_month_mark
from lib.geo import postcodes
from matches.models import Assessment, Match, MatchMeeting, MatchPause, MatchStatus, PlaceType
from outcomes.arithmetic import DEFAULT_AREAS
from outcomes.models import Reading, Score, StarVersion
from outcomes.services import attention_refresh
from referrals.models import Participant, ParticipantStatus
from regions.models import Region, TreatmentCentre
from support.models import SupervisionReason, SupervisionRequest
from volunteers.models import Screening, Volunteer, VolunteerStatus

TODAY = date(2026, 11, 26)
START = date(2021, 1, 1)
PER_REGION = 4000
FIRST = ["Amina", "Ahmad", "Zahra", "Omar", "Shirin", "Reza", "Hanna", "Jens", "Mette", "Søren", "Lone", "Ali"]
LAST = ["Rahimi", "Haddad", "Karimi", "Saleh", "Jensen", "Nielsen", "Hansen", "Pedersen", "Larsen"]
COUNTRIES = ["SY", "AF", "IQ", "IR", "ER", "SO", "UA", "LB", "PS", "TR"]
LANGUAGES = ["ar", "fa", "prs", "ti", "so", "uk", "ku", "en"]
PLAN = [  # kind, months after the start (the day after: +1 day)
    (Kind.DAY_AFTER, 0),
    (Kind.ONE_MONTH, 1),
    (Kind.THREE_MONTHS, 3),
    (Kind.SIX_MONTHS, 6),
    (Kind.TOUCH_BASE, 9),
    (Kind.YEARLY, 12),
    (Kind.TOUCH_BASE, 18),
    (Kind.YEARLY, 24),
    (Kind.YEARLY, 36),
]


def empty_scratch_postgresql() -> None:
    """Empties the scratch PostgreSQL database by dropping its schema, so that migrate writes the
    migrations' own rows (regions, the default star) again; flush would delete them and a migrate
    after it would not restore them."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _postcodes_by_region() -> dict[str, list[str]]:
    found = defaultdict(list)
    for code, place in postcodes().items():
        found[place.region_code].append(code)
    return found


def build(*, scale: float = 1.0, audit_events: int = 1_000_000, extra_volunteers: int = 0, seed: int = 2026) -> dict:
    rng = random.Random(seed)
    per_region = max(10, int(PER_REGION * scale))
    codes = _postcodes_by_region()
    staff = _staff()
    participants, volunteers = [], []
    for region in Region.objects.order_by("pk"):
        region.active = True
        region.save(update_fields=["active"])
        centres = list(TreatmentCentre.objects.filter(region=region))
        local = codes.get(region.code) or ["2200"]
        for n in range(per_region):
            referred = _day(rng, START, TODAY - timedelta(days=5))
            participants.append(_participant(rng, region, centres, local, n, referred))
            applied = _day(rng, START - timedelta(days=90), TODAY - timedelta(days=5))
            volunteers.append(_volunteer(rng, region, local, f"B-V-{region.code}-{n}", applied))
    if extra_volunteers:
        region = Region.objects.get(slug="hovedstaden")
        local = codes.get(region.code) or ["2200"]
        for n in range(extra_volunteers):
            volunteers.append(_volunteer(rng, region, local, f"B-X-{n}", _day(rng, START, TODAY), approved=True))
    Participant.objects.bulk_create(participants, batch_size=2000)
    Volunteer.objects.bulk_create(volunteers, batch_size=2000)
    matches = _matches(rng, participants, volunteers)
    followups = _followups(rng, matches)
    events = _audit(rng, audit_events, staff, participants, volunteers, matches)
    return {
        "participants": len(participants),
        "volunteers": len(volunteers),
        "matches": len(matches),
        "followups": followups,
        "audit_events": events,
        **add_readings(rng),
        **add_casework(rng),
    }


def add_readings(rng: random.Random, today: date = TODAY) -> dict:
    """Forandringsstjernen: about one reading a month per running match, most scoring all areas."""
    version = StarVersion.objects.current()
    readings, scores, pauses = [], [], []
    for match in Match.objects.filter(started_on__isnull=False).only("pk", "started_on", "ended_on"):
        last = min(match.ended_on or today, today)
        level = {area: rng.randint(2, 7) for area in DEFAULT_AREAS}
        on = match.started_on + timedelta(days=rng.randint(0, 20))
        while on <= last:
            reason = rng.choice(["declined", "not_relevant", "could_not_meet"]) if rng.random() < 0.1 else ""
            reading = Reading(match_id=match.pk, version=version, on=on, filled_by="pair", not_this_time=reason)
            readings.append(reading)
            if not reason:
                for area in DEFAULT_AREAS:
                    level[area] = min(10, max(1, level[area] + rng.choice([-1, 0, 0, 1, 1])))
                    if rng.random() < 0.9:
                        scores.append((reading, area, level[area]))
            on += timedelta(days=rng.randint(25, 40))
        if rng.random() < 0.1:
            starts = match.started_on + timedelta(days=rng.randint(30, 300))
            if starts < last:
                ends = starts + timedelta(days=rng.randint(14, 90))
                pauses.append(MatchPause(match_id=match.pk, starts_on=starts, ends_on=ends if ends < today else None))
    Reading.objects.bulk_create(readings, batch_size=5000)
    Score.objects.bulk_create(
        (Score(reading_id=reading.pk, area=area, value=value) for reading, area, value in scores), batch_size=10000
    )
    MatchPause.objects.bulk_create(pauses, batch_size=5000)
    attention_refresh(Match.objects.filter(started_on__isnull=False).values_list("pk", flat=True))
    return {"readings": len(readings), "scores": len(scores), "pauses": len(pauses)}


def add_casework(rng: random.Random, today: date = TODAY) -> dict:
    """Every started match's meeting and every approved volunteer's screening, held (a few still to
    record), and supervision requests for about one matched volunteer in eight (a few open): the
    today page's lists read these tables, and empty ones would flatter them."""
    local = ZoneInfo("Europe/Copenhagen")
    meetings = [
        MatchMeeting(
            match_id=match.pk,
            starts_at=datetime.combine(match.started_on, time(10), local),
            place_type=rng.choice(PlaceType.values),
            held_on=None if match.started_on >= today - timedelta(days=2) else match.started_on,
        )
        for match in Match.objects.filter(started_on__isnull=False).only("pk", "started_on")
    ]
    screenings = [
        Screening(
            volunteer_id=volunteer.pk,
            meeting_at=datetime.combine(volunteer.approved_on - timedelta(days=7), time(14), local),
            held_on=volunteer.approved_on - timedelta(days=7),
        )
        for volunteer in Volunteer.objects.filter(approved_on__isnull=False).only("pk", "approved_on")
    ]
    requests = []
    for match in Match.objects.filter(started_on__isnull=False).only("volunteer_id", "started_on", "ended_on"):
        if rng.random() < 0.125:
            requested = _day(rng, match.started_on, min(match.ended_on or today, today))
            still_open = requested > today - timedelta(days=30) and rng.random() < 0.5
            requests.append(
                SupervisionRequest(
                    volunteer_id=match.volunteer_id,
                    requested_on=requested,
                    reason=rng.choice(SupervisionReason.values),
                    booked_on=None if still_open else requested + timedelta(days=rng.randint(3, 14)),
                    held=None if still_open else rng.random() < 0.9,
                )
            )
    MatchMeeting.objects.bulk_create(meetings, batch_size=5000)
    Screening.objects.bulk_create(screenings, batch_size=5000)
    SupervisionRequest.objects.bulk_create(requests, batch_size=5000)
    return {"meetings": len(meetings), "screenings": len(screenings), "supervision_requests": len(requests)}


def _staff() -> dict:
    users = {"leader": User.objects.create(username="bench-leader", role=Role.PROJECT_LEADER, is_staff=True)}
    for region in Region.objects.order_by("pk"):
        consultant = User.objects.create(username=f"bench-consultant-{region.slug}", role=Role.CONSULTANT)
        consultant.regions.set([region])
        users[f"consultant-{region.slug}"] = consultant
        for number in (1, 2):
            centre = TreatmentCentre.objects.create(name=f"Centre {region.slug} {number}", region=region)
            users[f"social-{region.slug}-{number}"] = User.objects.create(
                username=f"bench-social-{region.slug}-{number}", role=Role.SOCIAL_WORKER, treatment_centre=centre
            )
    return users


def _participant(rng, region, centres, local, n, referred) -> Participant:
    accepted = referred + timedelta(days=rng.randint(2, 20))
    if accepted > TODAY:
        status, accepted = ParticipantStatus.REFERRED, None
    elif rng.random() < 0.08:
        status = rng.choice([ParticipantStatus.DECLINED, ParticipantStatus.WITHDRAWN])
    else:
        status = ParticipantStatus.WAITING  # becomes matched or ended below when a match is made
    return Participant(
        reference=f"B-P-{region.code}-{n}",
        first_name=rng.choice(FIRST),
        last_name=rng.choice(LAST),
        region=region,
        treatment_centre=rng.choice(centres),
        gender=rng.choice(["female", "female", "male"]),
        birth_year=rng.randint(1950, 2004),
        birth_country=rng.choice(COUNTRIES),
        arrival_year=rng.randint(2005, 2024),
        languages=[rng.choice(LANGUAGES), "da"],
        postcode=rng.choice(local),
        referred_on=referred,
        accepted_on=accepted if status != ParticipantStatus.REFERRED else None,
        waiting_since=accepted if status == ParticipantStatus.WAITING else None,
        consent_on=referred,
        motivation_confirmed=True,
        status=status,
        status_changed_on=accepted or referred,
    )


def _volunteer(rng, region, local, reference, applied, approved=None) -> Volunteer:
    approved_on = applied + timedelta(days=rng.randint(10, 40))
    approved = approved if approved is not None else rng.random() < 0.85 and approved_on <= TODAY
    return Volunteer(
        reference=reference,
        first_name=rng.choice(FIRST),
        last_name=rng.choice(LAST),
        region=region,
        gender=rng.choice(["female", "female", "male"]),
        birth_year=rng.randint(1950, 2002),
        postcode=rng.choice(local),
        languages=["da", rng.choice(LANGUAGES)],
        applied_on=applied,
        approved_on=approved_on if approved else None,
        status=VolunteerStatus.APPROVED if approved else rng.choice([VolunteerStatus.APPLIED, VolunteerStatus.LEFT]),
        status_changed_on=approved_on if approved else applied,
    )


def _matches(rng, participants, volunteers) -> list[Match]:
    # Per region, a heap of volunteers by the day they are free (approved, or their last match ended).
    free = defaultdict(list)
    for order, volunteer in enumerate(volunteers):
        if volunteer.status == VolunteerStatus.APPROVED:
            free[volunteer.region_id].append((volunteer.approved_on, order, volunteer))
    for pool in free.values():
        heapq.heapify(pool)
    matches = []
    for index, person in enumerate(sorted(participants, key=lambda p: p.accepted_on or TODAY)):
        if person.status != ParticipantStatus.WAITING:
            continue
        proposed = person.accepted_on + timedelta(days=rng.randint(20, 140))
        pool = free[person.region_id]
        if proposed > TODAY - timedelta(days=3) or rng.random() < 0.02 or not pool or pool[0][0] > proposed:
            continue  # still waiting
        _, order, volunteer = heapq.heappop(pool)
        started = proposed + timedelta(days=rng.randint(7, 21))
        ended = started + timedelta(days=rng.randint(30, 900))
        open_match = started > TODAY or ended > TODAY or rng.random() < 0.05
        ended = None if open_match else ended
        if ended is not None:
            heapq.heappush(pool, (ended + timedelta(days=1), order, volunteer))
        status = MatchStatus.PROPOSED if started > TODAY else (MatchStatus.ACTIVE if open_match else MatchStatus.ENDED)
        mark = six_month_mark(started)
        matches.append(
            Match(
                reference=f"B-M-{index}",
                participant=person,
                volunteer=volunteer,
                region_id=person.region_id,
                proposed_on=proposed,
                started_on=started if status != MatchStatus.PROPOSED else None,
                six_month_on=mark if status != MatchStatus.PROPOSED else None,
                ended_on=ended,
                status=status,
                slot=1 if open_match else None,
                status_changed_on=ended or min(started, TODAY),
                six_month_assessment=(
                    rng.choice([Assessment.WELL_FUNCTIONING] * 3 + [Assessment.NOT_WELL_FUNCTIONING])
                    if status != MatchStatus.PROPOSED and mark <= TODAY and (ended is None or ended >= mark)
                    else ""
                ),
            )
        )
        person.status = ParticipantStatus.MATCHED if open_match else ParticipantStatus.ENDED
        person.waiting_since = None
        volunteer.status = VolunteerStatus.MATCHED if open_match else VolunteerStatus.APPROVED
    Match.objects.bulk_create(matches, batch_size=2000)
    Participant.objects.bulk_update(participants, ["status", "waiting_since"], batch_size=2000)
    Volunteer.objects.bulk_update(volunteers, ["status"], batch_size=2000)
    return matches


def _followups(rng, matches) -> int:
    plans, rows = [], []
    for match in matches:
        if match.started_on is None:
            continue
        plans.append(FollowUpPlan(match=match, created_on=match.started_on))
        last = match.ended_on or TODAY + timedelta(days=120)
        for kind, months in PLAN:
            due = add_months(match.started_on, months) + timedelta(days=1 if months == 0 else 0)
            if due > last:
                break
            done = due + timedelta(days=rng.randint(-2, 20))
            rows.append(FollowUp(match=match, kind=kind, due_on=due, done_on=done if done <= TODAY else None))
    FollowUpPlan.objects.bulk_create(plans, batch_size=5000)
    FollowUp.objects.bulk_create(rows, batch_size=5000)
    next_followup_refresh(Match.objects.filter(started_on__isnull=False))
    return len(rows)


def _audit(rng, count, staff, participants, volunteers, matches) -> int:
    """Views of single records, and one in ten a list page's event with the ids it showed."""
    actors = list(staff.values())
    kinds = [
        ("referrals.participant", [p.pk for p in participants]),
        ("volunteers.volunteer", [v.pk for v in volunteers]),
        ("matches.match", [m.pk for m in matches]),
    ]
    first = datetime(2021, 1, 1, tzinfo=ZoneInfo("UTC"))
    span = int((datetime(2026, 11, 26, tzinfo=ZoneInfo("UTC")) - first).total_seconds())
    at = AuditEvent._meta.get_field("at")
    at.auto_now_add = False  # the history is spread over six years; the app's own events keep `now`
    try:
        made = 0
        while made < count:
            batch = []
            for _ in range(min(20_000, count - made)):
                target_type, ids = rng.choice(kinds)
                listed = rng.random() < 0.1
                batch.append(
                    AuditEvent(
                        at=first + timedelta(seconds=rng.randint(0, span)),
                        actor=rng.choice(actors),
                        action=Action.VIEW,
                        target_type=target_type,
                        target_id="" if listed else str(rng.choice(ids)),
                        detail="list: " + ",".join(str(pk) for pk in rng.sample(ids, 50)) if listed else "",
                    )
                )
            AuditEvent.objects.bulk_create(batch)
            made += len(batch)
    finally:
        at.auto_now_add = True
    return made
