from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.access import get_in_scope, regions_for
from accounts.models import Role
from accounts.permissions import require_roles
from audit.services import audit_listed, audit_view
from lib.views import form_action
from regions.models import Region
from volunteers.models import Volunteer, VolunteerStatus

from . import selectors, services
from .forms import AttendanceForm, CriteriaForm, EventForm, FeedbackForm, SignUpForm
from .models import Attendance, Event, Feedback, SignUp

CASEWORK = (Role.PROJECT_LEADER, Role.CONSULTANT)


def _event(request, event_id) -> Event:
    return get_in_scope(Event.objects.for_user(request.user), pk=event_id)


def _editable(request, event_id) -> Event:
    return get_in_scope(selectors.editable_by(request.user).select_related("region"), pk=event_id)


def _regions(user):
    """The regions to choose from: the project leader's are those the program runs in."""
    if user.role == Role.PROJECT_LEADER:
        return Region.objects.filter(active=True)
    return Region.objects.filter(pk__in=regions_for(user))


def _listed(request, volunteers, what: str) -> None:
    audit_listed(actor=request.user, target_type="volunteers.volunteer", ids=[v.pk for v in volunteers], what=what)


@require_roles(*CASEWORK)
def event_list(request):
    today = timezone.localdate()
    events = selectors.events_for(request.user)
    context = {
        "title": _("Events"),
        "sections": [(_("Coming"), events.upcoming(today)), (_("Held"), events.past(today)[:50])],
    }
    return render(request, "events/list.html", context)


def _form_page(request, form, event, status):
    title = _("Change the event") if event else _("New event")
    return render(request, "events/form.html", {"title": title, "form": form, "event": event}, status=status)


class _Created:
    """Where to go after creating: the new event's page (form_action redirects to it after the run)."""

    event: Event | None = None

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"event_id": self.event.pk})


@require_roles(*CASEWORK)
def event_create(request):
    user = request.user
    form = EventForm(request.POST or None, regions=_regions(user), national_allowed=user.role == Role.PROJECT_LEADER)
    created = _Created()

    def run(data):
        created.event = services.event_create(by=user, **data)
        return _("The event is created.")

    return form_action(
        request, form, run=run, done=created, page=lambda form, status: _form_page(request, form, None, status)
    )


@require_roles(*CASEWORK)
def event_edit(request, event_id):
    event = _editable(request, event_id)
    user = request.user
    form = EventForm(
        request.POST or None,
        # A copy: the ModelForm's validation writes the answers onto its instance, the service
        # compares them with the stored event.
        instance=Event.objects.get(pk=event.pk),
        regions=_regions(user),
        national_allowed=user.role == Role.PROJECT_LEADER,
    )

    def run(data):
        services.event_update(event=event, by=user, **data)
        return _("The event is saved.")

    return form_action(
        request,
        form,
        run=run,
        done=reverse("events:detail", kwargs={"event_id": event.pk}),
        page=lambda form, status: _form_page(request, form, event, status),
    )


def _detail_context(request, event, **extra) -> dict:
    user = request.user
    people = selectors.people(user, event)
    shown = [s.volunteer for s in people["places"] + people["waiting"]]
    shown += [a.volunteer for a in people["attendances"]] + [i.volunteer for i in people["invitations"]]
    _listed(request, shown, "event people list")
    today = timezone.localdate()
    taken_ids = [s.volunteer_id for s in people["places"] + people["waiting"]]
    return {
        "title": event.title,
        "event": event,
        "counts": selectors.events_for(user).get(pk=event.pk),
        **people,
        "feedback": selectors.feedback_summary(event),
        "can_edit": selectors.can_edit(user, event),
        "is_past": event.is_past(today),
        "can_record": event.held_on <= today,
        "signup_form": extra.pop("signup_form", None)
        or SignUpForm(
            volunteers=selectors.volunteers_for(user, event)
            .filter(status__in=selectors.INVITABLE)
            .exclude(pk__in=taken_ids)
        ),
        **extra,
    }


@require_roles(*CASEWORK)
def event_detail(request, event_id):
    event = _event(request, event_id)
    return render(request, "events/detail.html", _detail_context(request, event))


@require_roles(*CASEWORK)
@require_POST
def signup_add(request, event_id):
    event = _event(request, event_id)
    user = request.user
    volunteers = selectors.volunteers_for(user, event).filter(status__in=selectors.INVITABLE)
    form = SignUpForm(request.POST, volunteers=volunteers)

    def run(data):
        signup = services.signup_add(event=event, volunteer=data["volunteer"], by=user)
        if signup.is_waiting:
            return _("The event is full: %(name)s is number %(n)s on the waiting list.") % {
                "name": signup.volunteer,
                "n": signup.waiting_position,
            }
        return _("%(name)s has a place.") % {"name": signup.volunteer}

    def page(form, status):
        context = _detail_context(request, event, signup_form=form)
        return render(request, "events/detail.html", context, status=status)

    return form_action(request, form, run=run, done=reverse("events:detail", kwargs={"event_id": event.pk}), page=page)


@require_roles(*CASEWORK)
@require_POST
def signup_cancel(request, signup_id):
    signups = SignUp.objects.filter(
        event__in=Event.objects.for_user(request.user), volunteer__in=Volunteer.objects.for_user(request.user)
    ).select_related("event", "volunteer")
    signup = get_in_scope(signups, pk=signup_id)
    promoted = services.signup_cancel(signup=signup, by=request.user)
    messages.success(request, _("The sign-up is cancelled."))
    for moved in promoted:
        messages.info(request, _("%(name)s moves up from the waiting list.") % {"name": moved.volunteer})
    return redirect("events:detail", event_id=signup.event_id)


@require_roles(*CASEWORK)
def invite(request, event_id):
    """Choose by criteria and see who would get an invitation (GET: the criteria are no personal
    data); POST sends to exactly the volunteers the same criteria pick then."""
    event = _event(request, event_id)
    user = request.user
    regions = _regions(user)
    if event.region_id:
        regions = regions.filter(pk=event.region_id)
    data = request.GET or None  # the send form posts back to this URL, criteria included
    initial = {"regions": list(regions), "active": True, "waiting": True}
    form = CriteriaForm(data, regions=regions, initial=initial)
    candidates = None
    today = timezone.localdate()
    if form.is_bound and form.is_valid():
        candidates = list(
            selectors.invitation_candidates(user=user, event=event, criteria=form.criteria(), today=today)
        )
        if request.method == "POST":
            invited, emailed = services.invitations_send(event=event, volunteers=candidates, by=user)
            messages.success(
                request,
                ngettext(
                    "%(n)s volunteer is invited (%(emailed)s by e-mail).",
                    "%(n)s volunteers are invited (%(emailed)s by e-mail).",
                    invited,
                )
                % {"n": invited, "emailed": emailed},
            )
            return redirect("events:detail", event_id=event.pk)
        _listed(request, candidates, "event invitation list")
    context = {
        "title": _("Invite volunteers"),
        "event": event,
        "form": form,
        "candidates": candidates,
        "without_email": sum(1 for v in candidates or [] if not v.email),
        "already_invited": event.invitations.count(),
    }
    return render(request, "events/invite.html", context, status=400 if form.is_bound and form.errors else 200)


@require_roles(*CASEWORK)
def attendance(request, event_id):
    """Tick who came, for the whole event, on one page; one POST saves every tick."""
    event = _event(request, event_id)
    user = request.user
    listed = selectors.attendance_list(user, event)
    walk_ins = (
        selectors.volunteers_for(user, event)
        .filter(status__in=(*selectors.INVITABLE, VolunteerStatus.PAUSED))
        .exclude(pk__in=[v.pk for v in listed])
    )
    came = set(event.attendances.values_list("volunteer_id", flat=True))
    form = AttendanceForm(
        request.POST or None,
        listed=listed,
        walk_ins=walk_ins,
        initial={"present": [str(v.pk) for v in listed if v.pk in came]},
    )

    def run(data):
        added, removed = services.attendance_record(
            event=event, shown=listed, present=form.present_ids(), walk_in=data.get("walk_in"), by=user
        )
        return _("Attendance is saved: %(added)s added, %(removed)s removed.") % {"added": added, "removed": removed}

    def page(form, status):
        if request.method == "GET":
            _listed(request, listed, "event attendance list")
        context = {"title": _("Who came"), "event": event, "form": form, "count": len(came)}
        return render(request, "events/attendance.html", context, status=status)

    return form_action(request, form, run=run, done=reverse("events:detail", kwargs={"event_id": event.pk}), page=page)


@require_roles(*CASEWORK)
def feedback(request, attendance_id):
    attendances = Attendance.objects.filter(
        event__in=Event.objects.for_user(request.user), volunteer__in=Volunteer.objects.for_user(request.user)
    ).select_related("event", "volunteer")
    attendance = get_in_scope(attendances, pk=attendance_id)
    if request.method == "GET":
        audit_view(request.user, attendance.volunteer)
    given = Feedback.objects.filter(attendance=attendance).first()
    initial = {"rating": given.rating, "comment": given.comment} if given else None
    form = FeedbackForm(request.POST or None, initial=initial)

    def run(data):
        services.feedback_record(attendance=attendance, rating=data["rating"], comment=data["comment"], by=request.user)
        return _("The feedback is saved.")

    def page(form, status):
        context = {"title": _("Feedback"), "attendance": attendance, "event": attendance.event, "form": form}
        return render(request, "events/feedback.html", context, status=status)

    return form_action(
        request, form, run=run, done=reverse("events:detail", kwargs={"event_id": attendance.event_id}), page=page
    )


@require_roles(*CASEWORK)
def calendar(request, event_id):
    event = _event(request, event_id)
    response = HttpResponse(services.calendar_event(event).to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="arrangement-{event.pk}.ics"'
    return response
