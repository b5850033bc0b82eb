"""Every main page on the national dataset: server time and query count, one JSON line per page.

    python bench/bench_pages.py [--scale 1.0] [--audit-events 1000000] [--extra-volunteers 0]
                                [--runs 9] [--only PAGE ...] [--database FILE]

--database FILE keeps the built SQLite file and reuses it on later runs (migrated first);
BENCH_REUSE=1 does the same for the PostgreSQL database of BENCH_DATABASE_URL.

Builds the dataset of bench/national.py in a throwaway SQLite file (BENCH_DATABASE_URL: a scratch
PostgreSQL database instead; everything in it is dropped first), then requests each page in-process
(the Django test client, no network) as the role that uses it. Each line: page, db, p50_ms and
p95_ms (as served: caches warm), cold_ms (one request with every cache empty; on the pages that
keep figures also after_followup_ms, after_referral_ms and after_match_ms: one request after such
a write), queries_small (the same page on a dataset of 1/50 the size, run in a child process),
queries_national and budget_ms.
The commands follow: kpi_report, export_data, send_digests and an import of 50,000 new rows
(rolled back after) with time and peak memory. Budgets and the last figures are kept in
docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
workdir = tempfile.mkdtemp(prefix="lgv-bench-")
# --database FILE keeps the built SQLite file and reuses it on the next run (read before argparse:
# the database is chosen before Django is set up).
KEPT = sys.argv[sys.argv.index("--database") + 1] if "--database" in sys.argv else None
default_url = f"sqlite:///{Path(KEPT).resolve()}" if KEPT else f"sqlite:///{workdir}/bench.sqlite3"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", default_url)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
os.environ.setdefault("IMPORT_DIR", str(Path(workdir) / "import"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.national import TODAY, build, empty_scratch_postgresql  # noqa: E402

# Served as in production: the report kept until the data changes (the test settings turn it off).
settings.REPORT_CACHE_SECONDS = 600

# page → (persona, path, budget in ms). Paths with {names} are filled from sample records.
PERIOD = f"date_from=2021-01-01&date_to={TODAY}&as_of={TODAY}"
PAGES = {
    "home_consultant": ("consultant-hovedstaden", "/", 50),
    "today_leader": ("leader", "/followups/today/", 50),
    "today_consultant": ("consultant-hovedstaden", "/followups/today/", 50),
    "referral_list_leader": ("leader", "/referrals/", 50),
    "referral_list_social_worker": ("social-hovedstaden-1", "/referrals/", 50),
    "waiting_list": ("consultant-hovedstaden", "/referrals/waiting/", 50),
    "participant_page": ("consultant-hovedstaden", "/referrals/{participant}/", 50),
    "volunteer_board": ("consultant-hovedstaden", "/volunteers/", 50),
    "volunteer_list": ("consultant-hovedstaden", "/volunteers/all/", 50),
    "volunteer_page": ("consultant-hovedstaden", "/volunteers/{volunteer}/", 50),
    "match_list_leader": ("leader", "/matches/", 50),
    "match_list_consultant": ("consultant-hovedstaden", "/matches/", 50),
    "match_page": ("consultant-hovedstaden", "/matches/{match}/", 50),
    "find_a_volunteer": ("consultant-hovedstaden", "/matching/participant/{participant}/", 100),
    "propose_page": (
        "consultant-hovedstaden",
        "/matching/participant/{participant}/propose/?volunteer={volunteer}",
        100,
    ),
    "batch": ("consultant-hovedstaden", "/matching/region/hovedstaden/batch/", 3000),
    "insights": ("leader", "/matching/insights/", 50),
    "posting_draft": ("consultant-hovedstaden", "/volunteers/postings/participant/{participant}/", 50),
    "calendar_feed": (None, "/followups/calendar/feed/{token}/", 50),
    "dashboard_leader": ("leader", f"/reports/?{PERIOD}", 150),
    "dashboard_consultant": ("consultant-hovedstaden", f"/reports/?{PERIOD}", 150),
    "download_docx": ("leader", f"/reports/download/?{PERIOD}&format=docx", 1000),
    "download_xlsx": ("leader", f"/reports/download/?{PERIOD}&format=xlsx", 1000),
    "audit_log": ("leader", "/audit/", 50),
    "audit_log_record": ("leader", "/audit/?target_type=referrals.participant&target_id={participant}", 50),
    "admin_users": ("leader", "/admin/accounts/user/", 50),
    "admin_campaigns": ("leader", "/admin/volunteers/campaign/", 50),
}
# The today page's panels (followups.panels), requested as the page requests them: by htmx.
TODAY_PANELS = {
    "leader": ("consultants", "supervision", "expiring", "recognition", "star", "sleeping", "triage"),
    "consultant-hovedstaden": ("supervision", "expiring", "recognition", "star", "sleeping", "triage"),
}
HTMX_PAGES = set()
# The pages that keep figures per source (reports.kept): also timed once after a write, as the
# tables the write changes (a follow-up recorded changes only the follow-ups:
# reports/tests/test_kept_sources.py; a new referral, the participants; a match proposed, started
# or ended, the matches).
AFTER_WRITES = {
    "after_followup_ms": ["followups_followup"],
    "after_referral_ms": ["referrals_participant"],
    "after_match_ms": ["matches_match"],
}
KEPT_PAGES = {"dashboard_leader", "dashboard_consultant", "download_docx", "download_xlsx"}
for _persona, _panels in TODAY_PANELS.items():
    for _panel in _panels:
        _page = f"today_{_panel}_{_persona.split('-')[0]}"
        PAGES[_page] = (_persona, f"/followups/today/{_panel}/", 50)
        HTMX_PAGES.add(_page)


def _samples(users: dict) -> dict:
    from followups.services import calendar_token_issue
    from matches.models import Match, MatchStatus
    from referrals.models import Participant
    from volunteers.models import Volunteer

    region = users["consultant-hovedstaden"].regions.get()
    _, token = calendar_token_issue(user=users["consultant-hovedstaden"])
    return {
        "participant": Participant.objects.waiting().filter(region=region).order_by("pk").first().pk,
        "volunteer": Volunteer.objects.filter(region=region, status="approved").order_by("pk").first().pk,
        "match": Match.objects.filter(region=region, status=MatchStatus.ACTIVE).order_by("pk").first().pk,
        "token": token,
    }


def _users() -> dict:
    from accounts.models import User

    return {user.username.removeprefix("bench-"): user for user in User.objects.filter(username__startswith="bench-")}


def _after_writes(client: Client, path: str) -> dict:
    """One request after each write of AFTER_WRITES (its tables' versions replaced), caches warm."""
    from lib import table_versions

    times = {}
    for name, tables in AFTER_WRITES.items():
        client.get(path)
        table_versions.bump(tables)
        started = time.perf_counter()
        client.get(path)
        times[name] = round((time.perf_counter() - started) * 1000, 1)
    return times


def _measure(client: Client, path: str, runs: int, headers=None) -> tuple[list[float], int, float]:
    """The samples (as served: caches warm), the query count and the time of one request with every
    cache empty (cold: what a change to every table costs, for the pages that keep a result)."""
    response = client.get(path, headers=headers)
    assert response.status_code == 200, (path, response.status_code)
    for emptied in caches.all():
        emptied.clear()
    queries = []
    # Counted by a wrapper, which outlives the connection closed at the end of each request.
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        started = time.perf_counter()
        client.get(path, headers=headers)
        cold = (time.perf_counter() - started) * 1000
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path, headers=headers)
        samples.append((time.perf_counter() - started) * 1000)
    return samples, len(queries), cold


def _pages(only: list[str] | None, runs: int) -> dict:
    users = _users()
    values = _samples(users)
    clients = {}
    found = {}
    for page, (persona, path, budget) in PAGES.items():
        if only and page not in only:
            continue
        if persona not in clients:
            clients[persona] = Client()
            if persona:
                clients[persona].force_login(users[persona])
        headers = {"HX-Request": "true"} if page in HTMX_PAGES else None
        samples, queries, cold = _measure(clients[persona], path.format(**values), runs, headers)
        samples.sort()
        found[page] = {
            "p50_ms": round(statistics.median(samples), 1),
            "p95_ms": round(samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))], 1),
            "cold_ms": round(cold, 1),
            **(_after_writes(clients[persona], path.format(**values)) if page in KEPT_PAGES else {}),
            "queries": queries,
            "budget_ms": budget,
        }
    return found


def _command(name: str, *args) -> dict:
    tracemalloc.start()
    started = time.perf_counter()
    with open(os.devnull, "w") as sink:
        call_command(name, *args, stdout=sink)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"seconds": round(seconds, 2), "peak_python_mb": round(peak / 2**20, 1)}


IMPORT_ROWS = 50_000


class _RolledBack(Exception):
    pass


def _import_rows() -> dict:
    """import_data of 50,000 new rows (25,000 participants, 25,000 volunteers, consent held on
    paper), time and peak memory; inside a transaction rolled back after, so a kept database stays
    as built."""
    from django.db import transaction

    from transfer.applying import import_data

    folder = Path(workdir) / "import-50k"
    folder.mkdir(exist_ok=True)
    half = IMPORT_ROWS // 2
    with (folder / "participants.csv").open("w", encoding="utf-8") as out:
        out.write("id,gender,birth_year,birth_country,region,referred_on,accepted_on,languages\n")
        for n in range(half):
            out.write(f"BI-P{n},female,{1960 + n % 40},SY,hovedstaden,2026-01-05,2026-01-09,ar|da\n")
    with (folder / "volunteers.csv").open("w", encoding="utf-8") as out:
        out.write("id,gender,birth_year,postcode,languages,region,applied_on,approved_on\n")
        for n in range(half):
            out.write(f"BI-V{n},male,{1950 + n % 50},2200,da|en,hovedstaden,2026-01-05,2026-02-01\n")
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with transaction.atomic():
            plan = import_data(folder, consent_on_paper=TODAY)
            assert plan.ok, plan.errors[:5]
            seconds = time.perf_counter() - started
            raise _RolledBack
    except _RolledBack:
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"rows": IMPORT_ROWS, "seconds": round(seconds, 2), "peak_python_mb": round(peak / 2**20, 1)}


def _small_counts(only) -> dict:
    """Query counts on a dataset 1/50 the size, built in a child process with its own database."""
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "BENCH_DATABASE_URL")}
    args = [sys.executable, __file__, "--scale", "0.02", "--audit-events", "2000", "--runs", "1", "--counts-only"]
    if only:
        args += ["--only", *only]
    output = subprocess.run(args, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--audit-events", type=int, default=1_000_000)
    parser.add_argument("--extra-volunteers", type=int, default=0)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--counts-only", action="store_true")
    parser.add_argument("--database", help="SQLite file to keep: built on the first run, reused after")
    options = parser.parse_args()

    reuse = bool(options.database) and Path(options.database).exists()
    if connection.vendor == "postgresql" and not os.environ.get("BENCH_REUSE"):
        empty_scratch_postgresql()
    elif connection.vendor == "postgresql":
        reuse = True
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    if reuse:
        sizes = {"reused": options.database or "BENCH_DATABASE_URL"}
    else:
        sizes = build(scale=options.scale, audit_events=options.audit_events, extra_volunteers=options.extra_volunteers)
    built_s = round(time.perf_counter() - started, 1)
    call_command("refresh_statistics", verbosity=0)
    found = _pages(options.only, options.runs)
    if options.counts_only:
        print(json.dumps({page: figures["queries"] for page, figures in found.items()}))
        return
    small = _small_counts(options.only)
    print(json.dumps({"dataset": sizes, "db": connection.vendor, "build_s": built_s}))
    for page, figures in found.items():
        print(
            json.dumps(
                {
                    "page": page,
                    "db": connection.vendor,
                    "p50_ms": figures["p50_ms"],
                    "p95_ms": figures["p95_ms"],
                    "cold_ms": figures["cold_ms"],
                    **{name: figures[name] for name in AFTER_WRITES if name in figures},
                    "queries_small": small.get(page),
                    "queries_national": figures["queries"],
                    "budget_ms": figures["budget_ms"],
                    "within_budget": figures["p95_ms"] <= figures["budget_ms"],
                }
            )
        )
    if not options.only:
        for command, args in {
            "kpi_report": ("--format", "json", "--from", "2021-01-01", "--to", str(TODAY)),
            "export_data": (str(Path(workdir) / "export"),),
            "send_digests": (),
        }.items():
            print(json.dumps({"command": command, "db": connection.vendor, **_command(command, *args)}))
        print(json.dumps({"command": "import_data", "db": connection.vendor, **_import_rows()}))


if __name__ == "__main__":
    main()
