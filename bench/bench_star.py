"""The dashboard with Forandringsstjernen's figures on a national dataset: five regions, six years,
~100,000 star readings (about one a month per running match, most scoring all eight areas).

Builds on bench_dashboard's generated history (a throwaway SQLite database, or BENCH_DATABASE_URL),
adds the readings and pauses, and times the dashboard page (the leader's exact version) and the
star figures alone. Prints one JSON line.
"""

import json
import os
import random
import sys
import time
from datetime import date

os.environ.setdefault("BENCH_PER_REGION", "1000")

from bench_dashboard import TODAY, build, timed  # noqa: E402 (sets up Django)
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from bench.national import add_readings  # noqa: E402
from outcomes.kpi import star_report  # noqa: E402

FIRST = date(2020, 12, 1)
PERIOD = {"date_from": date(2021, 1, 1), "date_to": TODAY, "as_of": TODAY}


def main() -> None:
    call_command("migrate", verbosity=0)
    rng = random.Random(2026)
    started = time.perf_counter()
    sizes = build(rng, first=FIRST, days=2100)
    sizes |= add_readings(rng, today=TODAY)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "ANALYZE")
    print(f"built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    leader = User.objects.create(username="bench-leader", role=Role.PROJECT_LEADER)
    client = Client()
    client.force_login(leader)
    url = f"/reports/?date_from={PERIOD['date_from']}&date_to={TODAY}&as_of={TODAY}"

    def dashboard():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        assert b'data-table="star_distance"' in response.content

    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, params, many, context: queries.append(sql) or execute(sql, params, many, context)
    ):
        dashboard()
    star_queries = []
    with connection.execute_wrapper(
        lambda execute, sql, params, many, context: star_queries.append(sql) or execute(sql, params, many, context)
    ):
        figures = star_report(**PERIOD)
    print(
        json.dumps(
            {
                "benchmark": "dashboard_star",
                "database": connection.vendor,
                **sizes,
                "active_matches": figures["active_matches"],
                "dashboard_ms": timed(dashboard),
                "dashboard_queries": len(queries),
                "star_figures_ms": timed(lambda: star_report(**PERIOD)),
                "star_figures_queries": len(star_queries),
                "star_figures_one_year_ms": timed(
                    lambda: star_report(date_from=date(2025, 11, 27), date_to=TODAY, as_of=TODAY)
                ),
            }
        )
    )


if __name__ == "__main__":
    main()
