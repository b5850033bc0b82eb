"""Hand-built histories for the KPI tests: one new participant and volunteer per match."""

from datetime import date

from factories import MatchFactory, ParticipantFactory, VolunteerFactory, region
from matches.models import MatchStatus
from referrals.models import ParticipantStatus
from volunteers.models import VolunteerStatus


def history_match(
    *,
    started: date | None = None,
    proposed: date | None = None,
    ended: date | None = None,
    cancelled: date | None = None,
    assessment: str = "",
    region_slug: str = "hovedstaden",
    participant=None,
    volunteer=None,
    **participant_fields,
):
    """A match with the given dates and the status those dates imply (as the importer derives it)."""
    where = region(region_slug)
    if cancelled:
        status = MatchStatus.CANCELLED
    elif ended:
        status = MatchStatus.ENDED
    elif started:
        status = MatchStatus.ACTIVE
    else:
        status = MatchStatus.PROPOSED
    is_open = status in (MatchStatus.ACTIVE, MatchStatus.PROPOSED)
    participant = participant or ParticipantFactory(
        region=where,
        status=ParticipantStatus.MATCHED if is_open else ParticipantStatus.ENDED,
        **participant_fields,
    )
    volunteer = volunteer or VolunteerFactory(
        region=where, status=VolunteerStatus.MATCHED, approved_on=date(2010, 1, 1), applied_on=date(2010, 1, 1)
    )
    match = MatchFactory.build(
        participant=participant,
        volunteer=volunteer,
        region=where,
        status=status,
        slot=1 if is_open else None,
        proposed_on=proposed or started or cancelled,
        cancelled_on=cancelled,
        ended_on=ended,
        six_month_assessment=assessment,
    )
    if started:
        match.set_started(started)
    match.save()
    return match
