"""Which tables a request wrote, read from its SQL (lib/table_versions.py), on both databases."""

from datetime import date

import pytest
from django.urls import reverse

from factories import ParticipantFactory
from lib import data_version, table_versions
from matches.models import Match
from matches.tests.factories import active_match
from referrals.models import Participant

pytestmark = pytest.mark.django_db

PARTICIPANTS, MATCHES = Participant._meta.db_table, Match._meta.db_table


@pytest.fixture(autouse=True)
def _watched(monkeypatch):
    monkeypatch.setattr(table_versions, "_watched", {PARTICIPANTS, MATCHES})
    monkeypatch.setattr(table_versions, "_unread", {MATCHES: frozenset({"next_followup_on"})})


def test_inserts_updates_and_deletes_name_their_table(hovedstaden):
    with table_versions.recording_writes() as written:
        participant = ParticipantFactory(region=hovedstaden)
    assert written == {PARTICIPANTS}
    for write in (
        lambda: participant.save(update_fields=["phone"]),
        lambda: Participant.objects.filter(pk=participant.pk).update(phone="+4512345678"),
        lambda: Participant.objects.bulk_create([ParticipantFactory.build(region=hovedstaden)]),
        lambda: Participant.objects.filter(pk=participant.pk).delete(),
    ):
        with table_versions.recording_writes() as written:
            write()
        assert PARTICIPANTS in written


def test_reads_and_unwatched_tables_are_not_recorded(hovedstaden, consultant_h):
    ParticipantFactory(region=hovedstaden)
    with table_versions.recording_writes() as written:
        list(Participant.objects.select_for_update().all())
        consultant_h.save(update_fields=["last_login"])
    assert written == set()


def test_an_update_of_unread_columns_only_leaves_the_table(consultant_h):
    match = active_match(by=consultant_h)
    with table_versions.recording_writes() as written:
        Match.objects.filter(pk=match.pk).update(next_followup_on=date(2030, 1, 1))
        match.next_followup_on = date(2030, 2, 1)
        match.save(update_fields=["next_followup_on"])
    assert written == set()
    with table_versions.recording_writes() as written:
        Match.objects.filter(pk=match.pk).update(next_followup_on=date(2030, 1, 1), ended_on=date(2030, 1, 1))
    assert written == {MATCHES}


def test_a_bump_changes_the_tables_token_and_no_other():
    participants, matches = table_versions.token([PARTICIPANTS]), table_versions.token([MATCHES])
    both = table_versions.token([MATCHES, PARTICIPANTS])
    table_versions.bump([MATCHES])
    assert table_versions.token([PARTICIPANTS]) == participants
    assert table_versions.token([MATCHES]) != matches
    assert table_versions.token([MATCHES, PARTICIPANTS]) != both


def test_the_data_version_changes_every_token():
    before = table_versions.token([PARTICIPANTS])
    data_version.bump()  # an import, a retention run
    assert table_versions.token([PARTICIPANTS]) != before


def test_a_cache_that_fails_after_a_write_does_not_turn_the_saved_write_into_an_error(
    client, personas, referral_post, monkeypatch, caplog
):
    def broken(tables):
        raise OSError("disk full")

    monkeypatch.setattr(table_versions, "bump", broken)
    client.force_login(personas["social_worker_h"])
    response = client.post(reverse("referrals:create"), referral_post)
    assert response.status_code == 302  # saved, and shown as saved
    assert Participant.objects.count() == 1
    assert "table versions not replaced after a write (OSError)" in caplog.text
