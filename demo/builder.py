"""Build a believable demo program: regions' centres, staff for every role, participants,
volunteers and matches from 2022 to today. Everything generated, nothing real.

Deterministic for a seed; idempotent: demo records (references starting "DEMO-") are
replaced, demo users updated in place.
"""

import importlib
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from faker import Faker

from accounts.models import Role, User
from lib import data_version, geo
from lib.choices import Availability, DanishLevel, Gender, Interest, Need, Strength
from lib.dates import six_month_mark
from lib.project import project_apps
from matches.models import Assessment, Match, MatchStatus, MatchStatusChange
from referrals.models import ConsentKind, ConsentText, Participant, ParticipantStatus, ParticipantStatusChange
from regions.models import Region, TreatmentCentre
from volunteers import pool_version
from volunteers.models import Volunteer, VolunteerStatus, VolunteerStatusChange

from . import names

PREFIX = "DEMO-"
ASSESSMENT_OPEN_DAYS = 14  # a six-month mark this recent may not be assessed yet
DEMO_PASSWORD = "demo-livet-2026"
START = date(2022, 1, 1)

CENTRES = {
    "hovedstaden": ["Kompetencecenter for Transkulturel Psykiatri", "OASIS", "DIGNITY"],
    "syddanmark": ["Afdeling for Traume- og Torturoverlevere (ATT)", "Rehabiliteringscenter for Traumatiserede (RCT)"],
}
# (username, first, last, role, region slugs, centre)
STAFF = [
    ("leder", "Lene", "Holm", Role.PROJECT_LEADER, [], None),
    ("konsulent.hovedstaden", "Karen", "Munk", Role.CONSULTANT, ["hovedstaden"], None),
    ("konsulent.syddanmark", "Søren", "Bach", Role.CONSULTANT, ["syddanmark"], None),
    ("student", "Sofie", "Lund", Role.STUDENT_ASSISTANT, ["hovedstaden", "syddanmark"], None),
    ("socialraadgiver.dignity", "Mette", "Krogh", Role.SOCIAL_WORKER, [], "DIGNITY"),
    ("socialraadgiver.oasis", "Anders", "Winther", Role.SOCIAL_WORKER, [], "OASIS"),
    ("socialraadgiver.ktp", "Birgitte", "Dam", Role.SOCIAL_WORKER, [], "Kompetencecenter for Transkulturel Psykiatri"),
    ("socialraadgiver.att", "Hanne", "Friis", Role.SOCIAL_WORKER, [], "Afdeling for Traume- og Torturoverlevere (ATT)"),
    ("socialraadgiver.rct", "Jens", "Kjær", Role.SOCIAL_WORKER, [], "Rehabiliteringscenter for Traumatiserede (RCT)"),
    ("evaluator", "Eva", "Skov", Role.EVALUATOR, [], None),
]
BIRTH_COUNTRIES = (
    ["SY"] * 24
    + ["AF"] * 20
    + ["IQ"] * 14
    + ["IR"] * 12
    + ["PK"] * 6
    + ["ER"] * 5
    + ["SO"] * 5
    + ["LB", "PS", "TR", "BA", "XK", "LK", "CD", "SD", "UA", "RU", "DK", "DK", "DK", "YE", "ET", "KW", "LY"]
)
MOTHER_TONGUE = {
    "SY": "ar",
    "IQ": "ar",
    "LB": "ar",
    "PS": "ar",
    "YE": "ar",
    "KW": "ar",
    "LY": "ar",
    "SD": "ar",
    "AF": "prs",
    "IR": "fa",
    "PK": "ur",
    "ER": "ti",
    "SO": "so",
    "TR": "tr",
    "BA": "bs",
    "XK": "sq",
    "LK": "ta",
    "CD": "fr",
    "UA": "uk",
    "RU": "ru",
    "ET": "am",
    "DK": "da",
}


@dataclass
class Plan:
    rng: random.Random
    today: date
    fake: Faker
    regions: dict = field(default_factory=dict)
    centres: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)


def build(*, seed: int = 2026, today: date | None = None, participants: int = 250, volunteers: int = 300) -> dict:
    fake = Faker("da_DK")
    fake.seed_instance(seed)
    plan = Plan(rng=random.Random(seed), today=today or date.today(), fake=fake)
    with transaction.atomic():
        _wipe()
        _centres_and_staff(plan)
        people = _participants(plan, participants)
        helpers = _volunteers(plan, volunteers)
        matches = _matches(plan, people, helpers)
        _save(people, helpers, matches)
        _app_demos(plan)
        pool_version.bump()
    data_version.bump()
    return {"participants": len(people), "volunteers": len(helpers), "matches": len(matches)}


def _app_demos(plan: Plan) -> None:
    """Let each app add its own demo records: `<app>/demo.py` with `build(*, rng, today, users)`.

    It runs after the people and matches exist, and must itself be idempotent (delete its own
    demo rows first, or key them on the DEMO- references)."""
    for app in project_apps():
        if app.name == "demo":
            continue
        try:
            module = importlib.import_module(f"{app.name}.demo")
        except ModuleNotFoundError:
            continue
        module.build(rng=random.Random(plan.rng.random()), today=plan.today, users=plan.users)


def _wipe() -> None:
    # Matches made by hand in the demo between demo people go with them.
    Match.objects.filter(
        Q(reference__startswith=PREFIX)
        | Q(participant__reference__startswith=PREFIX)
        | Q(volunteer__reference__startswith=PREFIX)
    ).delete()
    Participant.objects.filter(reference__startswith=PREFIX).delete()
    Volunteer.objects.filter(reference__startswith=PREFIX).delete()


def _centres_and_staff(plan: Plan) -> None:
    for slug, centre_names in CENTRES.items():
        region = Region.objects.get(slug=slug)
        if not region.active:
            region.active = True
            region.save(update_fields=["active"])
        plan.regions[slug] = region
        for name in centre_names:
            plan.centres[name], _ = TreatmentCentre.objects.get_or_create(name=name, defaults={"region": region})
    for username, first, last, role, region_slugs, centre in STAFF:
        user, created = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": role,
                "treatment_centre": plan.centres.get(centre),
                "email": f"{username}@example.org",
                "is_staff": role == Role.PROJECT_LEADER,
            },
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.regions.set([plan.regions[slug] for slug in region_slugs])
        plan.users[username] = user


def _day_between(rng: random.Random, first: date, last: date) -> date:
    span = max((last - first).days, 0)
    return first + timedelta(days=rng.randint(0, span))


def _postcode(rng: random.Random, region: Region) -> str:
    codes = _postcodes_by_region()[region.code]
    return rng.choice(codes)


_POSTCODES: dict[str, list[str]] = {}


def _postcodes_by_region() -> dict[str, list[str]]:
    if not _POSTCODES:
        for code, postcode in sorted(geo.postcodes().items()):
            _POSTCODES.setdefault(postcode.region_code, []).append(code)
    return _POSTCODES


def _pick(rng: random.Random, choices, low: int, high: int) -> list[str]:
    values = list(choices.values) if hasattr(choices, "values") else list(choices)
    return sorted(rng.sample(values, rng.randint(low, high)))


def _participants(plan: Plan, count: int) -> list[dict]:
    rng, people = plan.rng, []
    consultants = {"hovedstaden": plan.users["konsulent.hovedstaden"], "syddanmark": plan.users["konsulent.syddanmark"]}
    social_workers = {u.treatment_centre.name: u for u in plan.users.values() if u.role == Role.SOCIAL_WORKER}
    consent_text = ConsentText.objects.current(ConsentKind.PARTICIPANT)
    for number in range(1, count + 1):
        slug = "hovedstaden" if rng.random() < 0.72 else "syddanmark"
        region = plan.regions[slug]
        centre = plan.centres[rng.choice(CENTRES[slug])]
        gender = Gender.FEMALE if rng.random() < 0.68 else (Gender.MALE if rng.random() < 0.97 else Gender.OTHER)
        first = rng.choice(names.FEMALE_FIRST if gender == Gender.FEMALE else names.MALE_FIRST)
        country = rng.choice(BIRTH_COUNTRIES)
        birth_year = rng.randint(1950, 2004)
        arrival = None if country == "DK" or rng.random() < 0.12 else rng.randint(max(birth_year + 1, 1985), 2024)
        referred_on = _day_between(rng, START, plan.today)
        languages = [MOTHER_TONGUE.get(country, "ar")] + (["da"] if country != "DK" and rng.random() < 0.5 else [])
        if rng.random() < 0.3 and "en" not in languages:
            languages.append("en")
        person = Participant(
            reference=f"{PREFIX}P{number:04d}",
            first_name=first,
            last_name=rng.choice(names.LAST),
            phone=f"+45 {rng.randint(20, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            postcode=_postcode(rng, region),
            gender=gender,
            birth_year=birth_year,
            birth_country=country,
            arrival_year=arrival,
            languages=languages,
            danish_level=rng.choice(DanishLevel.values[1:] if "da" in languages else DanishLevel.values[:2]),
            needs_interpreter=rng.random() < 0.35,
            needs=_pick(rng, Need, 1, 3),
            interests=_pick(rng, Interest, 1, 4),
            wished_volunteer_gender=(gender if rng.random() < 0.55 and gender != Gender.OTHER else ""),
            wants_same_mother_tongue=rng.random() < 0.15,
            has_children=rng.random() < 0.6,
            availability=_pick(rng, Availability, 1, 3),
            region=region,
            treatment_centre=centre,
            referred_by=social_workers[centre.name],
            referral_reason="Genereret demo-henvisning.",
            motivation_confirmed=True,
            heavy_case=rng.random() < 0.08,
            consent_on=referred_on,
            consent_text=consent_text,
            consent_recorded_by=social_workers[centre.name],
            referred_on=referred_on,
            status=ParticipantStatus.REFERRED,
            status_changed_on=referred_on,
        )
        history = [("", ParticipantStatus.REFERRED, referred_on, social_workers[centre.name])]
        age_of_referral = (plan.today - referred_on).days
        roll = rng.random()
        if age_of_referral < 10 or (age_of_referral < 40 and roll < 0.15):
            if roll < 0.06:
                history.append(
                    (ParticipantStatus.REFERRED, ParticipantStatus.INFO_REQUESTED, referred_on, consultants[slug])
                )
        elif roll < 0.09:
            history.append(
                (
                    ParticipantStatus.REFERRED,
                    ParticipantStatus.DECLINED,
                    referred_on + timedelta(days=rng.randint(3, 14)),
                    consultants[slug],
                )
            )
        else:
            accepted = min(referred_on + timedelta(days=rng.randint(2, 20)), plan.today)
            person.accepted_on = person.waiting_since = accepted
            history.append((ParticipantStatus.REFERRED, ParticipantStatus.WAITING, accepted, consultants[slug]))
        people.append({"obj": person, "history": history, "slug": slug, "consultant": consultants[slug]})
    return people


def _volunteers(plan: Plan, count: int) -> list[dict]:
    rng, fake, helpers = plan.rng, plan.fake, []
    consent_text = ConsentText.objects.current(ConsentKind.VOLUNTEER)
    for number in range(1, count + 1):
        slug = "hovedstaden" if rng.random() < 0.7 else "syddanmark"
        region = plan.regions[slug]
        gender = Gender.FEMALE if rng.random() < 0.75 else Gender.MALE
        first = fake.first_name_female() if gender == Gender.FEMALE else fake.first_name_male()
        recent = rng.random() < 0.12
        applied = _day_between(rng, plan.today - timedelta(days=50) if recent else date(2021, 9, 1), plan.today)
        volunteer = Volunteer(
            reference=f"{PREFIX}V{number:04d}",
            first_name=first,
            last_name=fake.last_name(),
            phone=fake.phone_number(),
            email=f"frivillig{number:04d}@example.org",
            postcode=_postcode(rng, region),
            gender=gender,
            birth_year=rng.randint(1948, 2002),
            education_job=fake.job()[:200],
            has_children=rng.random() < 0.4,
            languages=["da"]
            + (["en"] if rng.random() < 0.8 else [])
            + ([rng.choice(["ar", "fa", "prs", "tr", "de"])] if rng.random() < 0.12 else []),
            interests=_pick(rng, Interest, 1, 4),
            availability=_pick(rng, Availability, 1, 3),
            hours_per_month=rng.choice([4, 6, 8, 10, 12]),
            motivation="Genereret demo-motivation.",
            consent_on=applied,
            consent_text=consent_text,
            professional_background=rng.random() < 0.2,
            strengths=_pick(rng, Strength, 0, 2),
            capacity=2 if rng.random() < 0.05 else 1,
            region=region,
            applied_on=applied,
            status=VolunteerStatus.APPLIED,
            status_changed_on=applied,
        )
        consultant = plan.users[f"konsulent.{slug}"]
        history = [("", VolunteerStatus.APPLIED, applied, None)]
        age = (plan.today - applied).days
        booked = applied + timedelta(days=rng.randint(3, 10))
        screened = booked + timedelta(days=rng.randint(5, 14))
        decided = screened + timedelta(days=rng.randint(3, 14))
        roll = rng.random()
        if age < 10:
            pass
        elif booked > plan.today or age < 25:
            history.append(
                (VolunteerStatus.APPLIED, VolunteerStatus.SCREENING_BOOKED, min(booked, plan.today), consultant)
            )
            if screened <= plan.today:
                history.append((VolunteerStatus.SCREENING_BOOKED, VolunteerStatus.SCREENED, screened, consultant))
        elif roll < 0.08:
            history.append((VolunteerStatus.APPLIED, VolunteerStatus.WITHDREW, booked, consultant))
        else:
            history.append((VolunteerStatus.APPLIED, VolunteerStatus.SCREENING_BOOKED, booked, consultant))
            history.append((VolunteerStatus.SCREENING_BOOKED, VolunteerStatus.SCREENED, screened, consultant))
            outcome = (
                VolunteerStatus.NOT_SUITABLE
                if roll < 0.14
                else VolunteerStatus.REDIRECTED
                if roll < 0.18
                else VolunteerStatus.WITHDREW
                if roll < 0.24
                else VolunteerStatus.APPROVED
            )
            history.append((VolunteerStatus.SCREENED, outcome, min(decided, plan.today), consultant))
            if outcome == VolunteerStatus.APPROVED:
                volunteer.approved_on = min(decided, plan.today)
        helpers.append({"obj": volunteer, "history": history, "slug": slug, "busy_until": date.min})
    return helpers


def _matches(plan: Plan, people: list[dict], helpers: list[dict]) -> list[dict]:
    rng, today, matches = plan.rng, plan.today, []
    waiting = sorted((p for p in people if p["obj"].accepted_on), key=lambda p: p["obj"].accepted_on)
    for person in waiting:
        participant = person["obj"]
        proposed = participant.accepted_on + timedelta(days=int(rng.expovariate(1 / 80)) + 7)
        pool = []
        while proposed <= today and not pool:  # no one free yet: the person waits a month more
            pool = _free_volunteers(helpers, person["slug"], proposed)
            if not pool:
                proposed += timedelta(days=30)
        if not pool:
            continue
        helper = rng.choice(pool)
        consultant = person["consultant"]
        match = Match(
            reference=f"{PREFIX}M{len(matches) + 1:04d}",
            region=participant.region,
            consultant=consultant,
            proposed_on=proposed,
            proposal_reason="Bor tæt på hinanden og deler interesser.",
            status=MatchStatus.PROPOSED,
            status_changed_on=proposed,
        )
        history = [("", MatchStatus.PROPOSED, proposed)]
        p_hist, v_hist = person["history"], helper["history"]
        p_hist.append((ParticipantStatus.WAITING, ParticipantStatus.MATCHED, proposed, consultant))
        v_hist.append((VolunteerStatus.APPROVED, VolunteerStatus.MATCHED, proposed, consultant))
        start = proposed + timedelta(days=rng.randint(7, 24))
        busy_until = today + timedelta(days=1)
        # Cancelled proposals are recent: the person is back on the list, not forgotten for years.
        if rng.random() < 0.06 and today - timedelta(days=120) <= start <= today:
            match.cancelled_on = start
            history.append((MatchStatus.PROPOSED, MatchStatus.CANCELLED, start))
            p_hist.append((ParticipantStatus.MATCHED, ParticipantStatus.WAITING, start, consultant))
            v_hist.append((VolunteerStatus.MATCHED, VolunteerStatus.APPROVED, start, consultant))
            busy_until = start
        elif start <= today:
            match.set_started(start)
            if start - proposed > timedelta(days=3):
                history.append((MatchStatus.PROPOSED, MatchStatus.MEETING_SCHEDULED, proposed + timedelta(days=2)))
                history.append((MatchStatus.MEETING_SCHEDULED, MatchStatus.ACTIVE, start))
            else:
                history.append((MatchStatus.PROPOSED, MatchStatus.ACTIVE, start))
            mark = six_month_mark(start)
            end = start + timedelta(days=int(rng.uniform(60, 1100)))
            if rng.random() < 0.7 and end <= today:
                match.ended_on = end
                match.end_reason = rng.choice(
                    [
                        "Deltager flyttede",
                        "Frivilligs tid",
                        "Blev til venskab uden for programmet",
                        "Deltagers tilstand forværredes",
                        "Forløbet fandt sin naturlige afslutning",
                    ]
                )
                history.append((MatchStatus.ACTIVE, MatchStatus.ENDED, end))
                p_hist.append((ParticipantStatus.MATCHED, ParticipantStatus.ENDED, end, consultant))
                v_hist.append((VolunteerStatus.MATCHED, VolunteerStatus.APPROVED, end, consultant))
                busy_until = end
            if mark <= today and (match.ended_on is None or match.ended_on >= mark):
                assessment = Assessment.WELL_FUNCTIONING if rng.random() < 0.78 else Assessment.NOT_WELL_FUNCTIONING
                # Recorded a few days after the mark, as a consultant would: a mark in the last two
                # weeks may still be open (followups.demo records the six-month follow-up exactly
                # when the match has its assessment, so the two always agree, whatever "today" is).
                if mark <= today - timedelta(days=ASSESSMENT_OPEN_DAYS):
                    match.six_month_assessment = assessment
                    match.six_month_assessed_on = min(mark + timedelta(days=3), today, match.ended_on or today)
                    if assessment == Assessment.NOT_WELL_FUNCTIONING:
                        match.six_month_assessment_reason = "De ses sjældent, og deltageren ønsker en anden frivillig."
        helper["busy_until"] = busy_until
        match.status = history[-1][1]
        match.status_changed_on = history[-1][2]
        if match.status in (MatchStatus.PROPOSED, MatchStatus.MEETING_SCHEDULED, MatchStatus.ACTIVE):
            match.slot = 1
        matches.append({"obj": match, "history": history, "person": person, "helper": helper})
    return matches


def _free_volunteers(helpers: list[dict], slug: str, on: date) -> list[dict]:
    return [
        h
        for h in helpers
        if h["slug"] == slug and h["obj"].approved_on and h["obj"].approved_on <= on and h["busy_until"] < on
    ]


def _apply_history(obj, history) -> None:
    ordered = sorted(history, key=lambda item: item[2])
    obj.status, obj.status_changed_on = ordered[-1][1], ordered[-1][2]


def _save(people: list[dict], helpers: list[dict], matches: list[dict]) -> None:
    for item in people + helpers:
        _apply_history(item["obj"], item["history"])
    Participant.objects.bulk_create([p["obj"] for p in people])
    Volunteer.objects.bulk_create([h["obj"] for h in helpers])
    ParticipantStatusChange.objects.bulk_create(
        ParticipantStatusChange(participant=p["obj"], from_status=f, to_status=t, on=on, by=by)
        for p in people
        for f, t, on, by in sorted(p["history"], key=lambda item: item[2])
    )
    VolunteerStatusChange.objects.bulk_create(
        VolunteerStatusChange(volunteer=h["obj"], from_status=f, to_status=t, on=on, by=by)
        for h in helpers
        for f, t, on, by in sorted(h["history"], key=lambda item: item[2])
    )
    for m in matches:
        m["obj"].participant = m["person"]["obj"]
        m["obj"].volunteer = m["helper"]["obj"]
    Match.objects.bulk_create([m["obj"] for m in matches])
    MatchStatusChange.objects.bulk_create(
        MatchStatusChange(match=m["obj"], from_status=f, to_status=t, on=on, by=m["obj"].consultant)
        for m in matches
        for f, t, on in m["history"]
    )
