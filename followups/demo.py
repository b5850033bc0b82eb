"""Demo follow-up plans for the DEMO- matches still running: most follow-ups done, some overdue,
a few flags. Idempotent: the DEMO- matches' plans and follow-ups are replaced."""

from datetime import timedelta

from django.utils import timezone

from lib.choices import Need
from lib.dates import add_months
from matches.models import Match, MatchStatus

from .models import FollowUp, FollowUpPlan, Frequency, Going, How, Kind, WithWhom
from .services import cadence_for, next_followup_refresh, plan_dates

NOTES = [
    "De ses hver uge og går ture. Det går godt.",
    "Har hjulpet med et brev fra kommunen.",
    "Øver dansk over kaffe. Deltageren virker gladere.",
    "Har været syg en periode, men de holder kontakten.",
]


def build(*, rng, today, users) -> None:
    demo = Match.objects.filter(reference__startswith="DEMO-")
    FollowUp.objects.filter(match__in=demo).delete()
    FollowUpPlan.objects.filter(match__in=demo).delete()
    running = demo.filter(status__in=[MatchStatus.ACTIVE, MatchStatus.PAUSED], started_on__isnull=False)
    followups = []
    for match in running.select_related("region", "consultant").order_by("pk"):
        cadence = cadence_for(match.region)
        plan = FollowUpPlan.objects.create(
            match=match,
            created_on=match.started_on,
            **{
                name: getattr(cadence, name)
                for name in ("day_after", "one_month", "three_months", "touch_base_months", "yearly")
            },
        )
        planned = list(plan_dates(match.started_on, plan))
        # "Then once a year": keep planning yearly follow-ups until one lies in the future.
        months = 24 if plan.touch_base_months == 12 else 12
        while plan.yearly and planned[-1].due_on <= today:
            months += 12
            planned.append(type(planned[-1])(Kind.YEARLY, add_months(match.started_on, months)))
        for item in planned:
            followup = FollowUp(match=match, kind=item.kind, due_on=item.due_on, with_whom=item.with_whom)
            age = (today - item.due_on).days
            if item.kind == Kind.SIX_MONTHS:
                # Done exactly when the match has its assessment (the builder decides it), on that day.
                if match.six_month_assessment:
                    _done(followup, rng=rng, today=today, by=match.consultant)
                    followup.done_on = match.six_month_assessed_on or followup.done_on
            elif age >= 0 and (age > 14 or rng.random() < 0.5):
                _done(followup, rng=rng, today=today, by=match.consultant)
            followups.append(followup)
    FollowUp.objects.bulk_create(followups)
    next_followup_refresh(demo)


def _done(followup: FollowUp, *, rng, today, by) -> None:
    followup.done_on = min(followup.due_on + timedelta(days=rng.randint(0, 4)), today)
    followup.how = rng.choice([How.PHONE, How.PHONE, How.MEETING, How.TEXT])
    followup.with_whom = followup.with_whom or WithWhom.VOLUNTEER
    followup.frequency = rng.choice([Frequency.WEEKLY, Frequency.FORTNIGHTLY, Frequency.FORTNIGHTLY, Frequency.MONTHLY])
    followup.activities = sorted(rng.sample(list(Need.values), rng.randint(1, 3)))
    followup.how_it_goes = rng.choice([Going.WELL, Going.WELL, Going.WELL, Going.MIXED])
    followup.volunteer_coping = rng.choice([Going.WELL, Going.WELL, Going.MIXED])
    followup.notes = rng.choice(NOTES)
    recent = (today - followup.done_on).days < 120
    if recent and rng.random() < 0.06:
        followup.flag_supervision = True
    if recent and rng.random() < 0.05:
        followup.flag_heavy_responsibility = True
    if recent and rng.random() < 0.02:
        followup.flag_consider_ending = True
    followup.recorded_by = by
    followup.recorded_at = timezone.now()
