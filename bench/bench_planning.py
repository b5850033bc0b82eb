"""Planning pages on a national dataset: five regions, three years of referrals, matches and volunteers.

Builds a throwaway SQLite database (or uses BENCH_DATABASE_URL), fills it with generated history
(postcodes of each region, wishes, language needs and heavier cases in realistic shares), and times
the "where volunteers are needed" page and the leader's planning page. Prints one JSON line.
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
from lib import geo  # noqa: E402
from lib.dates import six_month_mark  # noqa: E402
from matches.models import Match, MatchStatus  # noqa: E402
from referrals.models import Participant, ParticipantStatus  # noqa: E402
from regions.models import Region, TreatmentCentre  # noqa: E402
from volunteers.models import Volunteer, VolunteerStatus  # noqa: E402

TODAY = date(2026, 11, 26)
START = date(2023, 12, 1)  # three years
REFERRALS_PER_REGION = int(os.environ.get("BENCH_REFERRALS_PER_REGION", "360"))  # ~120 a year
SPARE_VOLUNTEERS_PER_REGION = int(os.environ.get("BENCH_SPARE_VOLUNTEERS", "80"))
LANGUAGES = ["ar", "fa", "ps", "ti", "so", "ku", "ur", "uk"]


def build(rng: random.Random) -> dict:
    participants, volunteers, pairs = [], [], []
    span = (TODAY - START).days
    for region in Region.objects.all():
        region.active = True
        region.save(update_fields=["active"])
        centres = [TreatmentCentre.objects.create(name=f"Centre {region.slug} {i}", region=region) for i in range(2)]
        codes = [p.code for p in geo.postcodes().values() if p.region_code == region.code]

        def volunteer(ref, applied, region=region, codes=codes):
            return Volunteer(
                reference=ref,
                region=region,
                gender=rng.choice(["female", "female", "male"]),
                birth_year=rng.randint(1950, 2002),
                postcode=rng.choice(codes),
                languages=["da"] + ([rng.choice(LANGUAGES)] if rng.random() < 0.25 else []),
                professional_background=rng.random() < 0.2,
                applied_on=applied,
                approved_on=applied + timedelta(days=25),
                status=VolunteerStatus.APPROVED,
                status_changed_on=applied + timedelta(days=25),
                capacity=1,
            )

        for n in range(REFERRALS_PER_REGION):
            referred = START + timedelta(days=rng.randint(0, span - 10))
            accepted = referred + timedelta(days=rng.randint(3, 20))
            wait = int(rng.expovariate(1 / 70)) + 14
            started = accepted + timedelta(days=wait)
            matched = started <= TODAY
            needs_language = rng.random() < 0.3
            person = Participant(
                reference=f"B-P-{region.code}-{n}",
                region=region,
                treatment_centre=rng.choice(centres),
                gender=rng.choice(["female", "female", "male"]),
                birth_year=rng.randint(1955, 2004),
                postcode=rng.choice(codes),
                languages=[rng.choice(LANGUAGES), "da"],
                danish_level=rng.choice(["none", "some"]) if needs_language else rng.choice(["good", "fluent"]),
                wished_volunteer_gender=rng.choice(["female", "male"]) if rng.random() < 0.2 else "",
                wished_age_min=30 if rng.random() < 0.1 else None,
                heavy_case=rng.random() < 0.1,
                referred_on=referred,
                accepted_on=accepted,
                waiting_since=accepted,
                status=ParticipantStatus.MATCHED if matched else ParticipantStatus.WAITING,
                status_changed_on=started if matched else accepted,
            )
            participants.append(person)
            if matched:
                helper = volunteer(f"B-V-{region.code}-{n}", accepted - timedelta(days=rng.randint(30, 200)))
                helper.status = VolunteerStatus.MATCHED
                volunteers.append(helper)
                pairs.append((person, helper, started))
        for n in range(SPARE_VOLUNTEERS_PER_REGION):
            volunteers.append(volunteer(f"B-VS-{region.code}-{n}", START + timedelta(days=rng.randint(0, span - 30))))
    Participant.objects.bulk_create(participants, batch_size=2000)
    Volunteer.objects.bulk_create(volunteers, batch_size=2000)
    Match.objects.bulk_create(
        [
            Match(
                reference=f"B-M-{i}",
                participant=person,
                volunteer=helper,
                region=person.region,
                proposed_on=started - timedelta(days=14),
                started_on=started,
                six_month_on=six_month_mark(started),
                status=MatchStatus.ACTIVE,
                slot=1,
                status_changed_on=started,
            )
            for i, (person, helper, started) in enumerate(pairs)
        ],
        batch_size=2000,
    )
    return {"participants": len(participants), "volunteers": len(volunteers), "matches": len(pairs)}


def timed(function, runs: int = 5, clock=time.perf_counter) -> float:
    """The median milliseconds of `runs` calls after a warm-up. `time.process_time` gives this
    process's CPU time: the figure to read on a machine shared with other work."""
    function()  # warm-up
    samples = []
    for _ in range(runs):
        started = clock()
        function()
        samples.append((clock() - started) * 1000)
    return round(statistics.median(samples), 1)


def counted(function) -> int:
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, params, many, context: queries.append(sql) or execute(sql, params, many, context)
    ):
        function()
    return len(queries)


def main() -> None:
    call_command("migrate", verbosity=0)
    sizes = build(random.Random(2026))
    leader = User.objects.create(username="bench-leader", role=Role.PROJECT_LEADER)
    client = Client()
    client.force_login(leader)

    def page(url):
        def get():
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        return get

    needs, index = page("/planning/needs/"), page("/planning/")
    waiting = Participant.objects.filter(status=ParticipantStatus.WAITING).count()
    print(
        json.dumps(
            {
                "benchmark": "planning",
                "database": connection.vendor,
                **sizes,
                "waiting": waiting,
                "needs_ms": timed(needs),
                "needs_cpu_ms": timed(needs, clock=time.process_time),
                "needs_queries": counted(needs),
                "planning_ms": timed(index),
                "planning_cpu_ms": timed(index, clock=time.process_time),
                "planning_queries": counted(index),
            }
        )
    )


if __name__ == "__main__":
    main()
