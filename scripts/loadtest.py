"""A bounded loopback load test: one and two app servers sharing one database.

    .venv/bin/python scripts/loadtest.py [--seconds 15] [--clients 4] [--scale 0.1] [--workers 2]

Builds a scratch database (a temporary SQLite file, or BENCH_DATABASE_URL: an empty scratch
PostgreSQL database, its schema dropped first) with bench/national.py's dataset, starts gunicorn on
127.0.0.1 (one server, then two on different ports, each with --workers processes), and for a
fixed time lets --clients threads read the today page, the waiting list and a match page as a
logged-in consultant. Reports requests/s and p50/p99 per page. Then the writes: every client
records different follow-ups through alternating servers while two more clients race to record
the same ones; the database must hold each follow-up recorded exactly once (0 lost, 0 doubled).
Stops by itself; never leaves a server running. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = tempfile.mkdtemp(prefix="lgv-load-")
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{WORKDIR}/load.sqlite3")
PASSWORD = "load-test-" + secrets.token_hex(8)
SERVER_ENV = {
    "DATABASE_URL": DATABASE_URL,
    "DJANGO_SETTINGS_MODULE": "config.settings_test",  # no second factor: the script logs in by password
    "SECRET_KEY": secrets.token_urlsafe(50),
    "IMPORT_DIR": str(Path(WORKDIR) / "import"),
    "CACHE_DIR": str(Path(WORKDIR) / "cache"),
}


def prepare(scale: float) -> dict:
    """Migrate and fill the scratch database; return the ids the clients use."""
    os.environ.update(SERVER_ENV)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import User
    from bench.national import build, empty_scratch_postgresql
    from followups.models import FollowUp
    from matches.models import Match, MatchStatus

    if connection.vendor == "postgresql":
        empty_scratch_postgresql()
    call_command("migrate", verbosity=0)
    build(scale=scale, audit_events=int(100_000 * scale))
    call_command("refresh_statistics", verbosity=0)
    consultant = User.objects.get(username="bench-consultant-hovedstaden")
    consultant.set_password(PASSWORD)
    consultant.save(update_fields=["password"])
    region = consultant.regions.get()
    open_matches = Match.objects.filter(region=region, status=MatchStatus.ACTIVE)
    writable = FollowUp.objects.pending().filter(match__in=open_matches, due_on__lte=date.today())
    writable = writable.exclude(kind="six_months")  # that one also needs an assessment
    ids = list(writable.order_by("pk").values_list("pk", flat=True)[:400])
    connection.close()
    return {
        "username": consultant.username,
        "match": open_matches.order_by("pk").first().pk,
        "followups": ids,
        "vendor": connection.vendor,
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def servers(count: int, workers: int):
    ports, processes = [_free_port() for _ in range(count)], []
    env = {**os.environ, **SERVER_ENV}
    try:
        for port in ports:
            command = [
                str(Path(sys.executable).parent / "gunicorn"),
                "config.wsgi",
                f"--bind=127.0.0.1:{port}",
                f"--workers={workers}",
                "--log-level=warning",
            ]
            processes.append(subprocess.Popen(command, cwd=ROOT, env=env))
        for port in ports:
            _wait_for(f"http://127.0.0.1:{port}/healthz")
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_for(url: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:  # not listening yet, or still starting
            time.sleep(0.2)
    raise SystemExit(f"the server at {url} did not start")


class Browser:
    """A logged-in consultant: cookies, the CSRF token, GET and POST."""

    def __init__(self, base: str, username: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.opener.addheaders = [("Accept-Language", "da")]
        self.post("/login/", {"username": username, "password": PASSWORD}, page="/login/")

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, ""

    def post(self, path: str, data: dict, *, page: str) -> int:
        _, html = self.get(page)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token.group(1) if token else ""}).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + page})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


def read_load(bases: list[str], facts: dict, clients: int, seconds: float) -> dict:
    pages = {
        "today": "/followups/today/",
        "waiting_list": "/referrals/waiting/",
        "match_page": f"/matches/{facts['match']}/",
    }
    timings = {name: [] for name in pages}
    failures = []
    deadline = time.monotonic() + seconds

    def client(number: int) -> None:
        browser = Browser(bases[number % len(bases)], facts["username"])
        while time.monotonic() < deadline:
            for name, path in pages.items():
                started = time.perf_counter()
                status, _ = browser.get(path)
                timings[name].append((time.perf_counter() - started) * 1000)
                if status != 200:
                    failures.append((name, status))

    threads = [threading.Thread(target=client, args=(number,)) for number in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {
        "requests_per_s": round(sum(len(found) for found in timings.values()) / elapsed, 1),
        "failures": len(failures),
        **{
            name: {
                "p50_ms": round(statistics.median(found), 1),
                "p99_ms": round(sorted(found)[int(0.99 * (len(found) - 1))], 1),
            }
            for name, found in timings.items()
            if found
        },
    }


def write_load(bases: list[str], facts: dict, clients: int) -> dict:
    """Each follow-up is posted by one client, and the first 20 also by two racing clients at once."""
    ids = facts["followups"]
    racing, answers = ids[:20], []
    lock = threading.Lock()
    form = {"done_on": date.today().isoformat(), "how": "phone", "with_whom": "volunteer", "frequency": "weekly"}

    def record(number: int, chosen: list[int]) -> None:
        browser = Browser(bases[number % len(bases)], facts["username"])
        for pk in chosen:
            status = browser.post(f"/followups/{pk}/record/", form, page=f"/followups/{pk}/record/")
            with lock:
                answers.append(status)

    plans = [(number, ids[number::clients]) for number in range(clients)]
    plans += [(clients + number, racing) for number in range(2)]
    threads = [threading.Thread(target=record, args=plan) for plan in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"posted": len(answers), "server_errors": sum(1 for status in answers if status >= 500), "ids": ids}


def check_writes(ids: list[int]) -> dict:
    from audit.models import AuditEvent
    from followups.models import FollowUp

    recorded = FollowUp.objects.filter(pk__in=ids, done_on__isnull=False).count()
    events = AuditEvent.objects.filter(target_type="followups.followup", target_id__in=[str(pk) for pk in ids])
    doubled = sum(1 for pk in ids if events.filter(target_id=str(pk), action="change").count() > 1)
    return {"lost": len(ids) - recorded, "doubled": doubled}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--scale", type=float, default=0.1)
    options = parser.parse_args()
    facts = prepare(options.scale)
    half = len(facts["followups"]) // 2
    batches = [facts["followups"][:half], facts["followups"][half:]]
    for count, batch in zip((1, 2), batches, strict=True):
        with servers(count, options.workers) as bases:
            reads = read_load(bases, facts, options.clients, options.seconds)
            writes = write_load(bases, {**facts, "followups": batch}, options.clients)
        result = {"servers": count, "workers_each": options.workers, "db": facts["vendor"], **reads}
        result.update({"posted": writes["posted"], "server_errors": writes["server_errors"], **check_writes(batch)})
        print(json.dumps(result))


if __name__ == "__main__":
    main()
