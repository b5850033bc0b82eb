"""What makes a good match here: six-month success by criterion agreement, small cells hidden."""

from datetime import date

import time_machine
from django.urls import reverse

from factories import MatchFactory, ParticipantFactory, VolunteerFactory
from matches.models import Assessment, Match, MatchStatus
from matching import selectors

URL = reverse("matching:insights")


def started_match(region, *, same_gender=True, ended_early=False, assessment="", **kwargs):
    participant = ParticipantFactory(region=region, gender="female", interests=["walks"], postcode="2200")
    volunteer = VolunteerFactory(
        region=region, gender="female" if same_gender else "male", interests=["walks"], postcode="2100"
    )
    return MatchFactory(
        participant=participant,
        volunteer=volunteer,
        status=MatchStatus.ENDED if ended_early else MatchStatus.ACTIVE,
        proposed_on=date(2023, 1, 2),
        started_on=date(2023, 1, 10),
        six_month_on=date(2023, 7, 10),
        ended_on=date(2023, 5, 1) if ended_early else None,
        slot=None if ended_early else 1,
        six_month_assessment=assessment,
        **kwargs,
    )


def cells(response, key):
    [row] = [row for row in response.context["rows"] if row["key"] == key]
    return {str(cell["label"]): cell for cell in row["cells"]}


@time_machine.travel(date(2024, 6, 1))
def test_insights_show_rates_and_hide_cells_under_ten(client, consultant_h, hovedstaden):
    for i in range(12):
        started_match(hovedstaden, ended_early=i < 3)  # 9 of 12 well-functioning
    for i in range(4):
        started_match(hovedstaden, same_gender=False, assessment=Assessment.NOT_WELL_FUNCTIONING if i == 0 else "")
    client.force_login(consultant_h)
    response = client.get(URL)
    assert response.status_code == 200
    gender = cells(response, "gender")
    assert gender["Samme køn"] == {
        "label": gender["Samme køn"]["label"],
        "n": 12,
        "well": 9,
        "pct": 75,
        "hidden": False,
    }
    assert gender["Forskelligt køn"]["hidden"] and gender["Forskelligt køn"]["n"] is None
    assert response.context["overall"]["n"] == 16 and response.context["overall"]["well"] == 12
    content = response.content.decode()
    assert "ikke årsag" in content and "færre end 10" in content


@time_machine.travel(date(2024, 6, 1))
def test_insights_count_only_evaluable_matches_in_the_users_regions(client, consultant_s, hovedstaden, syddanmark):
    for _ in range(10):
        started_match(hovedstaden)
    client.force_login(consultant_s)
    assert client.get(URL).context["overall"]["hidden"]
    assert client.get(URL, {"region": hovedstaden.slug}).context["chosen"] is None


@time_machine.travel(date(2023, 7, 9))
def test_match_is_not_evaluable_before_its_six_month_mark(consultant_h, hovedstaden):
    started_match(hovedstaden)
    assert selectors.insights(consultant_h, today=date(2023, 7, 9))["overall"]["hidden"]
    assert list(selectors.evaluable_matches(consultant_h, today=date(2023, 7, 9))) == []
    assert len(selectors.evaluable_matches(consultant_h, today=date(2023, 7, 10))) == 1


def test_well_functioning_follows_the_kpi_definition(consultant_h, hovedstaden):
    today = date(2024, 6, 1)
    well = started_match(hovedstaden)
    ended_early = started_match(hovedstaden, ended_early=True)
    negative = started_match(hovedstaden, assessment=Assessment.NOT_WELL_FUNCTIONING)
    on_the_mark = started_match(hovedstaden)
    Match.objects.filter(pk=on_the_mark.pk).update(ended_on=date(2023, 7, 10))
    found = {m.pk: m.well for m in selectors.evaluable_matches(consultant_h, today=today)}
    assert found == {
        well.pk: True,
        ended_early.pk: False,
        negative.pk: False,
        on_the_mark.pk: True,
    }
