import random
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from factories import MatchFactory, ParticipantFactory
from referrals.models import ParticipantStatus
from referrals.selectors import first_meetings, normalise_phone, summarise_waits, waiting_times

pytestmark = pytest.mark.django_db
TODAY = "2024-03-01 10:00 +0100"
URL = reverse("referrals:waiting")


def waiting(region, since, **fields):
    return ParticipantFactory(
        region=region, waiting=True, referred_on=since, accepted_on=since, waiting_since=since, **fields
    )


@time_machine.travel(TODAY, tick=False)
def test_waiting_list_priority_first_then_oldest_with_days_waiting(client, personas, hovedstaden, syddanmark):
    newer = waiting(hovedstaden, date(2024, 2, 20))
    older = waiting(hovedstaden, date(2024, 1, 5))
    urgent = waiting(hovedstaden, date(2024, 2, 25), priority=True)
    waiting(syddanmark, date(2023, 12, 1))
    ParticipantFactory(region=hovedstaden)  # referred, not accepted
    client.force_login(personas["consultant_h"])
    response = client.get(URL)
    rows = list(response.context["page"])
    assert rows == [urgent, older, newer]
    assert [p.waited for p in rows] == [5, 56, 10]
    assert response.context["region"] == hovedstaden


@time_machine.travel(TODAY, tick=False)
def test_consultant_cannot_choose_another_region(client, personas, hovedstaden, syddanmark):
    mine = waiting(hovedstaden, date(2024, 1, 5))
    waiting(syddanmark, date(2024, 1, 5))
    client.force_login(personas["consultant_h"])
    response = client.get(URL, {"region": "syddanmark"})
    assert list(response.context["page"]) == [mine]


@time_machine.travel(TODAY, tick=False)
def test_leader_switches_region(client, personas, hovedstaden, syddanmark):
    waiting(hovedstaden, date(2024, 1, 5))
    theirs = waiting(syddanmark, date(2024, 1, 5))
    client.force_login(personas["leader"])
    response = client.get(URL, {"region": "syddanmark"})
    assert list(response.context["page"]) == [theirs]


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"gender": "male"}, {"Omar"}),
        ({"language": "fa"}, {"Shirin"}),
        ({"needs": ["advice", "danish"]}, {"Shirin"}),
        ({"needs": ["social"]}, {"Amina", "Omar"}),
        ({"waiting_days": "30"}, {"Amina"}),
        ({"q": "rahimi"}, {"Shirin"}),
        ({"q": "omar haddad"}, {"Omar"}),
        ({"treatment_centre": "oasis"}, {"Omar"}),
    ],
)
def test_waiting_list_filters(client, personas, hovedstaden, dignity, params, expected):
    from factories import CentreFactory

    oasis = CentreFactory(name="OASIS", region=hovedstaden)
    waiting(
        hovedstaden, date(2024, 1, 5), first_name="Amina", last_name="Saleh", needs=["social"], treatment_centre=dignity
    )
    waiting(
        hovedstaden,
        date(2024, 2, 20),
        first_name="Omar",
        last_name="Haddad",
        gender="male",
        needs=["social", "advice"],
        treatment_centre=oasis,
    )
    waiting(
        hovedstaden,
        date(2024, 2, 21),
        first_name="Shirin",
        last_name="Rahimi",
        languages=["fa", "da"],
        needs=["advice", "danish"],
        treatment_centre=dignity,
    )
    if params.get("treatment_centre") == "oasis":
        params = {"treatment_centre": oasis.pk}
    client.force_login(personas["consultant_h"])
    response = client.post(URL, params)  # the filter form is posted (a name never in a URL)
    assert {p.first_name for p in response.context["page"]} == expected


def test_waiting_list_invalid_filter_is_shown_not_crashing(client, personas, hovedstaden):
    waiting(hovedstaden, date(2024, 1, 5))
    client.force_login(personas["consultant_h"])
    response = client.get(URL, {"waiting_days": "mange"})
    assert response.status_code == 200
    assert response.context["filter"].errors


@time_machine.travel(TODAY, tick=False)
def test_waiting_list_shows_average_and_median_waiting_time(client, personas, hovedstaden):
    for accepted, started in [(date(2023, 1, 1), date(2023, 1, 11)), (date(2023, 2, 1), date(2023, 3, 3))]:
        MatchFactory(
            participant=ParticipantFactory(
                region=hovedstaden, status=ParticipantStatus.MATCHED, referred_on=accepted, accepted_on=accepted
            ),
            proposed_on=accepted,
            started_on=started,
            status="active",
        )
    client.force_login(personas["consultant_h"])
    response = client.get(URL)
    stats = response.context["stats"]
    assert (stats.count, stats.average_days, stats.median_days) == (2, 20.0, 20.0)


@time_machine.travel(TODAY, tick=False)
def test_waiting_list_uses_few_queries(client, personas, hovedstaden, dignity, django_assert_max_num_queries):
    for day in range(1, 21):
        waiting(hovedstaden, date(2024, 1, day), treatment_centre=dignity)
    client.force_login(personas["consultant_h"])
    with django_assert_max_num_queries(16):
        response = client.get(URL)
    assert len(response.context["page"].object_list) == 20


@time_machine.travel(TODAY, tick=False)
def test_the_waiting_time_card_is_the_regions_and_kept_ten_minutes(client, personas, hovedstaden, syddanmark):
    def started(region, accepted_on, started_on):
        person = ParticipantFactory(region=region, accepted_on=accepted_on, referred_on=accepted_on)
        MatchFactory(participant=person, proposed_on=started_on, started_on=started_on, status="active")

    started(hovedstaden, date(2023, 1, 1), date(2023, 1, 11))
    started(syddanmark, date(2023, 1, 1), date(2023, 3, 1))
    client.force_login(personas["consultant_h"])
    stats = client.get(URL).context["stats"]
    assert (stats.count, stats.average_days) == (1, 10.0)
    started(hovedstaden, date(2023, 2, 1), date(2023, 3, 3))
    assert client.get(URL).context["stats"] == stats  # kept
    with time_machine.travel(timezone.now() + timedelta(minutes=11), tick=False):
        client.force_login(personas["consultant_h"])
        stats = client.get(URL).context["stats"]
    assert (stats.count, stats.average_days) == (2, 20.0)


def test_waiting_times_counts_each_participants_first_match_from_acceptance(hovedstaden, syddanmark):
    person = ParticipantFactory(region=hovedstaden, accepted_on=date(2023, 1, 1), referred_on=date(2023, 1, 1))
    MatchFactory(
        participant=person, proposed_on=date(2023, 1, 20), started_on=date(2023, 1, 31), status="ended", slot=None
    )
    MatchFactory(participant=person, proposed_on=date(2023, 9, 1), started_on=date(2023, 9, 10), status="active")
    other = ParticipantFactory(region=syddanmark, accepted_on=date(2023, 3, 1), referred_on=date(2023, 3, 1))
    MatchFactory(participant=other, proposed_on=date(2023, 3, 5), started_on=date(2023, 3, 11), status="active")
    never_started = ParticipantFactory(region=hovedstaden, accepted_on=date(2023, 1, 1), referred_on=date(2023, 1, 1))
    MatchFactory(participant=never_started, proposed_on=date(2023, 2, 1), status="proposed")

    result = waiting_times()
    assert result["hovedstaden"].count == 1 and result["hovedstaden"].average_days == 30.0
    assert result["syddanmark"].median_days == 10.0
    assert waiting_times(region=hovedstaden).keys() == {"hovedstaden"}
    assert waiting_times(as_of=date(2023, 1, 30)) == {}
    assert waiting_times(start=date(2023, 3, 1)).keys() == {"syddanmark"}


def test_waiting_times_agree_with_the_first_meetings_planning_reads(hovedstaden, syddanmark):
    """The database computes the waits; planning reads the same pairs from first_meetings."""
    pick = random.Random(7)
    for _person in range(40):
        accepted = date(2023, 1, 1) + timedelta(days=pick.randint(0, 200))
        person = ParticipantFactory(
            region=pick.choice([hovedstaden, syddanmark]), referred_on=date(2023, 1, 1), accepted_on=accepted
        )
        for _match in range(pick.randint(0, 3)):
            proposed = accepted + timedelta(days=pick.randint(-20, 120))  # some before acceptance (imports)
            started = proposed + timedelta(days=pick.randint(0, 30)) if pick.random() < 0.8 else None
            MatchFactory(participant=person, proposed_on=proposed, started_on=started, status="ended", slot=None)
    for options in ({}, {"as_of": date(2023, 5, 1)}, {"start": date(2023, 3, 1), "end": date(2023, 8, 1)}):
        pairs = first_meetings(as_of=options.get("as_of"))
        expected: dict[str, list[int]] = {}
        for accepted_on, started_on, slug in pairs.values():
            if options.get("start") and not options["start"] <= started_on <= options["end"]:
                continue
            expected.setdefault(slug, []).append(max((started_on - accepted_on).days, 0))
        assert waiting_times(**options) == {slug: summarise_waits(days) for slug, days in sorted(expected.items())}
        assert waiting_times(region=hovedstaden, **options) == {
            slug: summarise_waits(days) for slug, days in expected.items() if slug == "hovedstaden"
        }


def test_summarise_waits_mean_and_median():
    stats = summarise_waits([10, 20, 60])
    assert (stats.count, stats.average_days, stats.median_days) == (3, 30.0, 20.0)
    assert summarise_waits([]).average_days is None
    assert summarise_waits([1, 2]).median_days == 1.5


@pytest.mark.parametrize(
    ("raw", "normal"),
    [("20 30 40 50", "+4520304050"), ("+45 20-30-40-50", "+4520304050"), ("0046 70 1", "+46701"), ("", "")],
)
def test_normalise_phone(raw, normal):
    assert normalise_phone(raw) == normal


@time_machine.travel(TODAY, tick=False)
def test_waiting_list_labels_the_postcode_and_says_filter_only_when_one_is_set(client, personas, hovedstaden):
    waiting(hovedstaden, date(2024, 1, 5), postcode="2200", gender="female")
    client.force_login(personas["consultant_h"])
    page = client.get(URL).content.decode()
    assert "postnr. 2200 København N" in page
    assert "(med filteret)" not in page
    filtered = client.get(URL, {"region": hovedstaden.slug, "gender": "female"}).content.decode()
    assert "venter (med filteret)" in filtered
