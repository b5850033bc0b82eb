from datetime import date

import pytest

from demo import builder
from outcomes.models import Reading, Score

pytestmark = pytest.mark.django_db


def test_demo_has_believable_readings_and_is_idempotent():
    builder.build(seed=3, today=date(2026, 11, 26), participants=60, volunteers=70)
    first = sorted(Reading.objects.values_list("match__reference", "on", "not_this_time"))
    builder.build(seed=3, today=date(2026, 11, 26), participants=60, volunteers=70)
    assert sorted(Reading.objects.values_list("match__reference", "on", "not_this_time")) == first
    assert Reading.objects.exclude(not_this_time="").exists()
    assert Score.objects.count() > Reading.objects.filter(not_this_time="").count()
    for reading in Reading.objects.select_related("match"):
        assert reading.match.started_on <= reading.on <= (reading.match.ended_on or date(2026, 11, 26))
