import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from factories import ParticipantFactory, VolunteerFactory
from followups.models import CadenceConfig, CalendarToken, DigestSent, FollowUp, Kind
from followups.services import followup_record
from matches.models import Assessment
from matches.tests.factories import active_match
from referrals.models import ParticipantStatus
from volunteers.models import VolunteerStatus

pytestmark = pytest.mark.django_db

START = date(2024, 3, 5)


def _followup(match, kind):
    return FollowUp.objects.get(match=match, kind=kind)


# --- Today page ---------------------------------------------------------------------------


@time_machine.travel(date(2024, 4, 5), tick=False)
def test_today_lists_due_and_overdue_followups_of_own_region_only(client, consultant_h, consultant_s, syddanmark):
    mine = active_match(by=consultant_h, start=START)
    theirs = active_match(by=consultant_s, region=syddanmark, start=START)
    client.force_login(consultant_h)
    response = client.get(reverse("followups:today"))
    due = [(f.match_id, f.kind) for f in response.context["due"]]
    # Day after (overdue) and one month (due today); the three-month one is not due yet.
    assert due == [(mine.pk, Kind.DAY_AFTER), (mine.pk, Kind.ONE_MONTH)]
    assert theirs.reference not in response.content.decode()


@time_machine.travel(date(2024, 4, 5), tick=False)
def test_today_shows_sleepers_triage_and_flags(client, consultant_h, hovedstaden):
    sleeper = VolunteerFactory(status=VolunteerStatus.SCREENED, status_changed_on=date(2024, 3, 28))
    fresh = VolunteerFactory(status=VolunteerStatus.SCREENED, status_changed_on=date(2024, 4, 1))
    referral = ParticipantFactory(status=ParticipantStatus.INFO_REQUESTED)
    match = active_match(by=consultant_h, start=START)
    day_after = _followup(match, Kind.DAY_AFTER)
    day_after.done_on, day_after.flag_supervision = date(2024, 3, 6), True
    day_after.save()
    client.force_login(consultant_h)
    response = client.get(_panel("sleeping"))
    assert list(response.context["sleeping"]) == [sleeper]
    assert fresh not in list(response.context["sleeping"])
    assert list(client.get(_panel("triage")).context["triage"]) == [referral]
    assert client.get(reverse("followups:today")).context["flags"] == [day_after]
    client.post(reverse("followups:flags_handled", kwargs={"followup_id": day_after.pk}), {"next": "today"})
    assert client.get(reverse("followups:today")).context["flags"] == []


@time_machine.travel(date(2024, 4, 5), tick=False)
def test_today_states_each_regions_own_sleep_on_it_limit(client, consultant_h, hovedstaden):
    from volunteers.models import RegionSettings

    RegionSettings.objects.create(region=hovedstaden, sleep_on_it_days=14)
    within = VolunteerFactory(status=VolunteerStatus.SCREENED, status_changed_on=date(2024, 3, 28))
    client.force_login(consultant_h)
    response = client.get(_panel("sleeping"))
    page = response.content.decode()
    assert within not in list(response.context["sleeping"])
    assert "7 days" not in page and "7 dage" not in page
    assert f"{hovedstaden.name}: 14" in page


@time_machine.travel(date(2024, 6, 1), tick=False)
def test_leader_sees_overdue_counts_per_consultant(client, leader, consultant_h, consultant_s, syddanmark):
    active_match(by=consultant_h, start=START)  # day after, 1 month overdue
    client.force_login(leader)
    response = client.get(_panel("consultants"))
    counts = {row["consultant"].username: row["overdue"] for row in response.context["per_consultant"]}
    assert counts == {"konsulent.h": 2, "konsulent.s": 0}
    client.force_login(consultant_h)
    assert client.get(_panel("consultants")).status_code == 404  # the leader's panel


def _panel(name: str) -> str:
    return reverse("followups:today_panel", kwargs={"panel": name})


@time_machine.travel(date(2024, 6, 1), tick=False)
def test_today_page_loads_its_other_panels_and_each_works_without_javascript(client, consultant_h, leader):
    for user, count in ((consultant_h, 6), (leader, 7)):
        client.force_login(user)
        page = client.get(reverse("followups:today")).content.decode()
        slots = re.findall(r'hx-get="([^"]+)" hx-trigger="load"', page)
        assert len(slots) == count
        for url in slots:
            assert f'<a href="{url}">Vis:' in page  # the slot's link, for a browser without JavaScript
            fragment = client.get(url, headers={"HX-Request": "true"})
            assert fragment.status_code == 200 and "<html" not in fragment.content.decode()
            whole = client.get(url).content.decode()
            assert "<html" in whole and "Tilbage til i dag" in whole
    assert client.get(_panel("nothing")).status_code == 404


@time_machine.travel(date(2024, 6, 1), tick=False)
def test_today_page_query_count_does_not_grow_with_matches(client, consultant_h, django_assert_max_num_queries):
    for _ in range(5):
        active_match(by=consultant_h, start=START)
    client.force_login(consultant_h)
    # The page: the session, the user and their regions; its four lists; the volunteers' call-back
    # requests (portal); the audit of the people shown and their ids.
    with django_assert_max_num_queries(16):
        response = client.get(reverse("followups:today"))
    assert len(response.context["due"]) == 10
    for name in ("supervision", "expiring", "recognition", "star", "sleeping", "triage"):
        with django_assert_max_num_queries(12):
            client.get(_panel(name))


# --- Recording ----------------------------------------------------------------------------


@time_machine.travel(date(2024, 3, 6), tick=False)
def test_record_day_after_follow_up(client, consultant_h):
    match = active_match(by=consultant_h, start=START)
    followup = _followup(match, Kind.DAY_AFTER)
    client.force_login(consultant_h)
    url = reverse("followups:record", kwargs={"followup_id": followup.pk})
    response = client.post(
        url,
        {
            "done_on": "2024-03-06",
            "how": "phone",
            "with_whom": "volunteer",
            "frequency": "weekly",
            "activities": ["social", "danish"],
            "how_it_goes": "well",
            "volunteer_coping": "well",
            "notes": "God start",
            "flag_heavy_responsibility": "on",
        },
    )
    assert response.status_code == 302
    followup.refresh_from_db()
    assert followup.done_on == date(2024, 3, 6) and followup.recorded_by == consultant_h
    assert followup.activities == ["social", "danish"] and followup.flag_heavy_responsibility
    page = client.get(reverse("matches:detail", kwargs={"match_id": match.pk})).content.decode()
    assert "Borgerrådgiveren i kommunen" in page  # suggested places to refer the volunteer to


@time_machine.travel(date(2024, 3, 6), tick=False)
def test_record_refuses_future_date_and_missing_answers_and_saves_nothing(client, consultant_h):
    match = active_match(by=consultant_h, start=START)
    followup = _followup(match, Kind.DAY_AFTER)
    client.force_login(consultant_h)
    url = reverse("followups:record", kwargs={"followup_id": followup.pk})
    response = client.post(url, {"done_on": "2024-03-09", "with_whom": "volunteer"})
    assert response.status_code == 400
    form = response.context["form"]
    assert "done_on" in form.errors and "how" in form.errors
    followup.refresh_from_db()
    assert followup.done_on is None


@time_machine.travel(date(2024, 9, 6), tick=False)
def test_six_month_follow_up_records_the_assessment_and_needs_a_reason_when_not_well(client, consultant_h):
    match = active_match(by=consultant_h, start=START)
    followup = _followup(match, Kind.SIX_MONTHS)
    client.force_login(consultant_h)
    url = reverse("followups:record", kwargs={"followup_id": followup.pk})
    data = {"done_on": "2024-09-05", "how": "meeting", "with_whom": "both", "assessment": "not_well_functioning"}
    response = client.post(url, data)
    assert "assessment_reason" in response.context["form"].errors
    match.refresh_from_db()
    assert match.six_month_assessment == ""
    client.post(url, {**data, "assessment_reason": "Ses sjældent"})
    match.refresh_from_db()
    assert match.six_month_assessment == Assessment.NOT_WELL_FUNCTIONING
    assert match.six_month_assessment_reason == "Ses sjældent" and match.six_month_assessed_on == date(2024, 9, 5)


@time_machine.travel(date(2024, 5, 1), tick=False)
def test_ad_hoc_contact_is_recorded_as_done(client, consultant_h):
    match = active_match(by=consultant_h, start=START)
    client.force_login(consultant_h)
    response = client.post(
        reverse("followups:ad_hoc", kwargs={"match_id": match.pk}),
        {"done_on": "2024-04-30", "how": "phone", "with_whom": "volunteer", "notes": "Ringede om brev"},
    )
    assert response.status_code == 302
    contact = FollowUp.objects.get(match=match, kind=Kind.AD_HOC)
    assert contact.due_on == contact.done_on == date(2024, 4, 30)


def test_consultant_of_another_region_gets_404(client, consultant_h, consultant_s):
    match = active_match(by=consultant_h, start=START)
    followup = _followup(match, Kind.DAY_AFTER)
    client.force_login(consultant_s)
    assert client.get(reverse("followups:record", kwargs={"followup_id": followup.pk})).status_code == 404
    assert client.get(reverse("followups:ad_hoc", kwargs={"match_id": match.pk})).status_code == 404
    assert client.post(reverse("followups:flags_handled", kwargs={"followup_id": followup.pk})).status_code == 404


# --- Digest -------------------------------------------------------------------------------


@time_machine.travel(date(2024, 4, 5), tick=False)
def test_digest_is_sent_once_per_consultant_per_day_without_personal_data(settings, consultant_h, consultant_s):
    settings.EMAIL_ENABLED = True
    consultant_h.email = "karen@example.org"
    consultant_h.save()
    consultant_s.email = "soren@example.org"
    consultant_s.save()
    match = active_match(by=consultant_h, start=START)
    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # Only the consultant with something due gets one, and only once.
    assert [m.to for m in mail.outbox] == [["karen@example.org"]]
    message = mail.outbox[0]
    for secret in (match.participant.first_name, match.volunteer.first_name, match.reference):
        assert secret not in message.subject and secret not in message.body
    assert "1" in message.body and reverse("followups:today") in message.body
    assert DigestSent.objects.filter(user=consultant_h, on=date(2024, 4, 5)).count() == 1


@time_machine.travel(date(2024, 4, 5), tick=False)
def test_digest_sends_nothing_when_email_is_not_configured(settings, consultant_h):
    settings.EMAIL_ENABLED = False
    consultant_h.email = "karen@example.org"
    consultant_h.save()
    active_match(by=consultant_h, start=START)
    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == [] and not DigestSent.objects.exists()


# --- Calendar feed ------------------------------------------------------------------------


@time_machine.travel(date(2024, 3, 5), tick=False)
def test_calendar_feed_carries_references_only_and_stops_when_revoked(client, consultant_h):
    match = active_match(by=consultant_h, start=START)
    client.force_login(consultant_h)
    made = client.post(reverse("followups:calendar"), {"action": "issue"})
    feed_url = made.context["feed_url"].removeprefix("http://testserver")
    client.logout()
    response = client.get(feed_url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert f"Opfølgning {match.reference}" in body
    assert match.participant.first_name not in body and match.volunteer.last_name not in body
    client.force_login(consultant_h)
    client.post(reverse("followups:calendar"), {"action": "issue"})
    assert client.get(feed_url).status_code == 404  # the old link stops working
    client.post(reverse("followups:calendar"), {"action": "revoke"})
    assert not CalendarToken.objects.filter(user=consultant_h, revoked_at__isnull=True).exists()


def test_calendar_link_is_stored_as_a_hash_and_shown_only_once(client, consultant_h):
    import hashlib

    client.force_login(consultant_h)
    made = client.post(reverse("followups:calendar"), {"action": "issue"})
    secret = made.context["feed_url"].rstrip("/").rsplit("/", 1)[1]
    assert len(secret) >= 40 and secret in made.content.decode()
    stored = CalendarToken.objects.get(user=consultant_h, revoked_at__isnull=True)
    assert stored.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str([getattr(stored, f.attname) for f in CalendarToken._meta.concrete_fields])
    later = client.get(reverse("followups:calendar"))
    assert later.context["token"] == stored and secret not in later.content.decode()
    assert client.get(reverse("followups:calendar_feed", kwargs={"token": secret})).status_code == 200
    assert client.get(reverse("followups:calendar_feed", kwargs={"token": stored.token_hash})).status_code == 404


def test_calendar_feed_with_unknown_token_is_404(client, db):
    assert client.get(reverse("followups:calendar_feed", kwargs={"token": "nope"})).status_code == 404


# --- Cadence configuration ----------------------------------------------------------------


def test_leader_edits_default_and_region_cadence(client, leader, hovedstaden):
    client.force_login(leader)
    data = {"day_after": "on", "one_month": "on", "three_months": "on", "touch_base_months": "6", "yearly": "on"}
    assert client.post(reverse("followups:cadence"), data).status_code == 302
    assert CadenceConfig.objects.get(region__isnull=True).touch_base_months == 6
    url = reverse("followups:cadence_region", kwargs={"region": hovedstaden.slug})
    client.post(url, {**data, "day_after": "", "touch_base_months": "12"})
    own = CadenceConfig.objects.get(region=hovedstaden)
    assert not own.day_after and own.touch_base_months == 12
    client.post(url, {"reset": "1"})
    assert not CadenceConfig.objects.filter(region=hovedstaden).exists()


def test_cadence_refuses_other_touch_base_and_saves_nothing(client, leader):
    client.force_login(leader)
    response = client.post(reverse("followups:cadence"), {"touch_base_months": "9"})
    assert response.status_code == 200 and "touch_base_months" in response.context["form"].errors
    assert CadenceConfig.objects.get(region__isnull=True).touch_base_months == 12


def test_consultant_cannot_edit_cadence(client, consultant_h):
    client.force_login(consultant_h)
    assert client.get(reverse("followups:cadence")).status_code == 403


def test_overdue_counts_ignore_ended_matches(consultant_h):
    from followups.selectors import overdue_by_consultant

    match = active_match(by=consultant_h, start=START)
    match.status = "ended"
    match.ended_on = START + timedelta(days=3)
    match.slot = None
    match.save()
    assert {row["consultant"]: row["overdue"] for row in overdue_by_consultant(date(2025, 1, 1))}[consultant_h] == 0


@time_machine.travel(date(2024, 3, 6), tick=False)
def test_record_form_labels_all_start_with_a_capital(client, consultant_h):
    match = active_match(by=consultant_h, start=START)
    client.force_login(consultant_h)
    for kind in (Kind.DAY_AFTER, Kind.SIX_MONTHS):
        url = reverse("followups:record", kwargs={"followup_id": _followup(match, kind).pk})
        form = client.get(url).context["form"]
        labels = {name: str(field.label) for name, field in form.fields.items()}
        assert all(label[0].isupper() for label in labels.values()), labels
        assert labels["how"] == "Hvordan" and labels["notes"] == "Noter"


@time_machine.travel(date(2024, 4, 5), tick=False)
def test_a_heavy_responsibility_flag_shows_the_regions_and_everywhere_referral_places(
    client, consultant_h, hovedstaden, syddanmark
):
    from followups.models import ReferralPlace

    ReferralPlace.objects.create(name="Borgerservice Hovedstaden", region=hovedstaden)
    ReferralPlace.objects.create(name="Pensionsrådgivning", region=None)
    ReferralPlace.objects.create(name="Borgerservice Syddanmark", region=syddanmark)
    ReferralPlace.objects.create(name="Nedlagt sted", region=None, active=False)
    match = active_match(by=consultant_h, start=START)
    followup = _followup(match, Kind.DAY_AFTER)
    followup.done_on, followup.flag_heavy_responsibility = START + timedelta(days=1), True
    followup.save()
    client.force_login(consultant_h)
    page = client.get(reverse("matches:detail", kwargs={"match_id": match.pk})).content.decode()
    assert "Borgerservice Hovedstaden" in page and "Pensionsrådgivning" in page
    assert "Borgerservice Syddanmark" not in page and "Nedlagt sted" not in page


# --- Screening meetings and the pair behind each line -------------------------------------


def _book(volunteer, *, at, by):
    from volunteers.services import screening_book

    return screening_book(volunteer=volunteer, meeting_at=at, place="Kontoret, Borgergade", by=by, on=at.date())


@time_machine.travel(datetime(2024, 4, 5, 9, 0, tzinfo=UTC), tick=False)
def test_today_lists_screening_meetings_and_flags_a_past_unrecorded_one(
    client, consultant_h, consultant_s, leader, syddanmark, hovedstaden
):
    past = VolunteerFactory(region=hovedstaden, first_name="Palle", last_name="Fortid")
    coming = VolunteerFactory(region=hovedstaden, first_name="Karin", last_name="Kommende")
    elsewhere = VolunteerFactory(region=syddanmark, first_name="Sune", last_name="Syd")
    _book(past, at=datetime(2024, 4, 2, 10, 0, tzinfo=UTC), by=consultant_h)
    _book(coming, at=datetime(2024, 4, 8, 13, 0, tzinfo=UTC), by=consultant_h)
    _book(elsewhere, at=datetime(2024, 4, 8, 13, 0, tzinfo=UTC), by=consultant_s)
    for user in (consultant_h, leader):
        client.force_login(user)
        response = client.get(reverse("followups:today"))
        assert [s.volunteer for s in response.context["screenings"]][:2] == [past, coming]
        section = response.content.decode().split('id="screenings-heading"')[1].split("</section>")[0]
        assert "Palle Fortid" in section and "Karin Kommende" in section
        assert section.count("Ikke registreret som holdt") == 1
        assert reverse("volunteers:screening_record", kwargs={"volunteer_id": past.pk}) in section
    client.force_login(consultant_h)
    assert "Sune Syd" not in client.get(reverse("followups:today")).content.decode()


@time_machine.travel(datetime(2024, 4, 5, 9, 0, tzinfo=UTC), tick=False)
def test_the_calendar_feed_has_screening_meetings_by_reference_only(client, consultant_h, hovedstaden):
    volunteer = VolunteerFactory(region=hovedstaden, first_name="Karin", last_name="Kommende")
    _book(volunteer, at=datetime(2024, 4, 8, 13, 0, tzinfo=UTC), by=consultant_h)
    client.force_login(consultant_h)
    made = client.post(reverse("followups:calendar"), {"action": "issue"})
    client.logout()
    body = client.get(made.context["feed_url"].removeprefix("http://testserver")).content.decode()
    assert f"Screeningsmøde {volunteer.reference}" in body
    assert "Karin" not in body and "Kommende" not in body and "Borgergade" not in body


@time_machine.travel(date(2024, 4, 5), tick=False)
def test_flags_and_meetings_on_the_today_page_name_the_pair(client, consultant_h):
    match = active_match(by=consultant_h, start=START)
    followup = _followup(match, Kind.DAY_AFTER)
    followup_record(
        followup=followup,
        by=consultant_h,
        done_on=date(2024, 3, 6),
        how="phone",
        with_whom="volunteer",
        flag_supervision=True,
    )
    client.force_login(consultant_h)
    content = client.get(reverse("followups:today")).content.decode()
    flags = content.split('id="flags-heading"')[1].split("</section>")[0]
    assert str(match.participant) in flags and str(match.volunteer) in flags


@time_machine.travel(date(2024, 3, 5), tick=False)
def test_calendar_feed_keeps_to_its_window_and_answers_not_modified_to_an_unchanged_feed(client, consultant_h):
    match = active_match(by=consultant_h, start=START)
    far = FollowUp.objects.create(match=match, kind=Kind.TOUCH_BASE, due_on=date(2024, 3, 5) + timedelta(days=181))
    client.force_login(consultant_h)
    made = client.post(reverse("followups:calendar"), {"action": "issue"})
    feed_url = made.context["feed_url"].removeprefix("http://testserver")
    client.logout()
    first = client.get(feed_url)
    assert f"followup-{far.pk}@" not in first.content.decode()
    assert "Opfølgning" in first.content.decode()
    again = client.get(feed_url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
