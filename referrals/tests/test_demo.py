from datetime import date

import pytest

from demo import builder
from referrals.models import ParticipantNote

pytestmark = pytest.mark.django_db


def test_demo_notes_are_written_by_the_regions_consultant_and_replaced_on_rebuild():
    builder.build(seed=7, today=date(2026, 11, 26), participants=60, volunteers=70)
    first = sorted(ParticipantNote.objects.values_list("participant__reference", "text"))
    assert first
    for note in ParticipantNote.objects.select_related("author", "participant"):
        assert note.participant.region in note.author.regions.all()
    builder.build(seed=7, today=date(2026, 11, 26), participants=60, volunteers=70)
    assert sorted(ParticipantNote.objects.values_list("participant__reference", "text")) == first
