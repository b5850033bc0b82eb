"""A participant and a volunteer with every kind of record the program keeps about people, an ended
match between them, and notices naming them."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Role
from events.models import Attendance, Event, Feedback
from expenses.models import Expense
from factories import MatchFactory, ParticipantFactory, UserFactory, VolunteerFactory
from followups.models import FollowUp
from matches.models import EndReason, MatchClosure, MatchMeeting, MatchPause, MatchStatus
from matching.models import MatchingDecision
from notifications.models import Notification
from outcomes.models import Reading, ReadingLink, StarVersion
from portal.models import CallbackRequest, LoginLink
from referrals.models import ParticipantNote, ParticipantStatus
from support.models import SupervisionRequest
from volunteers.models import Posting, Screening, VolunteerNote, VolunteerStatus


@dataclass
class People:
    participant: object
    volunteer: object
    match: object


def build_people(*, region, by) -> People:
    participant = ParticipantFactory(
        region=region,
        status=ParticipantStatus.ENDED,
        accepted_on=date(2024, 1, 20),
        waiting_since=date(2024, 1, 20),
        referred_by=by,
    )
    volunteer = VolunteerFactory(region=region, status=VolunteerStatus.APPROVED, approved_on=date(2023, 12, 1))
    match = MatchFactory(
        participant=participant,
        volunteer=volunteer,
        status=MatchStatus.ENDED,
        slot=None,
        proposed_on=date(2024, 2, 1),
        started_on=date(2024, 2, 10),
        six_month_on=date(2024, 8, 10),
        ended_on=date(2024, 12, 1),
        six_month_assessment="well_functioning",
        six_month_assessed_on=date(2024, 8, 20),
        consultant=by,
    )
    at = timezone.make_aware(datetime(2024, 2, 10, 14))
    participant.status_changes.create(to_status="referred", on=date(2024, 1, 10), by=by)
    volunteer.status_changes.create(to_status="applied", on=date(2023, 11, 1))
    match.status_changes.create(to_status="ended", on=date(2024, 12, 1), by=by)
    ParticipantNote.objects.create(participant=participant, author=by, text="x")
    VolunteerNote.objects.create(volunteer=volunteer, author=by, text="x")
    Screening.objects.create(volunteer=volunteer, meeting_at=at - timedelta(days=80))
    Posting.objects.create(participant=participant, text="x", group_size=5, approved_at=at)
    event = Event.objects.create(title="Grundkursus", held_on=date(2024, 1, 5))
    attendance = Attendance.objects.create(event=event, volunteer=volunteer)
    Feedback.objects.create(attendance=attendance, rating=4, comment="x")
    SupervisionRequest.objects.create(volunteer=volunteer, requested_on=date(2024, 2, 1), reason="other", note="x")
    MatchMeeting.objects.create(match=match, starts_at=at, place_type="ngo_office", held_on=date(2024, 2, 10))
    MatchPause.objects.create(match=match, starts_on=date(2024, 5, 1), ends_on=date(2024, 5, 20))
    MatchClosure.objects.create(
        match=match,
        initiated_by="participant",
        reason=EndReason.objects.get_or_create(name="Flyttet")[0],
        conversation_with_participant=True,
        conversation_with_volunteer=True,
    )
    MatchingDecision.objects.create(match=match, source="suggestion", decided_by=by)
    FollowUp.objects.create(match=match, kind="one_month", due_on=date(2024, 3, 10), done_on=date(2024, 3, 11))
    # A transactional test before this one flushed the star the migration made.
    version = StarVersion.objects.order_by("number").first() or StarVersion.objects.create(number=1)
    reading = Reading.objects.create(match=match, version=version, on=date(2024, 3, 1), filled_by="pair")
    reading.scores.create(area="network", value=4)
    ReadingLink.objects.create(match=match, token_hash=f"{match.pk:064d}", expires_at=at + timedelta(days=7))
    account = UserFactory(username=f"frivillig-{volunteer.pk}@example.org", role=Role.VOLUNTEER)
    volunteer.user = account
    volunteer.save(update_fields=["user"])
    LoginLink.objects.create(user=account, token_hash=f"{volunteer.pk:064d}", browser_hash="b" * 64, expires_at=at)
    CallbackRequest.objects.create(volunteer=volunteer, match=match, region=region, category="practical", message="x")
    Expense.objects.create(
        match=match,
        volunteer=volunteer,
        spent_on=date(2024, 3, 1),
        amount=Decimal("45.00"),
        category="transport",
        note="x",
        receipt_name="x",
        receipt_type="image/png",
        receipt_size=1,
        status="rejected",
        reject_reason="x",
    )
    people = People(participant, volunteer, match)
    notify_about(people, by)
    return people


def notify_about(people: People, recipient) -> None:
    """Notices as notifications.services.notify stores them: the reference, and the name."""
    for person in (people.participant, people.volunteer):
        Notification.objects.create(
            recipient=recipient,
            message="New referral %(reference)s.",
            params={"reference": person.reference, "name": person.full_name},
        )
    Notification.objects.create(
        recipient=recipient, message="Match %(reference)s.", params={"reference": people.match.reference}
    )


@pytest.fixture
def people(hovedstaden, consultant_h):
    return build_people(region=hovedstaden, by=consultant_h)
