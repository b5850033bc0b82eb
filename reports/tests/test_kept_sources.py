"""Each kept figure reads only the tables it declares (reports/kept.py): a figure that read an
undeclared table would be served stale after a write to it. And a write leaves the figures that do
not read what it wrote."""

import inspect
import re
import time
from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factories import ParticipantFactory
from followups.models import FollowUp, Kind
from lib import table_versions
from matches.tests.factories import active_match
from outcomes.models import AreaProgress, Reading, Score
from reports import figures
from reports.dashboard import build_report
from reports.kept import SOURCES, computed_afresh, kept
from reports.kpi import Period
from reports.models import CentrePatientProfile

from .factories import star_history

pytestmark = pytest.mark.django_db

READ = re.compile(r'\b(?:FROM|JOIN)\s+"?(\w+)"?', re.IGNORECASE)
PERIODS = [
    Period(date(2022, 1, 1), date(2024, 12, 31), date(2025, 6, 30)),
    Period(date(2023, 1, 1), date(2023, 12, 31), date(2023, 12, 31), ("hovedstaden", "syddanmark")),
]


def _tables_read(run) -> tuple[set[str], str]:
    with CaptureQueriesContext(connection) as queries:
        run()
    sql = "\n".join(query["sql"] for query in queries.captured_queries)
    # Names after FROM and JOIN that are tables (not a raw query's own aliases and CTEs).
    return set(READ.findall(sql)) & set(connection.introspection.table_names()), sql


def _call(source, period):
    arguments = {"period": period, "language": "da"}
    wanted = inspect.signature(source).parameters
    return source.__wrapped__(**{name: arguments[name] for name in wanted})


@pytest.fixture
def history(hovedstaden, syddanmark, dignity):
    """Enough data that every query of every figure runs (a figure that names the centres of the
    period's referrals asks nothing when there are none)."""
    star_history()
    ParticipantFactory(
        region=hovedstaden, treatment_centre=dignity, referred_on=date(2023, 3, 1), accepted_on=date(2023, 3, 2)
    )
    CentrePatientProfile.objects.create(centre=dignity, year=2022, share_women_pct=55)


@pytest.mark.usefixtures("history")
@pytest.mark.parametrize("period", PERIODS)
def test_every_kept_figure_reads_only_the_tables_it_declares(period):
    assert len(SOURCES) > 15
    for source in SOURCES:
        read, sql = _tables_read(lambda source=source: _call(source, period))
        assert read, f"{source.__qualname__} read nothing"
        assert read <= set(source.tables), f"{source.__qualname__} reads {read - set(source.tables)}"
        for column in figures.UNREAD_MATCH_COLUMNS:  # their updates leave the matches' figures
            assert column not in sql, f"{source.__qualname__} reads {column}, declared unread"


@pytest.mark.usefixtures("history")
def test_the_report_reads_nothing_outside_its_kept_figures(leader):
    kept_tables = {table for source in SOURCES for table in source.tables}
    for period in PERIODS:
        read, _sql = _tables_read(lambda period=period: build_report(period=period, user=leader, region_name="x"))
        assert read <= kept_tables, f"the report's key misses {read - kept_tables}"


@override_settings(REPORT_CACHE_SECONDS=600)
def test_a_kept_figure_is_computed_again_only_when_a_table_it_reads_changes():
    calls = []

    @kept(FollowUp)
    def due(period: Period) -> int:
        calls.append(period)
        return len(calls)

    try:
        period = PERIODS[0]
        assert due(period) == due(period) == 1
        table_versions.bump(["referrals_participant"])
        assert due(period) == 1
        assert due(PERIODS[1]) == 2  # another period, another figure
        table_versions.bump([FollowUp._meta.db_table])
        assert due(period) == 3
        with computed_afresh():  # the restore drill's figures
            assert due(period) == 4
        assert due(period) == 3
        with time_machine.travel(time.time() + 600):  # the next window of REPORT_CACHE_SECONDS
            assert due(period) == 5
    finally:
        SOURCES.remove(due)


def test_declaring_a_table_kept_by_triggers_declares_what_fires_them():
    @kept(AreaProgress)
    def progress() -> int:
        return 0

    SOURCES.remove(progress)
    assert {Score._meta.db_table, Reading._meta.db_table} <= set(progress.tables)


TABLES = ["followups_followup", "matches_match", "referrals_participant", "volunteers_volunteer", "outcomes_score"]


def _changed_by(write) -> set[str]:
    before = {table: table_versions.token([table]) for table in TABLES}
    write()
    return {table for table in TABLES if table_versions.token([table]) != before[table]}


@time_machine.travel(date(2024, 6, 10), tick=False)
def test_a_follow_up_or_a_star_reading_changes_its_own_figures_not_the_matches(client, consultant_h):
    match = active_match(by=consultant_h, start=date(2024, 3, 5))
    followup = FollowUp.objects.get(match=match, kind=Kind.DAY_AFTER)
    client.force_login(consultant_h)
    answers = {"done_on": "2024-06-10", "how": "phone", "with_whom": "volunteer", "frequency": "weekly"}
    answers |= {"activities": ["social"], "how_it_goes": "well", "volunteer_coping": "well"}
    record = reverse("followups:record", kwargs={"followup_id": followup.pk})
    assert _changed_by(lambda: client.post(record, answers)) == {"followups_followup"}
    reading = reverse("outcomes:reading_new", kwargs={"match_id": match.pk})
    for on, score in (("2024-05-01", "8"), ("2024-06-01", "4")):  # the second falls: "needs attention"
        scores = {"on": on, "score_danish": score, "filled_by": "consultant", "action": "save"}
        assert _changed_by(lambda scores=scores: client.post(reading, scores)) == {"outcomes_score"}
    match.refresh_from_db()
    assert match.star_fell_on == date(2024, 6, 1)
