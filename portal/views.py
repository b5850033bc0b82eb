"""The volunteer's own pages (phone first) and their login by e-mailed link. Every page but the
login ones is `volunteer_page`: role volunteer, in the program (approved, matched or paused)."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from accounts.access import get_in_scope
from accounts.models import CASEWORK_ROLES, Role
from accounts.permissions import public, require_roles
from audit.decorators import shows_people
from audit.models import Action
from audit.services import audit_listed, audit_record
from events.models import Attendance, Feedback
from events.services import calendar_event
from expenses import receipts
from expenses import services as expense_services
from expenses.forms import ExpenseForm
from expenses.models import Expense
from expenses.services import CLAIMABLE_MATCH_STATUSES
from expenses.views import receipt_response
from lib.http import client_ip
from lib.sessions import IDLE_KEY
from lib.tokens import new_token
from lib.views import form_action
from outcomes import services as outcome_services

from . import selectors, services
from .forms import CallbackForm, ConfirmForm, EmailForm, EventFeedbackForm, OwnDetailsForm, StepBackForm
from .models import CallbackRequest

BROWSER_KEY = "portal_browser_key"


def volunteer_page(view):
    """A portal page: logged in as a volunteer who is still in the program. A volunteer who has left
    is logged out here, on their next request."""

    @wraps(view)
    def in_program(request, *args, **kwargs):
        volunteer = getattr(request.user, "volunteer", None)
        if volunteer is None or not volunteer.may_use_portal:
            logout(request)
            messages.info(request, _("Your access to the volunteer pages has ended."))
            return redirect("portal:login")
        request.volunteer = volunteer
        return view(request, *args, **kwargs)

    guarded = require_roles(Role.VOLUNTEER)(in_program)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), login_url=reverse("portal:login"))
        return guarded(request, *args, **kwargs)

    wrapped.allowed_roles = guarded.allowed_roles
    return wrapped


# --- Login ---


@public
def login_start(request):
    if request.user.is_authenticated and request.user.role == Role.VOLUNTEER:
        return redirect("portal:home")
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email, ip = form.cleaned_data["email"], client_ip(request)
        if services.login_rate_exceeded(email=email, ip=ip):
            return render(request, "portal/login_limited.html", {"title": _lazy("Too many attempts")}, status=429)
        services.login_rate_count(email=email, ip=ip)
        # The link works only in this browser: its session keeps the key, the link row its digest.
        key = request.session.get(BROWSER_KEY) or new_token()
        request.session[BROWSER_KEY] = key
        services.login_link_request(email=email, browser_key=key)
        return redirect("portal:login_sent")
    return render(request, "portal/login.html", {"title": _lazy("Log in as a volunteer"), "form": form})


@public
def login_sent(request):
    return render(request, "portal/login_sent.html", {"title": _lazy("Check your e-mail")})


@public
def login_link(request, login_token):
    key = request.session.get(BROWSER_KEY, "")
    form = ConfirmForm(request.POST or None)
    try:
        if request.method == "POST":
            user = services.login_link_use(token=login_token, browser_key=key)
        else:
            services.login_link_check(token=login_token, browser_key=key)
    except services.PortalError as error:
        status = 400 if request.method == "POST" else 200
        context = {"title": _lazy("The link does not work"), "problem": error.text}
        return render(request, "portal/link_refused.html", context, status=status)
    if request.method == "GET":
        return render(request, "portal/link.html", {"title": _lazy("Log in as a volunteer"), "form": form})
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[IDLE_KEY] = settings.PORTAL_SESSION_IDLE_SECONDS
    return redirect("portal:home")


@public
@require_POST
def logout_view(request):
    logout(request)
    return redirect("portal:login")


# --- The volunteer's pages ---


def _audit_matches(request, matches) -> None:
    """The participant's first name (and shared contact details) shown to the volunteer."""
    if not matches:
        audit_listed(actor=request.user, target_type="matches.match", ids=[], what="portal")  # nobody shown
    for match in matches:
        audit_record(actor=request.user, action=Action.VIEW, target_type="matches.match", target_id=str(match.pk))


@volunteer_page
@shows_people
def home(request):
    volunteer = request.volunteer
    today = timezone.localdate()
    matches = selectors.match_views(volunteer, today)
    _audit_matches(request, matches)
    coming, _held = selectors.event_views(volunteer, today)
    context = {
        "title": _lazy("My match"),
        "volunteer": volunteer,
        "matches": matches,
        "today": today,
        "coming_events": coming[:3],
    }
    return render(request, "portal/home.html", context)


@volunteer_page
@require_POST
def star(request, match_id):
    """Fill in Forandringsstjernen now: a fresh single-use reading link (outcomes), opened at once."""
    match = get_in_scope(selectors.own_matches(request.volunteer), pk=match_id)
    if not selectors.reading_due(match, timezone.localdate()):
        messages.info(request, _("No reading is due just now."))
        return redirect("portal:home")
    _link, secret, _emailed = outcome_services.link_issue(match=match, by=request.user, email=False)
    return redirect("outcomes:fill", link_token=secret)


@volunteer_page
def callback(request):
    form = CallbackForm(request.POST or None)

    def run(data):
        services.callback_request(volunteer=request.volunteer, category=data["category"], message=data["message"])
        return _("Thank you. A consultant will call you, usually within two working days.")

    def page(form, status):
        return render(
            request, "portal/callback.html", {"title": _lazy("Talk to a consultant"), "form": form}, status=status
        )

    return form_action(request, form, run=run, done="portal:home", page=page)


@volunteer_page
def directory(request):
    places = selectors.directory(request.volunteer.region)
    context = {"title": _lazy("Where to get help"), "places": places, "region": request.volunteer.region}
    return render(request, "portal/directory.html", context)


@volunteer_page
def profile(request):
    volunteer = request.volunteer
    form = OwnDetailsForm(request.POST or None, instance=volunteer)

    def run(data):
        services.own_details_update(volunteer=volunteer, data=data)
        return _("Your details are saved.")

    def page(form, status):
        volunteer.refresh_from_db()
        context = {"title": _lazy("My details"), "form": form, "volunteer": volunteer}
        return render(request, "portal/profile.html", context, status=status)

    return form_action(request, form, run=run, done="portal:profile", page=page)


@volunteer_page
def step_back(request):
    """A request to pause or to stop: the consultant calls and takes it from there."""
    form = StepBackForm(request.POST or None)

    def run(data):
        services.callback_request(volunteer=request.volunteer, category=data["category"], message=data["message"])
        return _("Thank you. A consultant will call you to talk it through.")

    def page(form, status):
        return render(request, "portal/step_back.html", {"title": _lazy("Pause or stop"), "form": form}, status=status)

    return form_action(request, form, run=run, done="portal:home", page=page)


@volunteer_page
@shows_people
def expenses(request):
    volunteer = request.volunteer
    today = timezone.localdate()
    matches = selectors.match_views(volunteer, today)
    _audit_matches(request, matches)
    context = {
        "title": _lazy("Expenses"),
        "expenses": Expense.objects.for_user(request.user).order_by("-spent_on", "-pk"),
        "matches": matches,
        "can_claim": volunteer.matches.filter(status__in=CLAIMABLE_MATCH_STATUSES).exists(),
    }
    return render(request, "portal/expenses.html", context)


@volunteer_page
def expense_new(request):
    volunteer = request.volunteer
    matches = volunteer.matches.filter(status__in=CLAIMABLE_MATCH_STATUSES).order_by("pk")
    form = ExpenseForm(request.POST or None, request.FILES or None, matches=matches)

    def run(data):
        expense_services.expense_submit(
            volunteer=volunteer,
            match=data["match"],
            data=data,
            receipt=data["receipt"],
            receipt_type=form.receipt_type,
            today=timezone.localdate(),
        )
        return _("Thank you. Your consultant will look at the expense.")

    def page(form, status):
        context = {"title": _lazy("New expense"), "form": form, "max_mb": receipts.MAX_BYTES // (1024 * 1024)}
        return render(request, "portal/expense_form.html", context, status=status)

    return form_action(request, form, run=run, done="portal:expenses", page=page)


@volunteer_page
def receipt(request, expense_id):
    expense = get_in_scope(Expense.objects.for_user(request.user), pk=expense_id)
    return receipt_response(expense)


# --- Events: only the volunteer's own (invited, signed up or attended); others are 404 ---


@volunteer_page
def events(request):
    return _events_page(request)(ConfirmForm(), status=200)


@volunteer_page
@require_POST
def event_sign_up(request, own_event_id):
    event = get_in_scope(selectors.open_to(request.volunteer), pk=own_event_id)

    def run(data):
        signup = services.event_sign_up(volunteer=request.volunteer, event=event)
        if signup.is_waiting:
            return _("The event is full: you are number %(n)s on the waiting list.") % {"n": signup.waiting_position}
        return _("You are signed up.")

    return form_action(request, ConfirmForm(request.POST), run=run, done="portal:events", page=_events_page(request))


@volunteer_page
@require_POST
def event_cancel(request, own_event_id):
    event = get_in_scope(selectors.own_events(request.volunteer), pk=own_event_id)

    def run(data):
        services.event_cancel(volunteer=request.volunteer, event=event)
        return _("You are no longer signed up.")

    return form_action(request, ConfirmForm(request.POST), run=run, done="portal:events", page=_events_page(request))


def _events_page(request):
    """The events page, with a refused sign-up's or cancellation's reason on it (status 400)."""

    def page(form, status):
        coming, held = selectors.event_views(request.volunteer, timezone.localdate())
        context = {"title": _lazy("Events"), "coming": coming, "held": held, "problems": form.non_field_errors()}
        return render(request, "portal/events.html", context, status=status)

    return page


@volunteer_page
def event_calendar(request, own_event_id):
    event = get_in_scope(selectors.own_events(request.volunteer), pk=own_event_id)
    response = HttpResponse(calendar_event(event).to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="arrangement-{event.pk}.ics"'
    return response


@volunteer_page
def event_feedback(request, own_event_id):
    attendance = get_in_scope(
        Attendance.objects.filter(volunteer=request.volunteer).select_related("event"), event_id=own_event_id
    )
    existing = Feedback.objects.filter(attendance=attendance).first()
    initial = {"rating": existing.rating, "comment": existing.comment} if existing else None
    form = EventFeedbackForm(request.POST or None, initial=initial)

    def run(data):
        services.event_feedback(attendance=attendance, rating=data["rating"], comment=data["comment"])
        return _("Thank you for your feedback.")

    def page(form, status):
        context = {"title": _lazy("Feedback"), "form": form, "event": attendance.event}
        return render(request, "portal/event_feedback.html", context, status=status)

    return form_action(request, form, run=run, done="portal:events", page=page)


# --- Staff: a call-back request handled (shown on the today page) ---


@require_roles(*CASEWORK_ROLES)
@require_POST
def callback_handled(request, callback_id):
    callback = get_in_scope(CallbackRequest.objects.for_user(request.user), pk=callback_id)
    services.callback_handle(callback=callback, by=request.user)
    messages.success(request, _("Marked as handled."))
    return redirect("followups:today")
