import hashlib

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from accounts.access import get_in_scope, regions_for
from accounts.models import Role
from accounts.permissions import public, require_roles
from audit.decorators import shows_people
from audit.services import audit_listed, audit_view
from lib.choices import translated
from lib.lists import url_with_id
from lib.views import form_action
from matches import forms as match_forms
from matches.models import Match, MatchStatus
from matches.views import match_action
from regions.models import Region

from . import panels, selectors, services
from .forms import CadenceForm, FollowUpForm
from .models import CadenceConfig, CalendarToken, FollowUp, Kind

CASEWORK = (Role.PROJECT_LEADER, Role.CONSULTANT)


@require_roles(*CASEWORK)
@shows_people
def today(request):
    """The day's work: follow-ups due, meetings and screenings to record, flags to handle; the other
    panels (followups.panels) load beside it."""
    day = timezone.localdate()
    user = request.user
    context = {
        "title": _lazy("Today"),
        "today": day,
        "due": _linked(list(selectors.due_followups(user, day)[: selectors.LIST_LIMIT])),
        "meetings": list(selectors.coming_meetings(user)[: selectors.LIST_LIMIT]),
        "screenings": list(selectors.screening_meetings(user)[: selectors.LIST_LIMIT]),
        "flags": list(selectors.raised_flags(user)[: selectors.LIST_LIMIT]),
        "slots": panels.slots_for(user),
    }
    _audit_today(user, context)
    return render(request, "followups/today.html", context)


@require_roles(*CASEWORK)
@shows_people
def today_panel(request, panel):
    """One panel of the today page: into the page by htmx, or a page of its own."""
    chosen = panels.PANELS.get(panel)
    if chosen is None or request.user.role not in chosen.roles:
        raise Http404
    day = timezone.localdate()
    context = {"today": day, **chosen.build(request.user, day)}
    # A panel naming nobody (the consultants' counts; the star's tag audits its own) records an
    # empty list: the page was seen.
    for target_type, ids in chosen.names(context) or [("matches.match", [])]:
        audit_listed(actor=request.user, target_type=target_type, ids=ids, what=f"today page: {panel}")
    template = chosen.template(panel)
    if request.htmx:
        return render(request, template, context)
    return render(request, "followups/today_panel.html", {**context, "title": chosen.title, "panel": template})


def _linked(due: list[FollowUp]) -> list[FollowUp]:
    """The rows' links and labels made once for the page, not per row (reverse() and a choice's
    label cost ~50 µs each, and the list has up to LIST_LIMIT rows)."""
    match_url = url_with_id("matches:detail", "match_id")
    record_url = url_with_id("followups:record", "followup_id")
    kinds = translated(Kind)
    for followup in due:
        followup.match_url = match_url(followup.match_id)
        followup.record_url = record_url(followup.pk)
        followup.kind_label = kinds.get(followup.kind, followup.kind)
    return due


def _audit_today(user, context) -> None:
    """The today page names matches and volunteers: one list event per kind (its panels audit
    their own)."""
    matches = [row.match_id for key in ("due", "meetings", "flags") for row in context[key]]
    volunteers = [row.volunteer_id for row in context["screenings"]]
    audit_listed(actor=user, target_type="matches.match", ids=matches, what="today page")
    audit_listed(actor=user, target_type="volunteers.volunteer", ids=volunteers, what="today page")


def _scoped_followup(user, followup_id) -> FollowUp:
    followups = FollowUp.objects.filter(match__in=Match.objects.for_user(user)).select_related("match")
    return get_in_scope(followups, pk=followup_id)


def _back_url(request, match) -> str:
    if request.GET.get("next") == "today" or request.POST.get("next") == "today":
        return reverse("followups:today")
    return reverse("matches:detail", kwargs={"match_id": match.pk})


def _back(request, match):
    return redirect(_back_url(request, match))


@require_roles(*CASEWORK)
@shows_people
def record(request, followup_id):
    followup = _scoped_followup(request.user, followup_id)
    match = followup.match
    if request.method == "GET":
        audit_view(request.user, match)
    if followup.done_on is not None:
        messages.info(request, _("This follow-up has already been recorded."))
        return redirect("matches:detail", match_id=match.pk)
    if followup.not_relevant:
        messages.info(request, _("This follow-up is not relevant: the match was registered after its time had passed."))
        return redirect("matches:detail", match_id=match.pk)
    form = FollowUpForm(request.POST or None, kind=followup.kind, initial={"with_whom": followup.with_whom})

    def run(data):
        services.followup_record(followup=followup, by=request.user, done_on=data["done_on"], **form.answers())
        return _("The follow-up is recorded.")

    def page(form, status):
        context = {
            "title": followup.get_kind_display(),
            "match": match,
            "followup": followup,
            "form": form,
            "next": request.GET.get("next", ""),
            "opens": followup.offered_from if followup.offered_from > timezone.localdate() else None,
        }
        return render(request, "followups/record.html", context, status=status)

    return form_action(request, form, run=run, done=_back_url(request, match), page=page)


@require_roles(*CASEWORK)
@shows_people
def ad_hoc(request, match_id):
    match = get_in_scope(Match.objects.for_user(request.user), pk=match_id)
    if request.method == "GET":
        audit_view(request.user, match)
    form = FollowUpForm(request.POST or None, kind=Kind.AD_HOC)

    def run(data):
        services.followup_ad_hoc(match=match, by=request.user, done_on=data["done_on"], **form.answers())
        return _("The contact is recorded.")

    def page(form, status):
        context = {"title": _lazy("Record a contact"), "match": match, "followup": None, "form": form, "next": ""}
        return render(request, "followups/record.html", context, status=status)

    done = reverse("matches:detail", kwargs={"match_id": match.pk})
    return form_action(request, form, run=run, done=done, page=page)


@require_roles(*CASEWORK)
@require_POST
def flags_handled(request, followup_id):
    followup = _scoped_followup(request.user, followup_id)
    services.flags_handle(followup=followup, by=request.user, on=timezone.localdate())
    messages.success(request, _("The flags are marked as handled."))
    return _back(request, followup.match)


# --- Cadence (project leader) -------------------------------------------------------------


@require_roles(Role.PROJECT_LEADER)
def cadence(request):
    default = CadenceConfig.objects.filter(region__isnull=True).first() or CadenceConfig()
    form = CadenceForm(request.POST or None, instance=default)
    if request.method == "POST" and form.is_valid():
        services.cadence_save(region=None, by=request.user, **{f: form.cleaned_data[f] for f in form.Meta.fields})
        messages.success(request, _("The default follow-up cadence is saved. It applies to matches started from now."))
        return redirect("followups:cadence")
    overrides = {config.region_id: config for config in CadenceConfig.objects.filter(region__isnull=False)}
    regions = [{"region": region, "own": overrides.get(region.pk)} for region in Region.objects.filter(active=True)]
    context = {"title": _lazy("Follow-up cadence"), "form": form, "regions": regions}
    return render(request, "followups/cadence.html", context)


@require_roles(Role.PROJECT_LEADER)
def cadence_region(request, region):
    region = get_in_scope(regions_for(request.user), slug=region)
    own = CadenceConfig.objects.filter(region=region).first()
    if request.method == "POST" and "reset" in request.POST:
        services.cadence_reset(region=region, by=request.user)
        messages.success(request, _("The region follows the default cadence again."))
        return redirect("followups:cadence")
    instance = own or services.cadence_for(None)
    form = CadenceForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.cadence_save(region=region, by=request.user, **{f: form.cleaned_data[f] for f in form.Meta.fields})
        messages.success(request, _("The region's follow-up cadence is saved. It applies to matches started from now."))
        return redirect("followups:cadence")
    context = {"title": _lazy("Follow-up cadence"), "form": form, "region": region, "own": own}
    return render(request, "followups/cadence_region.html", context)


# --- Calendar feed ------------------------------------------------------------------------


@require_roles(*CASEWORK)
def calendar(request):
    """Only a hash of the secret is stored, so the address is shown once: in the answer to "make a
    link". Afterwards the page offers a new link (which stops the old one)."""
    feed_url = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.calendar_token_revoke(user=request.user)
            messages.success(request, _("The calendar link no longer works."))
            return redirect("followups:calendar")
        _token, secret = services.calendar_token_issue(user=request.user)
        feed_url = request.build_absolute_uri(reverse("followups:calendar_feed", kwargs={"token": secret}))
    token = CalendarToken.objects.live().filter(user=request.user).first()
    response = render(
        request, "followups/calendar.html", {"title": _lazy("Calendar link"), "token": token, "feed_url": feed_url}
    )
    response["Cache-Control"] = "private, no-store"
    return response


@public
def calendar_feed(request, token):
    """A capability URL: whoever has the secret link reads the feed (calendar apps cannot log in).
    It carries references and dates only, never names; revoking the link stops it."""
    found = (
        CalendarToken.objects.live()
        .for_token(token)
        .select_related("user")
        .filter(user__is_active=True, user__role__in=CASEWORK)
        .first()
    )
    if found is None:
        raise Http404
    today = timezone.localdate()
    # Calendar apps poll the feed every few minutes to hours: the body is kept for a few minutes
    # per user and day, and an unchanged feed answers 304 to the app's If-None-Match.
    key = f"calendar-feed:{found.user_id}:{today.isoformat()}"
    body = cache.get(key)
    if body is None:
        body = services.calendar_feed(
            user=found.user,
            matches=Match.objects.for_user(found.user).filter(status__in=ACTIVE_OR_MEETING),
            today=today,
        )
        cache.set(key, body, CALENDAR_FEED_SECONDS)
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-store"
    return response


CALENDAR_FEED_SECONDS = 300


ACTIVE_OR_MEETING = (MatchStatus.MEETING_SCHEDULED, MatchStatus.ACTIVE, MatchStatus.PAUSED)


# --- The match after its meeting (pages at the match's address, see config/urls.py) ---------


@require_roles(*CASEWORK)
@shows_people
def meeting_hold(request, match_id):
    match = get_in_scope(Match.objects.for_user(request.user), pk=match_id)
    meeting = getattr(match, "meeting", None)
    if meeting and match.status == MatchStatus.MEETING_SCHEDULED and meeting.day > timezone.localdate():
        # Not before the day: no checklist to fill in only to be refused.
        if request.method == "GET":
            audit_view(request.user, match)
        context = {"title": _lazy("Hold the match meeting"), "match": match, "form": None, "hold_from": meeting.day}
        return render(request, "matches/hold_form.html", context)

    def run(match, form):
        data = form.cleaned_data
        services.meeting_hold(
            match=match,
            by=request.user,
            checklist=form.checklist(),
            agreed_frequency=data["agreed_frequency"],
            wished_activities=data["wished_activities"],
            notes=data["notes"],
        )
        return _("The match meeting is held and the match has started. The follow-up plan is ready.")

    return match_action(
        request,
        match_id,
        form_class=match_forms.HoldForm,
        template="matches/hold_form.html",
        title=_lazy("Hold the match meeting"),
        run=run,
        initial=lambda match: {"agreed_frequency": "weekly"},
    )


@require_roles(*CASEWORK)
def match_close(request, match_id):
    def run(match, form):
        services.match_close(match=match, by=request.user, **form.closure())
        return _("The match has ended.")

    return match_action(
        request,
        match_id,
        form_class=match_forms.CloseForm,
        template="matches/action_form.html",
        title=_lazy("End the match"),
        run=run,
    )
