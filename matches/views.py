from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.access import get_in_scope, regions_for
from accounts.models import Role
from accounts.permissions import require_roles
from audit.decorators import shows_people
from audit.services import audit_listed, audit_view
from lib import names
from lib.choices import Need, labels, translated
from lib.lists import filter_data, page_of, paging_context, sort, url_with_id
from lib.views import form_action

from . import forms, selectors, services
from .models import MEETING_CHECKLIST, Attendee, Match, MatchStatus

CASEWORK = (Role.PROJECT_LEADER, Role.CONSULTANT)


MATCH_COLUMNS = {
    "reference": ("reference",),
    "participant": ("participant__first_name", "participant__last_name"),
    "volunteer": ("volunteer__first_name", "volunteer__last_name"),
    "status": ("status_order",),
    "meeting": ("meeting__starts_at",),
    "followup": ("next_due_on",),
    "region": ("region__name",),
}


@require_roles(*CASEWORK)
@shows_people
def match_list(request):
    """The filter form is posted, like the referral list's: a name searched for never goes into a URL."""
    data = filter_data(request)
    form = forms.MatchFilterForm(data or None, regions=regions_for(request.user).filter(active=True))
    status, region, search = forms.OPEN, None, ""
    if form.is_valid():
        status = form.cleaned_data["status"] or forms.OPEN
        region = form.cleaned_data["region"]
        search = form.cleaned_data["q"]
    matches = selectors.match_list(Match.objects.for_user(request.user), status=status, region=region, search=search)
    matches, sorting = sort(matches, data, MATCH_COLUMNS, form="match-filter" if request.method == "POST" else None)
    page = page_of(matches, data.get("page"), 50)
    detail_url, statuses = url_with_id("matches:detail", "match_id"), translated(MatchStatus)
    for match in page:  # made once per page, not per row in the template
        match.url, match.status_label = detail_url(match.pk), statuses.get(match.status, match.status)
    audit_listed(actor=request.user, target_type="matches.match", ids=[m.pk for m in page], what="match list")
    context = {
        "title": _lazy("Matches"),
        "form": form,
        "page": page,
        "today": timezone.localdate(),
        "sorting": sorting,
        **paging_context(request, data),
    }
    return render(request, "matches/list.html", context)


@require_roles(Role.PROJECT_LEADER, Role.CONSULTANT, Role.SOCIAL_WORKER)
@shows_people
def match_detail(request, match_id):
    # "decision" is matching's record of how the pair was chosen (shown by its own include).
    matches = Match.objects.for_user(request.user).select_related("decision__top_volunteer")
    match = get_in_scope(matches, pk=match_id)
    audit_view(request.user, match)
    staff = selectors.sees_casework(request.user)
    meeting = getattr(match, "meeting", None)
    context = {
        "title": match.reference,
        "match": match,
        "staff": staff,
        "meeting": meeting,
        "checklist": [(label, getattr(meeting, name)) for name, label in MEETING_CHECKLIST.items()]
        if meeting and meeting.held_on
        else [],
        "events": selectors.story(match, request.user),
        "pauses": match.pauses.all(),
        "closure": getattr(match, "closure", None) if staff else None,
        "meeting_attendees": labels(Attendee, meeting.attendees) if meeting else [],
        "interpreter_language_name": names.language_name(meeting.interpreter_language) if meeting else "",
        "wished_activities": labels(Need, meeting.wished_activities) if meeting else [],
    }
    if staff:
        followups = match.followups.select_related("recorded_by")
        today = timezone.localdate()
        awaiting_meeting = match.status == MatchStatus.MEETING_SCHEDULED and meeting is not None
        context.update(
            planned=[f for f in followups if f.done_on is None],
            next_due=match.followups.pending().first(),
            flagged=match.followups.flagged(),
            today=today,
            can_pause=match.can_transition(MatchStatus.PAUSED),
            can_resume=match.status == MatchStatus.PAUSED,
            can_end=match.can_transition(MatchStatus.ENDED),
            can_schedule=match.status in (MatchStatus.PROPOSED, MatchStatus.MEETING_SCHEDULED),
            # Offered from the meeting's day; before that the page says when it can be recorded.
            can_hold=awaiting_meeting and meeting.day <= today,
            hold_from=meeting.day if awaiting_meeting and meeting.day > today else None,
            can_record=match.status in (MatchStatus.ACTIVE, MatchStatus.PAUSED),
        )
    return render(request, "matches/detail.html", context)


def match_action(request, match_id, *, form_class, template, title, run, initial=None, form_kwargs=None):
    """A step on one match (`lib.views.form_action`), back to the match page. (Also the shape of the
    match steps followups owns: holding the meeting, ending the match.)"""
    match = get_in_scope(Match.objects.for_user(request.user), pk=match_id)
    if request.method == "GET":
        audit_view(request.user, match)
    form = form_class(
        request.POST or None,
        initial=initial(match) if initial else None,
        **(form_kwargs(match) if form_kwargs else {}),
    )
    return form_action(
        request,
        form,
        run=lambda _data: run(match, form),
        done=reverse("matches:detail", kwargs={"match_id": match.pk}),
        page=lambda form, status: render(
            request, template, {"title": title, "match": match, "form": form}, status=status
        ),
    )


def _meeting_initial(match):
    meeting = getattr(match, "meeting", None)
    if meeting:
        return {
            "starts_at": timezone.localtime(meeting.starts_at),
            "place_type": meeting.place_type,
            "address": meeting.address,
            "attendees": meeting.attendees,
            "interpreter_language": meeting.interpreter_language,
        }
    attendees = ["participant", "volunteer", "consultant", "social_worker"]
    if not match.participant.needs_interpreter:
        return {"attendees": attendees}
    participant = match.participant
    language = participant.interpreter_language or participant.mother_tongue or ""
    return {"attendees": [*attendees, "interpreter"], "interpreter_language": language}


def _meeting_form_kwargs(match):
    meeting = getattr(match, "meeting", None)
    return {"participant": match.participant, "current_language": meeting.interpreter_language if meeting else ""}


@require_roles(*CASEWORK)
def meeting_schedule(request, match_id):
    def run(match, form):
        services.meeting_schedule(match=match, by=request.user, **form.cleaned_data)
        return _("The match meeting is scheduled.")

    return match_action(
        request,
        match_id,
        form_class=forms.MeetingForm,
        template="matches/meeting_form.html",
        title=_lazy("Schedule the match meeting"),
        run=run,
        initial=_meeting_initial,
        form_kwargs=_meeting_form_kwargs,
    )


@require_roles(*CASEWORK)
def match_decline(request, match_id):
    def run(match, form):
        services.match_decline(
            match=match,
            by=request.user,
            on=form.cleaned_data["on"],
            declined_by=form.declined_by_label(),
            reason=form.cleaned_data["reason"],
        )
        return _("The proposal is cancelled. The participant is back on the waiting list.")

    return match_action(
        request,
        match_id,
        form_class=forms.DeclineForm,
        template="matches/action_form.html",
        title=_lazy("Declined after the match meeting"),
        run=run,
    )


@require_roles(*CASEWORK)
def match_pause(request, match_id):
    def run(match, form):
        services.match_pause(match=match, by=request.user, **form.cleaned_data)
        return _("The match is paused.")

    return match_action(
        request,
        match_id,
        form_class=forms.PauseForm,
        template="matches/action_form.html",
        title=_lazy("Pause the match"),
        run=run,
    )


@require_roles(*CASEWORK)
def match_resume(request, match_id):
    def run(match, form):
        services.match_resume(match=match, by=request.user, **form.cleaned_data)
        return _("The match is resumed.")

    return match_action(
        request,
        match_id,
        form_class=forms.ResumeForm,
        template="matches/action_form.html",
        title=_lazy("Resume the match"),
        run=run,
    )


@require_roles(*CASEWORK)
def shared_contact(request, match_id):
    def run(match, form):
        services.shared_contact_set(match=match, by=request.user, text=form.cleaned_data["shared_contact"])
        return _("Saved.")

    return match_action(
        request,
        match_id,
        form_class=forms.SharedContactForm,
        template="matches/action_form.html",
        title=_lazy("Contact details shared with the volunteer"),
        run=run,
        initial=lambda match: {"shared_contact": match.shared_contact},
    )
