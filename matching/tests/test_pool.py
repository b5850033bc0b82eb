"""The region's pool: loaded in two queries straight into columns, cached, and invalidated by every
write that changes it (volunteers.pool_version)."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from factories import MatchFactory, ParticipantFactory, VolunteerFactory
from matches.models import MatchStatus
from matches.services import match_cancel, match_propose
from matching import loading
from privacy.services import consent_withdraw, person_erase
from support.models import Requirement, VolunteerRequirement
from support.services import requirement_record
from transfer.applying import import_data
from transfer.tests.test_import import VOLUNTEERS, write
from volunteers import pool_version
from volunteers import services as volunteers
from volunteers.models import Volunteer, VolunteerStatus

pytestmark = pytest.mark.django_db
TODAY = date(2024, 6, 1)


def matched(region, capacity=1, open_matches=1, **fields):
    helper = VolunteerFactory(
        region=region, status=VolunteerStatus.MATCHED, approved_on=date(2023, 12, 1), capacity=capacity, **fields
    )
    for slot in range(1, open_matches + 1):
        MatchFactory(volunteer=helper, slot=slot, participant=ParticipantFactory(region=region))
    return helper


@pytest.fixture
def certificate(db):
    return Requirement.objects.create(name="Børneattest", before_first_match=True, valid_months=24)


def test_the_loaded_pool_is_the_available_volunteers_with_the_facts_to_volunteer_gives(
    hovedstaden, syddanmark, certificate
):
    def met(volunteer, on):
        VolunteerRequirement.objects.create(
            volunteer=volunteer, requirement=certificate, met_on=on, expires_on=certificate.expires_on(on)
        )

    ready = VolunteerFactory(region=hovedstaden, approved=True, interests=["walks"], availability=["weekend"])
    half_full = matched(hovedstaden, capacity=2, open_matches=1, max_distance_km=10, gender="")
    cancelled_only = VolunteerFactory(region=hovedstaden, approved=True, first_name="", last_name="", postcode="0000")
    MatchFactory(volunteer=cancelled_only, status=MatchStatus.CANCELLED, slot=None, cancelled_on=date(2024, 2, 2))
    left_out = [
        matched(hovedstaden),  # full
        VolunteerFactory(region=hovedstaden, status=VolunteerStatus.PAUSED, approved_on=date(2023, 12, 1)),
        VolunteerFactory(region=hovedstaden),  # applied
        VolunteerFactory(region=syddanmark, approved=True),
        VolunteerFactory(region=hovedstaden, approved=True),  # lacks the certificate
        VolunteerFactory(region=hovedstaden, approved=True),  # its certificate expired
    ]
    for helper in (ready, half_full, cancelled_only, *left_out[:4]):
        met(helper, date(2024, 1, 1))
    met(left_out[-1], date(2022, 1, 1))

    pool = loading.load_pool(hovedstaden, today=TODAY, requirement_ids=[certificate.pk])

    expected = [ready, half_full, cancelled_only]
    assert sorted(pool.ids.tolist()) == sorted(v.pk for v in expected)
    records = loading.with_open_matches(Volunteer.objects.filter(pk__in=[v.pk for v in expected]))
    facts = loading.to_volunteers(records, today=TODAY)
    assert [pool.volunteer(row) for row in range(len(pool))] == [facts[pk] for pk in pool.ids.tolist()]
    assert pool.volunteer(pool.row_of(half_full.pk)).open_matches == 1
    assert pool.available.all()


def test_the_pool_is_cached_until_a_write_bumps_the_version(hovedstaden, django_assert_num_queries):
    VolunteerFactory(region=hovedstaden, approved=True)
    with django_assert_num_queries(3):  # the requirements needed before a match, open matches, volunteers
        first = loading.region_pool(hovedstaden, today=TODAY)
    with django_assert_num_queries(1):  # the requirements only: they are part of the key
        assert loading.region_pool(hovedstaden, today=TODAY) is first
    pool_version.bump()
    with django_assert_num_queries(3):
        assert len(loading.region_pool(hovedstaden, today=TODAY)) == 1


def test_another_process_takes_the_pool_from_djangos_cache(hovedstaden, django_assert_num_queries):
    VolunteerFactory(region=hovedstaden, approved=True)
    first = loading.region_pool(hovedstaden, today=TODAY)
    loading._LOCAL.clear()  # as in another process
    with django_assert_num_queries(1):
        again = loading.region_pool(hovedstaden, today=TODAY)
    assert again is not first and again.ids.tolist() == first.ids.tolist()


def test_a_new_requirement_or_another_day_gives_another_pool(hovedstaden):
    VolunteerFactory(region=hovedstaden, approved=True)
    assert len(loading.region_pool(hovedstaden, today=TODAY)) == 1
    assert len(loading.region_pool(hovedstaden, today=TODAY + timedelta(days=1))) == 1
    Requirement.objects.create(name="Børneattest", before_first_match=True)  # not through a service
    assert len(loading.region_pool(hovedstaden, today=TODAY)) == 0


def test_a_cached_pool_expires_after_ten_minutes(hovedstaden, django_assert_num_queries):
    VolunteerFactory(region=hovedstaden, approved=True)
    with time_machine.travel(datetime(2024, 6, 1, 12, 0), tick=False) as clock:
        loading.region_pool(hovedstaden, today=TODAY)
        clock.shift(timedelta(minutes=9))
        with django_assert_num_queries(1):
            loading.region_pool(hovedstaden, today=TODAY)
        clock.shift(timedelta(minutes=2))
        with django_assert_num_queries(3):
            loading.region_pool(hovedstaden, today=TODAY)


def test_a_bump_inside_a_transaction_bumps_again_when_it_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pool_version.bump()
        during = pool_version.current()
    assert pool_version.current() != during


# --- every write that changes a pool bumps the version ------------------------------------


def _screened(region):
    return VolunteerFactory(region=region, status=VolunteerStatus.SCREENED)


WRITES = {
    "approve": lambda c: volunteers.volunteer_decide(
        volunteer=_screened(c["region"]), outcome=VolunteerStatus.APPROVED, on=TODAY, by=c["by"]
    ),
    "pause": lambda c: volunteers.volunteer_pause(volunteer=c["anne"], on=TODAY, by=c["by"], reason="ferie"),
    "leave": lambda c: volunteers.volunteer_leave(volunteer=c["anne"], on=TODAY, by=c["by"], reason="flytter"),
    "capacity": lambda c: volunteers.volunteer_set_capacity(volunteer=c["anne"], capacity=2, by=c["by"]),
    "postcode": lambda c: volunteers.volunteer_update(volunteer=c["anne"], data={"postcode": "2200"}, by=c["by"]),
    "languages": lambda c: volunteers.volunteer_update(volunteer=c["anne"], data={"languages": ["ar"]}, by=c["by"]),
    "propose": lambda c: match_propose(
        participant=ParticipantFactory(region=c["region"], waiting=True), volunteer=c["anne"], by=c["by"], on=TODAY
    ),
    "cancel": lambda c: match_cancel(
        match=MatchFactory(volunteer=matched(c["region"], 1, 0)), on=TODAY, by=c["by"], reason="x"
    ),
    "requirement": lambda c: requirement_record(
        volunteer=c["anne"],
        requirement=Requirement.objects.create(name="Børneattest", before_first_match=True),
        by=c["by"],
        met_on=TODAY,
    ),
    "withdrawal": lambda c: consent_withdraw(person=c["anne"], by=c["by"], on=TODAY),
    "erasure": lambda c: person_erase(person=c["anne"], by=c["by"], on=TODAY),
    "import": lambda c: import_data(write(c["tmp_path"] / "data", volunteers=VOLUNTEERS[:1]), consent_on_paper=TODAY),
}


@pytest.mark.parametrize("write_name", WRITES)
@time_machine.travel(TODAY, tick=False)
def test_each_write_that_changes_a_pool_bumps_the_version(write_name, hovedstaden, syddanmark, leader, tmp_path):
    anne = VolunteerFactory(region=hovedstaden, approved=True, consent_on=date(2024, 1, 1))
    before = pool_version.current()
    WRITES[write_name]({"region": hovedstaden, "by": leader, "anne": anne, "tmp_path": tmp_path})
    assert pool_version.current() != before


def test_an_admin_edit_of_a_requirement_bumps_the_version(client, leader):
    requirement = Requirement.objects.get(name="Underskrevet tavshedserklæring")
    client.force_login(leader)
    before = pool_version.current()
    data = {"name": requirement.name, "before_first_match": "on", "valid_months": "", "active": "on", "order": 0}
    response = client.post(reverse("admin:support_requirement_change", args=[requirement.pk]), data)
    assert response.status_code == 302
    assert pool_version.current() != before


def test_the_suggestions_follow_a_pause_and_a_resume_at_once(client, consultant_h, hovedstaden):
    participant = ParticipantFactory(region=hovedstaden, waiting=True, postcode="2200")
    anne = VolunteerFactory(region=hovedstaden, approved=True, postcode="2100")
    client.force_login(consultant_h)
    url = reverse("matching:suggest", kwargs={"participant_id": participant.pk})

    def shown():
        return [c.volunteer for c in client.get(url).context["candidates"]]

    assert shown() == [anne]
    volunteers.volunteer_pause(volunteer=anne, on=date.today(), by=consultant_h, reason="ferie")
    assert shown() == []
    volunteers.volunteer_resume(volunteer=Volunteer.objects.get(pk=anne.pk), on=date.today(), by=consultant_h)
    assert shown() == [anne]
