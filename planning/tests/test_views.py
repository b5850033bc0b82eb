"""The planning pages: roles and scoping, the estimate fragments, the needs page, campaigns from a gap."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from factories import MatchFactory, ParticipantFactory, VolunteerFactory
from matches.models import MatchStatus
from planning.models import GapCampaign
from planning.selectors import spells
from referrals.models import Participant, ParticipantStatus, ParticipantStatusChange
from regions.models import Region
from volunteers.models import Campaign, VolunteerStatus

TODAY = date(2025, 6, 2)


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(datetime(2025, 6, 2, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen")), tick=False)


def matched(region, centre, *, started_on, waited_days=30, **facts):
    accepted = started_on - timedelta(days=waited_days)
    participant = ParticipantFactory(
        region=region,
        treatment_centre=centre,
        status=ParticipantStatus.MATCHED,
        referred_on=accepted,
        accepted_on=accepted,
        **facts,
    )
    return MatchFactory(
        participant=participant,
        volunteer=VolunteerFactory(region=region, status=VolunteerStatus.MATCHED, approved_on=date(2023, 12, 1)),
        status=MatchStatus.ACTIVE,
        proposed_on=started_on,
        started_on=started_on,
    )


def waiting(region, centre=None, **facts):
    return ParticipantFactory(
        region=region,
        treatment_centre=centre,
        status=ParticipantStatus.WAITING,
        referred_on=date(2025, 5, 1),
        accepted_on=date(2025, 5, 1),
        waiting_since=date(2025, 5, 1),
        **facts,
    )


def steady_flow(region, centre, n=12):
    """A first match meeting every four weeks for `n` × 4 weeks (13 a year: enough data)."""
    for k in range(n):
        matched(region, centre, started_on=TODAY - timedelta(days=28 * k + 1))


def test_social_worker_sees_the_estimate_for_their_referral(client, personas, hovedstaden, dignity):
    steady_flow(hovedstaden, dignity)
    mine = waiting(hovedstaden, dignity, referred_by=personas["social_worker_h"])
    client.force_login(personas["social_worker_h"])
    page = client.get(f"/planning/estimate/participant/{mine.pk}/", headers={"HX-Request": "true"})
    assert page.status_code == 200
    # 12 meetings in 52 weeks (7 of them in 26), 1 waiting: 2 / (12/52) = 8.7 and 2 / (7/26) = 7.4
    # weeks → floor(0.75 × 7.4) = 5 to ceil(1.25 × 8.7) = 11.
    assert "typisk 5–11 uger" in page.content.decode()
    detail = client.get(f"/referrals/{mine.pk}/").content.decode()
    assert f"/planning/estimate/participant/{mine.pk}/" in detail


def test_too_little_data_is_said(client, personas, hovedstaden, dignity):
    matched(hovedstaden, dignity, started_on=TODAY - timedelta(days=10))
    mine = waiting(hovedstaden, dignity, referred_by=personas["social_worker_h"], wished_volunteer_gender="male")
    client.force_login(personas["social_worker_h"])
    html = client.get(f"/planning/estimate/participant/{mine.pk}/").content.decode()
    assert "for få data" in html and "typisk" not in html
    assert "Ønsker en mand" in html


def test_others_cannot_see_an_estimate_for_a_referral_they_may_not_see(client, personas, hovedstaden, dignity):
    theirs = waiting(hovedstaden, dignity, referred_by=personas["social_worker_h"])
    for persona in ("social_worker_s", "consultant_s"):
        client.force_login(personas[persona])
        assert client.get(f"/planning/estimate/participant/{theirs.pk}/").status_code == 404


def test_consultant_sees_only_their_regions(client, personas, hovedstaden, syddanmark, dignity, att):
    steady_flow(hovedstaden, dignity)
    waiting(syddanmark, att, postcode="5000")
    client.force_login(personas["consultant_h"])
    html = client.get("/planning/").content.decode()
    assert "Region Hovedstaden" in html and "Region Syddanmark" not in html
    assert "DIGNITY" in html and "ATT" not in html
    needs = client.get("/planning/needs/").content.decode()
    assert "Odense" not in needs and "Region Syddanmark" not in needs
    assert client.get("/planning/estimate/region/syddanmark/").status_code == 404
    assert client.get("/planning/estimate/region/hovedstaden/").status_code == 200


def test_leader_page_shows_the_backtest_share(client, personas, hovedstaden, dignity):
    # Two years of a meeting every four weeks, each after 30 days: the estimate each month (queue
    # 0 or 1, about 13 meetings a year → 3 to 6 weeks or so) is judged against 30-day waits.
    for k in range(26):
        matched(hovedstaden, dignity, started_on=TODAY - timedelta(days=28 * k + 1))
    client.force_login(personas["leader"])
    html = client.get("/planning/").content.decode()
    assert "Efterprøvning" in html and "lå" in html and "%" in html


def test_waiting_times_per_centre_beside_the_region(client, personas, hovedstaden, dignity):
    oasis = dignity.__class__.objects.create(name="OASIS", region=hovedstaden)
    matched(hovedstaden, dignity, started_on=date(2025, 3, 1), waited_days=10)
    matched(hovedstaden, dignity, started_on=date(2025, 3, 2), waited_days=20)
    matched(hovedstaden, oasis, started_on=date(2025, 3, 3), waited_days=60)
    client.force_login(personas["consultant_h"])
    page = client.get("/planning/estimate/region/hovedstaden/", headers={"HX-Request": "true"})
    plan = page.context["plan"]
    assert (plan.waits.count, plan.waits.average_days, plan.waits.median_days) == (3, 30.0, 20.0)
    assert [(c.name, w.count, w.median_days) for c, w in plan.centre_waits] == [
        ("DIGNITY", 2, 15.0),
        ("OASIS", 1, 60.0),
    ]
    waiting_list = client.get("/referrals/waiting/?region=hovedstaden").content.decode()
    assert "/planning/estimate/region/hovedstaden/" in waiting_list


def test_needs_page_answers_in_constant_queries(client, personas, hovedstaden, dignity, django_assert_max_num_queries):
    client.force_login(personas["leader"])
    waiting(hovedstaden, dignity, postcode="2200")
    VolunteerFactory(region=hovedstaden, approved=True, postcode="2100")
    with django_assert_max_num_queries(40) as few:
        assert client.get("/planning/needs/").status_code == 200
    for postcode in ("2200", "8000", "3400", "2300", "2100"):
        waiting(hovedstaden, dignity, postcode=postcode, wished_volunteer_gender="male")
        VolunteerFactory(region=hovedstaden, approved=True, postcode=postcode, languages=["fa"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get("/planning/needs/").content.decode()
    assert "<svg" in html and "Ønsker en mand" in html


def test_campaign_from_a_gap(client, personas, hovedstaden, dignity):
    for _ in range(2):
        waiting(hovedstaden, dignity, postcode="2200", wished_volunteer_gender="male")
    VolunteerFactory(region=hovedstaden, approved=True, postcode="2100")  # a woman: no man in reach
    client.force_login(personas["consultant_h"])
    response = client.post(
        "/planning/needs/hovedstaden/campaign/", {"municipality": "København", "need": "wishes:male"}
    )
    link = GapCampaign.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/volunteers/campaigns/{link.campaign_id}/"
    assert (link.municipality, link.need, link.waiting, link.gap, link.created_on) == (
        "København",
        "wishes:male",
        2,
        2,
        TODAY,
    )
    campaign = link.campaign
    assert campaign.region == hovedstaden and campaign.created_by == personas["consultant_h"]
    # Two waiting: fewer than five, so neither the municipality nor the region is named.
    assert "mandlige frivillige" in campaign.text and "København" not in campaign.text
    assert "Hovedstaden" not in campaign.text
    # Its effect: a man from the area applies afterwards.
    VolunteerFactory(region=hovedstaden, gender="male", postcode="2200", applied_on=TODAY, campaign=campaign)
    VolunteerFactory(region=hovedstaden, gender="female", postcode="2200", applied_on=TODAY)
    [effect] = client.get("/planning/needs/").context["effects"]
    assert (effect.applied, effect.approved, effect.via_campaign) == (1, 0, 1)


def test_campaign_text_names_the_place_behind_five(client, personas, hovedstaden, dignity):
    for _ in range(5):
        waiting(hovedstaden, dignity, postcode="2200")
    client.force_login(personas["leader"])
    client.post("/planning/needs/hovedstaden/campaign/", {"municipality": "København", "need": "all"})
    assert "Københavns Kommune" in Campaign.objects.get().text


def test_campaign_from_an_unknown_gap_is_refused(client, personas, hovedstaden, syddanmark):
    client.force_login(personas["consultant_h"])
    response = client.post("/planning/needs/hovedstaden/campaign/", {"municipality": "Aarhus", "need": "all"})
    assert response.status_code == 400 and not Campaign.objects.exists()
    assert client.post("/planning/needs/hovedstaden/campaign/", {"need": "<x>"}).status_code == 400
    assert client.post("/planning/needs/syddanmark/campaign/", {"need": "all"}).status_code == 404


def test_planning_page_answers_in_constant_queries(
    client, personas, hovedstaden, syddanmark, dignity, att, django_assert_max_num_queries
):
    client.force_login(personas["leader"])
    matched(hovedstaden, dignity, started_on=date(2025, 3, 1))
    with django_assert_max_num_queries(40) as few:
        assert client.get("/planning/").status_code == 200
    steady_flow(hovedstaden, dignity)
    steady_flow(syddanmark, att)
    for _ in range(3):
        waiting(syddanmark, att, heavy_case=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/planning/").status_code == 200


def test_spells_end_at_the_meeting_or_when_withdrawn_for_good(hovedstaden, dignity):
    gone = waiting(hovedstaden, dignity)
    back = waiting(hovedstaden, dignity, heavy_case=True)
    for person in (gone, back):
        ParticipantStatusChange.objects.create(
            participant=person, from_status="waiting", to_status="withdrawn", on=date(2025, 5, 10)
        )
    Participant.objects.filter(pk=gone.pk).update(status=ParticipantStatus.WITHDRAWN)
    met = matched(hovedstaden, dignity, started_on=date(2025, 5, 20), waited_days=19).participant
    assert met.accepted_on == date(2025, 5, 1)
    rows = {(s.spell.started_on, s.spell.left_on, "heavy" in s.keys) for s in spells(Region.objects.all())}
    assert rows == {
        (None, date(2025, 5, 10), False),  # withdrawn and still off the list
        (None, None, True),  # accepted again: still waiting
        (date(2025, 5, 20), None, False),  # met on 20 May
    }
