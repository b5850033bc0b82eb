"""Operations on events: create and change, invite, sign up (a place or the waiting list), record
attendance for the whole event in one go, and feedback. Each in one transaction; changes that
concern a volunteer are audited on the volunteer (never their content)."""

import icalendar
from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import audit_record
from lib.errors import OperationRefused
from lib.mail import send_email

from .models import RATING_MAX, RATING_MIN, Attendance, Event, Feedback, Invitation, SignUp

EVENT_FIELDS = (
    "kind",
    "title",
    "topic",
    "held_on",
    "starts_at",
    "ends_at",
    "format",
    "place",
    "online_link",
    "region",
    "capacity",
    "format_notes",
)


class EventError(OperationRefused):
    pass


def _lock(event: Event) -> Event:
    """The event row locked: sign-ups and cancellations on one event take turns for the places."""
    return Event.objects.select_for_update().get(pk=event.pk)


def _fill_places(event: Event) -> list[SignUp]:
    """Free places go to the waiting list in order; the rest move up. Returns who got a place."""
    signups = event.signups
    taken = signups.filter(waiting_position__isnull=True).count()
    free = None if event.capacity is None else max(event.capacity - taken, 0)
    waiting = list(signups.filter(waiting_position__isnull=False).order_by("waiting_position"))
    promoted = waiting if free is None else waiting[:free]
    for signup in promoted:
        signup.waiting_position = None
        signup.save(update_fields=["waiting_position"])
    for position, signup in enumerate(waiting[len(promoted) :], start=1):
        if signup.waiting_position != position:  # ascending, so the lower number is always free
            signup.waiting_position = position
            signup.save(update_fields=["waiting_position"])
    return promoted


@transaction.atomic
def event_create(*, by, **fields) -> Event:
    return Event.objects.create(created_by=by, **{name: fields[name] for name in EVENT_FIELDS if name in fields})


@transaction.atomic
def event_update(*, event: Event, by, **fields) -> Event:
    """Change the event's details; more places move people up from the waiting list. Fewer places
    than already taken are refused (nobody loses a place they were given)."""
    event = _lock(event)
    capacity = fields.get("capacity", event.capacity)
    taken = event.signups.filter(waiting_position__isnull=True).count()
    if capacity is not None and capacity < taken:
        raise EventError(
            _("%(taken)s people already have a place: the event cannot have fewer places.") % {"taken": taken}
        )
    changed = [name for name in EVENT_FIELDS if name in fields and getattr(event, name) != fields[name]]
    for name in changed:
        setattr(event, name, fields[name])
    if changed:
        event.save(update_fields=changed)
    for signup in _fill_places(event):
        audit_record(actor=by, action=Action.CHANGE, target=signup.volunteer, detail="event place from waiting list")
    return event


def calendar_event(event: Event) -> icalendar.Calendar:
    """The event as an .ics (for the invitation and, later, the volunteers' portal): no person in it."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Livet Går Videre//arrangement//DA")
    cal.add("version", "2.0")
    item = icalendar.Event()
    item.add("uid", f"event-{event.pk}@livetgaarvidere")
    item.add("dtstamp", timezone.now())
    item.add("summary", event.title)
    if event.starts_at:
        item.add("dtstart", event.start)
        if event.ends_at:
            item.add("dtend", event.end)
    else:
        item.add("dtstart", event.held_on)
    location = ", ".join(part for part in (event.place, event.online_link) if part)
    if location:
        item.add("location", location)
    if event.topic:
        item.add("description", event.topic)
    cal.add_component(item)
    return cal


def _email_context(event: Event) -> dict:
    with translation.override(settings.LANGUAGE_CODE):
        when = formats.date_format(event.held_on, "DATE_FORMAT")
        if event.starts_at:
            when += " " + formats.time_format(event.starts_at, "TIME_FORMAT")
        return {"event": event, "kind": event.get_kind_display(), "when": when}


def invitations_send(*, event: Event, volunteers, by) -> tuple[int, int]:
    """Invite the volunteers not yet invited; one e-mail in Bcc to those with an address (no
    participant data, no names; the .ics attached). Returns (invited, e-mailed)."""
    with transaction.atomic():
        event = _lock(event)
        already = set(event.invitations.values_list("volunteer_id", flat=True))
        new = [volunteer for volunteer in volunteers if volunteer.pk not in already]
        addresses = [volunteer.email for volunteer in new if volunteer.email]
        Invitation.objects.bulk_create(
            Invitation(event=event, volunteer=volunteer, invited_by=by, emailed=bool(volunteer.email))
            for volunteer in new
        )
        for volunteer in new:
            audit_record(actor=by, action=Action.CHANGE, target=volunteer, detail="invited to an event")
        if addresses:
            context = _email_context(event)
            ics = calendar_event(event).to_ical()
            transaction.on_commit(
                lambda: send_email(
                    "events/email/invitation",
                    context,
                    bcc=addresses,
                    attachments=[("arrangement.ics", ics, "text/calendar")],
                )
            )
    return len(new), len(addresses)


@transaction.atomic
def signup_add(*, event: Event, volunteer, by) -> SignUp:
    """A place while there are places, else the next place on the waiting list."""
    event = _lock(event)
    if event.is_past(timezone.localdate()):
        raise EventError(_("The event has taken place: record who came instead."))
    if event.signups.filter(volunteer=volunteer).exists():
        raise EventError(_("The volunteer is already signed up."))
    taken = event.signups.filter(waiting_position__isnull=True).count()
    position = None
    if event.capacity is not None and taken >= event.capacity:
        last = event.signups.aggregate(last=Max("waiting_position"))["last"] or 0
        position = last + 1
    signup = SignUp.objects.create(event=event, volunteer=volunteer, waiting_position=position, by=by)
    detail = "event sign-up" if position is None else "event waiting list"
    audit_record(actor=by, action=Action.CHANGE, target=volunteer, detail=detail)
    return signup


@transaction.atomic
def signup_cancel(*, signup: SignUp, by) -> list[SignUp]:
    """Remove the sign-up; a freed place goes to the first on the waiting list. Returns who moved in."""
    event = _lock(signup.event)
    signup = SignUp.objects.select_related("volunteer").get(pk=signup.pk)
    signup.delete()
    audit_record(actor=by, action=Action.CHANGE, target=signup.volunteer, detail="event sign-up cancelled")
    promoted = _fill_places(event)
    for moved in promoted:
        audit_record(actor=by, action=Action.CHANGE, target=moved.volunteer, detail="event place from waiting list")
    return promoted


@transaction.atomic
def attendance_record(*, event: Event, shown, present, walk_in=None, by) -> tuple[int, int]:
    """Save the whole attendance page in one go: of the volunteers `shown` on it, those in `present`
    came and the others did not; `walk_in` came without being on the list. Returns (added, removed)."""
    event = _lock(event)
    if event.held_on > timezone.localdate():
        raise EventError(_("Attendance can be recorded from the day of the event."))
    shown = {volunteer.pk: volunteer for volunteer in shown}
    present = {pk for pk in present if pk in shown}
    signed_up = set(event.signups.values_list("volunteer_id", flat=True))
    came = set(event.attendances.filter(volunteer_id__in=shown).values_list("volunteer_id", flat=True))
    added = [shown[pk] for pk in sorted(present - came)]
    removed = [shown[pk] for pk in sorted(came - present)]
    if walk_in is not None and walk_in.pk not in came and walk_in.pk not in present:
        added.append(walk_in)
    Attendance.objects.bulk_create(
        Attendance(event=event, volunteer=volunteer, walk_in=volunteer.pk not in signed_up, recorded_by=by)
        for volunteer in added
    )
    event.attendances.filter(volunteer__in=removed).delete()
    for volunteer in added:
        audit_record(actor=by, action=Action.CHANGE, target=volunteer, detail="event attended")
    for volunteer in removed:
        audit_record(actor=by, action=Action.CHANGE, target=volunteer, detail="event attendance removed")
    return len(added), len(removed)


@transaction.atomic
def feedback_record(*, attendance: Attendance, rating: int, comment: str = "", by=None) -> Feedback:
    """The attendee's feedback, entered by staff (`by`) or, later, by the volunteer (no `by`);
    giving it again replaces it."""
    if not RATING_MIN <= rating <= RATING_MAX:
        raise EventError(_("The rating is from 1 to 5."))
    if attendance.event.held_on > timezone.localdate():
        raise EventError(_("Feedback can be given once the event has taken place."))
    feedback, _created = Feedback.objects.update_or_create(
        attendance=attendance, defaults={"rating": rating, "comment": comment, "by": by, "given_at": timezone.now()}
    )
    audit_record(actor=by, action=Action.CHANGE, target=attendance.volunteer, detail="event feedback")
    return feedback
