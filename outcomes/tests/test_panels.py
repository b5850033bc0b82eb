"""The star on the match page (radar + every reading) and on the today page (due, attention)."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from matches.services import match_pause
from matches.tests.factories import active_match
from outcomes.radar import outline, spokes, wrap
from outcomes.services import reading_record

pytestmark = pytest.mark.django_db

START = date(2024, 3, 5)
TODAY = date(2024, 9, 1)


def _read(match, on, by, **scores):
    return reading_record(match=match, on=on, filled_by="pair", scores=scores, by=by)


@time_machine.travel(TODAY, tick=False)
def test_match_panel_draws_the_latest_reading_over_the_first_with_its_table(client, consultant_h):
    match = active_match(by=consultant_h, start=START)
    _read(match, date(2024, 3, 10), consultant_h, danish=3, network=5)
    reading_record(
        match=match, on=date(2024, 4, 1), filled_by="pair", scores={}, not_this_time="declined", by=consultant_h
    )
    _read(match, date(2024, 6, 20), consultant_h, danish=6, network=2)
    client.force_login(consultant_h)
    response = client.get(reverse("outcomes:match_star", kwargs={"match_id": match.pk}))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="star-first"' in body and 'class="star-latest"' in body and "<svg" in body
    rows = {row.area.code: (row.first, row.latest, row.change) for row in response.context["rows"]}
    assert rows["danish"] == (3, 6, 3) and rows["network"] == (5, 2, -3) and rows["home"] == (None, None, None)
    assert len(response.context["readings"]) == 3
    assert "Ikke denne gang" in body
    # Fell by 3 in "network": the page says so.
    assert [d["now"] for d in response.context["drops"]] == [2]
    # The next reading: start + 3 months (5 June) was answered on 20 June, so start + 6 months.
    assert response.context["due"] == date(2024, 9, 5)


def test_radar_geometry_puts_ten_on_the_rim_and_a_skipped_area_at_the_centre():
    rim = spokes(["a", "b", "c", "d"])
    assert (rim[0].x, rim[0].y) == (160.0, 50.0)
    points, dots = outline([10, None, 5, 10])
    assert points.split()[1] == "160.0,160.0"
    assert [dot["value"] for dot in dots] == [10, 5, 10]
    assert wrap("At føle sig hjemme i Danmark") == ("At føle sig", "hjemme i Danmark")
    assert wrap("Selvtillid") == ("Selvtillid",)


@time_machine.travel(TODAY, tick=False)
def test_today_lists_readings_due_in_own_region_and_none_while_paused(client, consultant_h, consultant_s, syddanmark):
    due = active_match(by=consultant_h, start=START)  # due 5 June, no reading yet
    answered = active_match(by=consultant_h, start=START)
    _read(answered, date(2024, 8, 1), consultant_h, danish=5)  # answers 5 Sept too (within half an interval)
    paused = active_match(by=consultant_h, start=START)
    match_pause(match=paused, by=consultant_h, on=date(2024, 4, 1))
    theirs = active_match(by=consultant_s, region=syddanmark, start=START)
    client.force_login(consultant_h)
    response = client.get(reverse("followups:today_panel", kwargs={"panel": "star"}))
    body = response.content.decode()
    section = body[body.index('id="star-due"') :].split("</ul>")[0]
    assert due.reference in section
    assert answered.reference not in section and paused.reference not in section and theirs.reference not in body


@time_machine.travel(TODAY, tick=False)
def test_today_needs_attention_when_the_latest_reading_fell_by_two(client, consultant_h):
    fell = active_match(by=consultant_h, start=START)
    _read(fell, date(2024, 4, 1), consultant_h, danish=5, health=7)
    _read(fell, date(2024, 7, 1), consultant_h, danish=6, health=5)
    steady = active_match(by=consultant_h, start=START)
    _read(steady, date(2024, 4, 1), consultant_h, health=7)
    _read(steady, date(2024, 7, 1), consultant_h, health=6)
    client.force_login(consultant_h)
    response = client.get(reverse("followups:today_panel", kwargs={"panel": "star"}))
    body = response.content.decode()
    section = body[body.index('id="star-attention"') :].split("</ul>")[0]
    assert fell.reference in section and "Helbred og trivsel 7 → 5" in section
    assert steady.reference not in section


@time_machine.travel(TODAY, tick=False)
def test_the_today_star_panels_are_not_for_other_roles(rf, student):
    from django.template import Context, Template

    request = rf.get("/")
    request.user = student
    html = Template("{% load star %}{% today_star %}").render(Context({"request": request, "user": student}))
    assert html.strip() == ""


@time_machine.travel(TODAY, tick=False)
def test_attention_compares_with_the_reading_before_skipping_not_this_time(client, consultant_h):
    match = active_match(by=consultant_h, start=START)
    _read(match, date(2024, 4, 1), consultant_h, danish=8)
    reading_record(
        match=match, on=date(2024, 5, 1), filled_by="pair", scores={}, not_this_time="declined", by=consultant_h
    )
    _read(match, date(2024, 7, 1), consultant_h, danish=6)
    client.force_login(consultant_h)
    body = client.get(reverse("followups:today_panel", kwargs={"panel": "star"})).content.decode()
    section = body[body.index('id="star-attention"') :].split("</ul>")[0]
    assert match.reference in section and "8 → 6" in section


@time_machine.travel(TODAY, tick=False)
def test_today_counts_every_due_reading_and_says_when_only_the_first_are_shown(client, consultant_h, monkeypatch):
    from outcomes import selectors

    monkeypatch.setattr(selectors, "LIST_LIMIT", 1)
    first = active_match(by=consultant_h, start=START)
    later = active_match(by=consultant_h, start=date(2024, 4, 1))
    client.force_login(consultant_h)
    body = client.get(reverse("followups:today_panel", kwargs={"panel": "star"})).content.decode()
    section = body[body.index('id="star-due-heading"') :].split("</section>")[0]
    assert '<span class="badge">2</span>' in section
    assert first.reference in section and later.reference not in section
    assert "De 1, der skulle have været lavet først, vises." in section


def _fell_on(match):
    match.refresh_from_db()
    return match.star_fell_on


def test_the_match_keeps_when_its_latest_reading_fell_and_forgets_it_when_a_later_one_did_not(consultant_h):
    match = active_match(by=consultant_h, start=START)
    _read(match, date(2024, 4, 1), consultant_h, danish=5, health=7)
    assert _fell_on(match) is None
    _read(match, date(2024, 7, 1), consultant_h, danish=6, health=5)
    assert _fell_on(match) == date(2024, 7, 1)
    _read(match, date(2024, 10, 1), consultant_h, danish=6, health=5)
    assert _fell_on(match) is None
    # A reading entered later from paper but dated between: the latest is still compared with the
    # one just before it.
    _read(match, date(2024, 9, 1), consultant_h, danish=6, health=8)
    assert _fell_on(match) == date(2024, 10, 1)


def test_the_demo_data_keeps_the_attention_date_of_every_match():
    from demo.builder import build
    from matches.models import Match
    from outcomes.selectors import fell

    build(participants=60, volunteers=70)
    computed = {match_id: on for match_id, on, *_drop in fell(Match.objects.all())}
    kept = dict(Match.objects.exclude(star_fell_on=None).values_list("pk", "star_fell_on"))
    assert computed and kept == computed
