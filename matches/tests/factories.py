"""Matches built through the services, so both people are in the states the app expects."""

from datetime import date

import time_machine

from factories import ParticipantFactory, VolunteerFactory
from followups.services import match_start
from matches.services import match_propose


def proposed_match(*, by, region=None, referred_by=None, on=date(2024, 3, 1), **participant):
    extra = {"region": region} if region else {}
    person = ParticipantFactory(waiting=True, referred_by=referred_by, **extra, **participant)
    volunteer = VolunteerFactory(
        approved=True,
        first_name="Vibeke",
        last_name="Frivilligsen",
        email="frivillig@example.org",
        phone="+45 11 22 33 44",
        **extra,
    )
    return match_propose(participant=person, volunteer=volunteer, by=by, on=on)


def active_match(*, by, start=date(2024, 3, 5), **kwargs):
    """A match whose start was registered on its day (one registered late: followups' test_plan)."""
    match = proposed_match(by=by, **kwargs)
    with time_machine.travel(start, tick=False):
        return match_start(match=match, on=start, by=by)
