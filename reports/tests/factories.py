"""Hand-built histories for the KPI tests: one new participant and volunteer per match."""

from datetime import date

from factories import MatchFactory, ParticipantFactory, VolunteerFactory, region
from matches.models import MatchPause, MatchStatus
from outcomes.models import Reading, Score, StarVersion
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


def star_reading(match, on, scores=None, reason=""):
    reading = Reading.objects.create(
        match=match, version=StarVersion.objects.current(), on=on, filled_by="pair", not_this_time=reason
    )
    Score.objects.bulk_create(Score(reading=reading, area=area, value=value) for area, value in (scores or {}).items())


def star_history():
    """Hand-computed in test_kpi.test_star_key_by_hand (period 2023-01-01..2023-06-30, as of 2023-08-31)."""
    a = history_match(started=date(2022, 5, 1))
    star_reading(a, date(2023, 1, 15), {"danish": 3, "network": 5})
    star_reading(a, date(2023, 4, 10), {"danish": 5})
    star_reading(a, date(2023, 7, 20), {"danish": 8})  # after `to`: coverage only
    b = history_match(started=date(2022, 6, 1))
    MatchPause.objects.create(match=b, starts_on=date(2023, 8, 1))  # paused at as_of: not active
    star_reading(b, date(2023, 2, 1), {"danish": 6})
    star_reading(b, date(2023, 5, 1), {"danish": 4, "network": 7})
    star_reading(b, date(2023, 6, 15), reason="declined")
    c = history_match(started=date(2023, 1, 10), region_slug="syddanmark")
    star_reading(c, date(2023, 3, 1), {"network": 2})
    star_reading(c, date(2023, 5, 5), reason="not_relevant")
    star_reading(c, date(2023, 6, 30), {"network": 6})
    d = history_match(started=date(2022, 1, 1), ended=date(2023, 8, 31))  # ended on as_of: not active
    star_reading(d, date(2023, 6, 1), {"danish": 5})
    history_match(started=date(2023, 9, 15))  # starts after as_of
    f = history_match(started=date(2023, 2, 1))
    star_reading(f, date(2023, 5, 1), reason="could_not_meet")
    star_reading(f, date(2023, 8, 15), reason="declined")  # after `to`; and "not this time" never covers
