"""Dashboard and kpi_report speed on a few years of data for all five regions.

Builds a throwaway SQLite database (or uses DATABASE_URL when BENCH_DATABASE_URL is set), fills it
with generated history, and times the dashboard page and the KPI computation. Prints one JSON line.
"""

import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
workdir = tempfile.mkdtemp(prefix="lgv-bench-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from followups.models import FollowUp  # noqa: E402
from lib.dates import add_months, six_month_mark  # noqa: E402
from matches.models import Assessment, Match, MatchStatus  # noqa: E402
from referrals.models import Participant, ParticipantStatus  # noqa: E402
from regions.models import Region, TreatmentCentre  # noqa: E402
from reports.kpi import kpi_report  # noqa: E402
from volunteers.models import Volunteer, VolunteerStatus  # noqa: E402

TODAY = date(2026, 11, 26)
PER_REGION = int(os.environ.get("BENCH_PER_REGION", "800"))


def build(rng: random.Random, first: date = date(2022, 1, 1), days: int = 1750) -> dict:
    """Participants referred from `first` over `days` days, a volunteer each, and their matches."""
    participants, volunteers, matches, followups = [], [], [], []
    for region in Region.objects.all():
        region.active = True
        region.save(update_fields=["active"])
        centre = TreatmentCentre.objects.create(name=f"Centre {region.slug}", region=region)
        for n in range(PER_REGION):
            referred = first + timedelta(days=rng.randint(0, days))
            participants.append(
                Participant(
                    reference=f"B-P-{region.code}-{n}",
                    region=region,
                    treatment_centre=centre,
                    gender=rng.choice(["female", "female", "male"]),
                    birth_year=rng.randint(1950, 2004),
                    birth_country=rng.choice(["SY", "AF", "IQ", "IR", "PK", "DK", "ER", "SO"]),
                    arrival_year=rng.choice([None, rng.randint(2005, 2024)]),
                    referred_on=referred,
                    accepted_on=referred + timedelta(days=7),
                    waiting_since=referred + timedelta(days=7),
                    status=ParticipantStatus.MATCHED,
                    status_changed_on=referred,
                )
            )
            applied = first - timedelta(days=92) + timedelta(days=rng.randint(0, days + 50))
            volunteers.append(
                Volunteer(
                    reference=f"B-V-{region.code}-{n}",
                    region=region,
                    gender=rng.choice(["female", "male"]),
                    applied_on=applied,
                    approved_on=applied + timedelta(days=20),
                    status=VolunteerStatus.APPROVED,
                    status_changed_on=applied,
                )
            )
    Participant.objects.bulk_create(participants, batch_size=2000)
    Volunteer.objects.bulk_create(volunteers, batch_size=2000)
    for index, (person, helper) in enumerate(zip(participants, volunteers, strict=True)):
        proposed = person.accepted_on + timedelta(days=rng.randint(10, 120))
        started = proposed + timedelta(days=14)
        if started > TODAY:
            continue
        ended = started + timedelta(days=rng.randint(60, 1200))
        ended = ended if ended <= TODAY and rng.random() < 0.6 else None
        mark = six_month_mark(started)
        matches.append(
            Match(
                reference=f"B-M-{index}",
                participant=person,
                volunteer=helper,
                region=person.region,
                proposed_on=proposed,
                started_on=started,
                six_month_on=mark,
                ended_on=ended,
                status=MatchStatus.ENDED if ended else MatchStatus.ACTIVE,
                slot=None if ended else 1,
                status_changed_on=started,
                six_month_assessment=(
                    rng.choice([Assessment.WELL_FUNCTIONING, Assessment.NOT_WELL_FUNCTIONING])
                    if mark <= TODAY and (ended is None or ended >= mark)
                    else ""
                ),
            )
        )
    Match.objects.bulk_create(matches, batch_size=2000)
    for match in matches:
        for months in (0, 1, 3, 6, 12):
            due = add_months(match.started_on, months) + timedelta(days=1 if months == 0 else 0)
            if due <= TODAY:
                followups.append(
                    FollowUp(match=match, kind="ad_hoc", due_on=due, done_on=due + timedelta(days=rng.randint(0, 14)))
                )
    FollowUp.objects.bulk_create(followups, batch_size=5000)
    return {
        "participants": len(participants),
        "volunteers": len(volunteers),
        "matches": len(matches),
        "followups": len(followups),
    }


def timed(function, runs: int = 7) -> float:
    function()  # warm-up
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(samples), 1)


def main() -> None:
    call_command("migrate", verbosity=0)
    sizes = build(random.Random(2026))
    leader = User.objects.create(username="bench-leader", role=Role.PROJECT_LEADER)
    client = Client()
    client.force_login(leader)
    url = "/reports/?date_from=2022-01-01&date_to=2026-11-26&as_of=2026-11-26"

    def dashboard():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        assert b"Match etableret" in response.content or b"established" in response.content

    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, params, many, context: queries.append(sql) or execute(sql, params, many, context)
    ):
        dashboard()
    print(
        json.dumps(
            {
                "benchmark": "dashboard",
                "database": connection.vendor,
                **sizes,
                "dashboard_ms": timed(dashboard),
                "dashboard_queries": len(queries),
                "kpi_report_ms": timed(lambda: kpi_report(date_from=date(2022, 1, 1), date_to=TODAY, as_of=TODAY)),
            }
        )
    )


if __name__ == "__main__":
    main()
