"""Operations of the recruitment and screening pipeline. Each runs in one transaction, records the
dated, attributed status change (lib/lifecycle.py) and an audit event without the record's content."""

import hashlib
from datetime import date, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from accounts.selectors import region_contacts
from audit.models import Action
from audit.services import audit_record
from lib.errors import OperationRefused
from lib.mail import send_email
from lib.references import new_reference
from notifications.services import notify
from referrals.models import ConsentKind, ConsentText, Participant
from regions.models import Region

from . import pool_version, posting
from .models import (
    CRITERIA_FIELDS,
    Campaign,
    Posting,
    RegionSettings,
    Screening,
    StatusReason,
    Volunteer,
    VolunteerNote,
    VolunteerStatus,
)
from .selectors import campaigns_editable_by, can_see_assessment, may_make_national_campaigns

S = VolunteerStatus

# Public application form: at most this many applications per IP address and window.
APPLY_RATE_LIMIT = 5
APPLY_RATE_WINDOW_SECONDS = 3600

# Fields of the application form stored on the volunteer as they are.
APPLICATION_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "postcode",
    "gender",
    "birth_year",
    "education_job",
    "has_children",
    "languages",
    "interests",
    "availability",
    "hours_per_month",
    "earlier_volunteering",
    "experience_vulnerable",
    "motivation",
)
SCREENING_ANSWER_FIELDS = (
    "family",
    "match_wishes",
    "professional_notes",
    "motivation",
    "expectations",
    "time_available",
    "commits_six_months",
    "earlier_volunteering",
    "experience_vulnerable",
    "hard_stories",
    "assessment",
)
DECISIONS = (S.APPROVED, S.NOT_SUITABLE, S.WITHDREW, S.REDIRECTED)


class VolunteerError(OperationRefused):
    """A volunteer operation refused for a reason the user can act on."""


def _check_consent(volunteer: Volunteer) -> None:
    """After consent is withdrawn nothing new is recorded about the person (they await erasure)."""
    if volunteer.consent_withdrawn_on or volunteer.erased_on:
        raise VolunteerError(_("The volunteer has withdrawn their consent; nothing new can be recorded."))


# --- The public application ---


def _rate_key(ip: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()[:32]
    return f"volunteers:apply:{digest}"


def apply_rate_exceeded(ip: str) -> bool:
    return (cache.get(_rate_key(ip)) or 0) >= APPLY_RATE_LIMIT


def apply_rate_count(ip: str) -> None:
    """Count one submission from this address (the address itself is never stored, only a hash)."""
    key = _rate_key(ip)
    if not cache.add(key, 1, APPLY_RATE_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, APPLY_RATE_WINDOW_SECONDS)


def region_for_postcode(postcode: str) -> Region | None:
    from lib import geo

    place = geo.lookup(postcode)
    if place is None:
        return None
    return Region.objects.filter(code=place.region_code).first()


@transaction.atomic
def application_submit(*, data: dict, campaign: Campaign | None, on: date) -> Volunteer:
    """A person applied through the public form: store them as `applied`, notify the region.
    The application counts for the campaign only while the campaign runs: through an expired or
    not yet started campaign's link it is accepted, but not attributed to the campaign."""
    if campaign is not None and not campaign.runs_on(on):
        campaign = None
    region = region_for_postcode(data["postcode"])
    if region is None:
        raise VolunteerError(_("We do not know this postcode."))
    volunteer = Volunteer(
        reference=new_reference("V"),
        region=region,
        campaign=campaign,
        status=S.APPLIED,
        status_changed_on=on,
        applied_on=on,
        consent_on=on,
        consent_text=ConsentText.objects.current(ConsentKind.VOLUNTEER),
        **{name: data[name] for name in APPLICATION_FIELDS if name in data},
    )
    volunteer.full_clean(exclude=["reference"])
    volunteer.save()
    volunteer.status_changes.create(to_status=S.APPLIED, on=on, reason=StatusReason.APPLICATION_FORM)
    audit_record(actor=None, action=Action.CREATE, target=volunteer, detail="application form")
    notify(
        recipients=region_contacts(region),
        message=gettext_noop("New volunteer application %(reference)s in %(region)s."),
        params={"reference": volunteer.reference, "region": region.name},
        person=volunteer,
        url=reverse("volunteers:detail", kwargs={"volunteer_id": volunteer.pk}),
    )
    if settings.EMAIL_ENABLED and volunteer.email:
        address = volunteer.email
        transaction.on_commit(lambda: _send_receipt(address))
    return volunteer


def _send_receipt(address: str) -> None:
    """A receipt without any of the application's content."""
    send_email("volunteers/email/receipt", {}, to=[address])


# --- Screening ---


def _lock(volunteer: Volunteer) -> Volunteer:
    return Volunteer.objects.select_for_update().get(pk=volunteer.pk)


@transaction.atomic
def screening_book(*, volunteer: Volunteer, meeting_at: datetime, place: str, by, on: date) -> Screening:
    """Book (or move) the screening meeting; an applicant moves to "screening booked"."""
    volunteer = _lock(volunteer)
    if volunteer.status not in (S.APPLIED, S.SCREENING_BOOKED):
        raise VolunteerError(_("A screening meeting can only be booked for an applicant."))
    screening, _created = Screening.objects.update_or_create(
        volunteer=volunteer, defaults={"meeting_at": meeting_at, "place": place, "booked_by": by}
    )
    if volunteer.status == S.APPLIED:
        volunteer.transition(S.SCREENING_BOOKED, on=on, by=by)
        audit_record(actor=by, action=Action.CHANGE, target=volunteer, detail="screening booked")
    else:
        audit_record(actor=by, action=Action.CHANGE, target=volunteer, detail="screening moved")
    return screening


@transaction.atomic
def screening_record(*, volunteer: Volunteer, held_on: date, criteria: dict, answers: dict, by) -> Screening:
    """Record the screening meeting: match criteria on the volunteer, answers and assessment on the
    screening. The candidate then sleeps on it (status "screened"). Later corrections keep the status."""
    volunteer = _lock(volunteer)
    screening = Screening.objects.filter(volunteer=volunteer).first()
    if screening is None or volunteer.status == S.APPLIED:
        raise VolunteerError(_("Book the screening meeting first."))
    if volunteer.applied_on and held_on < volunteer.applied_on:
        raise VolunteerError(_("The meeting cannot be before the application date."))
    changed = [name for name in CRITERIA_FIELDS if name in criteria]
    for name in changed:
        setattr(volunteer, name, criteria[name])
    volunteer.full_clean(exclude=["reference", "region", "campaign"])
    volunteer.save(update_fields=changed)
    pool_version.bump()  # the match criteria changed (a correction may concern an approved volunteer)
    for name in SCREENING_ANSWER_FIELDS:
        if name in answers:
            setattr(screening, name, answers[name])
    screening.held_on = held_on
    screening.recorded_by = by
    screening.save()
    if volunteer.status == S.SCREENING_BOOKED:
        volunteer.transition(S.SCREENED, on=held_on, by=by)
        audit_record(actor=by, action=Action.CHANGE, target=volunteer, detail="screened")
    else:
        audit_record(actor=by, action=Action.CHANGE, target=volunteer, detail="screening corrected")
    return screening


@transaction.atomic
def volunteer_decide(
    *, volunteer: Volunteer, outcome: str, on: date, by, reason: str = "", redirected_to: str = ""
) -> Volunteer:
    """The outcome after screening: approved, not suitable, withdrew, or redirected (to which program)."""
    volunteer = _lock(volunteer)
    if outcome not in DECISIONS:
        raise VolunteerError(_("Choose an outcome."))
    extra = []
    if outcome == S.REDIRECTED:
        if not redirected_to.strip():
            raise VolunteerError(_("Write which program the person was redirected to."))
        volunteer.redirected_to = redirected_to.strip()
        extra.append("redirected_to")
    if outcome == S.APPROVED:
        if volunteer.applied_on and on < volunteer.applied_on:
            raise VolunteerError(_("The approval cannot be before the application date."))
        volunteer.approved_on = on
        extra.append("approved_on")
    volunteer.transition(outcome, on=on, by=by, reason=reason, extra_fields=extra)
    pool_version.bump()
    audit_record(actor=by, action=Action.CHANGE, target=volunteer, detail=f"status: {outcome}")
    return volunteer


def _open_matches(volunteer: Volunteer) -> int:
    return volunteer.matches.open().count()


@transaction.atomic
def volunteer_pause(*, volunteer: Volunteer, on: date, by, reason: str) -> Volunteer:
    volunteer = _lock(volunteer)
    volunteer.paused_reason = reason
    volunteer.transition(S.PAUSED, on=on, by=by, reason=reason, extra_fields=["paused_reason"])
    pool_version.bump()
    audit_record(actor=by, action=Action.CHANGE, target=volunteer, detail="status: paused")
    return volunteer


@transaction.atomic
def volunteer_leave(*, volunteer: Volunteer, on: date, by, reason: str) -> Volunteer:
    volunteer = _lock(volunteer)
    if _open_matches(volunteer):
        raise VolunteerError(
            _("The volunteer still has an open match. End the match first; it can record the leaving.")
        )
    volunteer.left_on = on
    volunteer.left_reason = reason
    volunteer.transition(S.LEFT, on=on, by=by, reason=reason, extra_fields=["left_on", "left_reason"])
    pool_version.bump()
    audit_record(actor=by, action=Action.CHANGE, target=volunteer, detail="status: left")
    return volunteer


@transaction.atomic
def volunteer_resume(*, volunteer: Volunteer, on: date, by) -> Volunteer:
    """Back from a pause (or after leaving): available again, or matched if a match is still open."""
    volunteer = _lock(volunteer)
    _check_consent(volunteer)
    if volunteer.status not in (S.PAUSED, S.LEFT):
        raise VolunteerError(_("Only a paused volunteer or one who left can come back."))
    to_status = S.MATCHED if volunteer.status == S.PAUSED and _open_matches(volunteer) else S.APPROVED
    volunteer.paused_reason = ""
    volunteer.left_on = None
    volunteer.left_reason = ""
    volunteer.transition(to_status, on=on, by=by, extra_fields=["paused_reason", "left_on", "left_reason"])
    pool_version.bump()
    audit_record(actor=by, action=Action.CHANGE, target=volunteer, detail=f"status: {to_status}")
    return volunteer


@transaction.atomic
def volunteer_update(*, volunteer: Volunteer, data: dict, by) -> list[str]:
    """Save corrected contact details or profile; the audit names the changed fields, never a value.
    The region stays: a new postcode in another region does not move the volunteer's casework."""
    volunteer = _lock(volunteer)
    changed = [name for name, value in data.items() if getattr(volunteer, name) != value]
    for name in changed:
        setattr(volunteer, name, data[name])
    if changed:
        volunteer.full_clean(exclude=["reference"])
        volunteer.save(update_fields=changed)
        pool_version.bump()
        audit_record(actor=by, action=Action.CHANGE, target=volunteer, detail="fields: " + ", ".join(changed))
    return changed


@transaction.atomic
def volunteer_set_capacity(*, volunteer: Volunteer, capacity: int, by) -> Volunteer:
    """How many matches at a time; never below the open matches the volunteer has."""
    volunteer = _lock(volunteer)
    if capacity < 1:
        raise VolunteerError(_("A volunteer takes at least one match."))
    open_matches = _open_matches(volunteer)
    if capacity < open_matches:
        raise VolunteerError(
            ngettext(
                "The volunteer has %(count)d open match; the number cannot be lower.",
                "The volunteer has %(count)d open matches; the number cannot be lower.",
                open_matches,
            )
            % {"count": open_matches}
        )
    volunteer.capacity = capacity
    volunteer.save(update_fields=["capacity"])
    pool_version.bump()
    audit_record(actor=by, action=Action.CHANGE, target=volunteer, detail=f"capacity: {capacity}")
    return volunteer


@transaction.atomic
def volunteer_note_add(*, volunteer: Volunteer, text: str, casework_only: bool, by) -> VolunteerNote:
    """A note on the volunteer. Only consultants and project leaders can make a note casework-only
    (hidden from student assistants); a student assistant's note is always visible to them."""
    _check_consent(volunteer)
    casework_only = casework_only and can_see_assessment(by)
    note = VolunteerNote.objects.create(volunteer=volunteer, text=text, casework_only=casework_only, author=by)
    audit_record(actor=by, action=Action.CHANGE, target=volunteer, detail="note added")
    return note


# --- Campaigns and settings ---


@transaction.atomic
def campaign_save(*, campaign: Campaign, by) -> Campaign:
    """Create or change a campaign (its link code is made once and never changes). National
    campaigns are created and changed by the project leader only; consultants and student assistants
    work on their own regions' campaigns (and cannot move a national one into their region)."""
    created = campaign.pk is None
    if not created and not campaigns_editable_by(by).filter(pk=campaign.pk).exists():
        raise VolunteerError(_("Only the project leader can change a national campaign."))
    if campaign.region_id is None and not may_make_national_campaigns(by):
        raise VolunteerError(_("Only the project leader can make a national campaign. Choose a region."))
    if created:
        campaign.created_by = by
    campaign.full_clean(exclude=["slug"])
    campaign.save()
    audit_record(actor=by, action=Action.CREATE if created else Action.CHANGE, target=campaign, detail="campaign")
    return campaign


@transaction.atomic
def region_settings_set(*, region: Region, sleep_on_it_days: int, by) -> RegionSettings:
    if sleep_on_it_days < 1:
        raise VolunteerError(_("At least one day."))
    found, _created = RegionSettings.objects.update_or_create(
        region=region, defaults={"sleep_on_it_days": sleep_on_it_days}
    )
    audit_record(actor=by, action=Action.CHANGE, target=found, detail=f"sleep on it days: {sleep_on_it_days}")
    return found


# --- The posting for one participant ---


class PostingRefused(VolunteerError):
    def __init__(self, check: posting.Check):
        super().__init__(_("Too few participants share these facts."))
        self.check = check


@transaction.atomic
def posting_approve(
    *,
    participant: Participant,
    facts: posting.Facts,
    text: str,
    population: posting.Population,
    forbidden: list[str],
    region_of: dict[str, str] | None,
    by,
    now: datetime,
) -> Posting:
    """Approve an anonymous posting: refused when fewer than MIN_GROUP_SIZE participants share the
    facts, or when the edited text contains an identifying term (name, reference, exact age...)."""
    if participant.consent_withdrawn_on or participant.erased_on:
        raise VolunteerError(_("The participant has withdrawn their consent; no posting can be made."))
    result = posting.check(facts, population, region_of=region_of)
    if not result.ok:
        raise PostingRefused(result)
    leaked = posting.leaks(text, forbidden)
    if leaked:
        raise VolunteerError(
            _("The text contains something that can identify the participant: %(terms)s.")
            % {"terms": ", ".join(leaked)}
        )
    created = Posting.objects.create(
        participant=participant,
        text=text.strip(),
        facts=facts.as_json(),
        group_size=result.group_size,
        approved_by=by,
        approved_at=now,
    )
    audit_record(actor=by, action=Action.CREATE, target=created, detail="posting approved")
    return created
