from django.contrib import messages
from django.core.cache import cache
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import get_in_scope, regions_for
from accounts.models import CASEWORK_ROLES, Role
from accounts.permissions import require_roles
from accounts.selectors import contact_consultants
from audit.decorators import shows_people
from audit.services import audit_listed, audit_view
from lib import geo
from lib.choices import Gender, Need, translated
from lib.lists import filter_data, page_of, paging_context, sort, url_with_id
from lib.views import form_action
from regions.models import Region, TreatmentCentre

from . import selectors, services
from .filters import ReferralFilter, WaitingListFilter
from .forms import AcceptForm, DeclineForm, NoteForm, ReacceptForm, ReferralForm, RequestInfoForm, WithdrawForm
from .models import Participant, ParticipantStatus

S = ParticipantStatus
REFERRING_ROLES = (Role.PROJECT_LEADER, Role.CONSULTANT, Role.SOCIAL_WORKER)
PAGE_SIZE = 50
REFERRAL_COLUMNS = {
    "reference": ("reference",),
    "name": ("first_name", "last_name"),
    "centre": ("treatment_centre__name",),
    "status": ("status",),
    "referred": ("referred_on",),
    "accepted": ("accepted_on",),
    "waiting": ("waiting_since",),
    "matched": ("matched_on",),
    "meeting": ("meeting_on",),
    "ended": ("ended_on",),
}
WAITING_COLUMNS = {
    "participant": ("first_name", "last_name"),
    "waited": ("-waiting_since",),
    "centre": ("treatment_centre__name",),
}


def _is_staff(user) -> bool:
    return user.role in CASEWORK_ROLES


def _centres_for(user):
    """Centres a user may register a referral for, or None for a social worker (their own centre)."""
    if user.role == Role.SOCIAL_WORKER:
        return None
    centres = TreatmentCentre.objects.select_related("region").filter(active=True)
    if user.role == Role.PROJECT_LEADER:
        return centres
    return centres.filter(region__in=user.regions.all())


@require_roles(*REFERRING_ROLES)
@shows_people
def referral_list(request):
    user = request.user
    data = filter_data(request)
    referrals = selectors.referral_list(Participant.objects.for_user(user))
    referral_filter = None
    if _is_staff(user):
        centres = TreatmentCentre.objects.filter(region__in=regions_for(user))
        referral_filter = ReferralFilter(data, queryset=referrals, centres=centres)
        referrals = referral_filter.qs
    referrals, sorting = sort(
        referrals,
        data,
        REFERRAL_COLUMNS,
        form="referral-filter" if referral_filter and request.method == "POST" else None,
    )
    page = page_of(referrals, data.get("page"), PAGE_SIZE)
    duplicates = (
        selectors.duplicate_flags(page.object_list, Participant.objects.for_user(user)) if _is_staff(user) else {}
    )
    statuses, detail_url = translated(S), url_with_id("referrals:detail", "participant_id")
    for participant in page.object_list:
        participant.duplicate = duplicates.get(participant.pk)
        participant.status_label = statuses.get(participant.status, participant.status)
        participant.detail_url = detail_url(participant.pk)
    audit_listed(actor=user, target_type="referrals.participant", ids=[p.pk for p in page], what="referral list")
    context = {
        "title": _("Referrals"),
        "page": page,
        "filter": referral_filter,
        "is_staff": _is_staff(user),
        "duplicates": duplicates,
        "contacts": contact_consultants(user),
        "sorting": sorting,
        **paging_context(request, data),
    }
    return render(request, "referrals/list.html", context)


@require_roles(*REFERRING_ROLES)
def referral_create(request):
    user = request.user
    centres = _centres_for(user)
    form = ReferralForm(request.POST or None, centres=centres)
    if request.method == "POST" and form.is_valid():
        centre = form.cleaned_data["treatment_centre"] if centres is not None else user.treatment_centre
        participant = services.participant_refer(
            data=form.referral_data(), centre=centre, by=user, on=timezone.localdate()
        )
        messages.success(
            request,
            _("The referral is registered with reference %(reference)s.") % {"reference": participant.reference},
        )
        if _is_staff(user) and selectors.possible_duplicates(participant).exists():
            messages.warning(request, _("Possible duplicate: see the list of similar participants below."))
        return redirect("referrals:detail", participant_id=participant.pk)
    context = {"title": _("New referral"), "form": form, "is_staff": _is_staff(user)}
    return render(request, "referrals/form.html", context)


def _detail_context(request, participant, **forms) -> dict:
    user = request.user
    staff = _is_staff(user)
    context = {
        "title": participant.reference,
        "participant": participant,
        "is_staff": staff,
        "history": participant.status_changes.select_related("by"),
        "matches": participant.matches.for_user(user).order_by("-proposed_on", "-pk"),
        "days_waiting": participant.days_waiting(timezone.localdate()) if participant.status == S.WAITING else None,
        "can_edit": staff or participant.awaiting_triage,
        "postcode_place": getattr(geo.lookup(participant.postcode), "place", ""),
        "info_request": participant.status_changes.filter(to_status=S.INFO_REQUESTED).order_by("-on", "-pk").first()
        if participant.status == S.INFO_REQUESTED
        else None,
    }
    if staff:
        duplicates, duplicate_elsewhere = selectors.duplicates_seen_by(participant, Participant.objects.for_user(user))
        context.update(
            {
                "notes": participant.notes.select_related("author"),
                "note_form": forms.get("note_form") or NoteForm(),
                "duplicates": duplicates,
                "duplicate_elsewhere": duplicate_elsewhere,
            }
        )
        if participant.awaiting_triage:
            context["accept_form"] = forms.get("accept_form") or AcceptForm(participant=participant)
            context["decline_form"] = forms.get("decline_form") or DeclineForm(participant=participant)
            if participant.can_transition(S.INFO_REQUESTED):
                context["request_info_form"] = forms.get("request_info_form") or RequestInfoForm(
                    participant=participant
                )
        if participant.status == S.WITHDRAWN:
            context["reaccept_form"] = forms.get("reaccept_form") or ReacceptForm(participant=participant)
    context["can_withdraw"] = participant.awaiting_triage if not staff else participant.can_withdraw
    context["contacts"] = contact_consultants(user)
    return context


@require_roles(*REFERRING_ROLES)
@shows_people
def referral_detail(request, participant_id):
    participant = get_in_scope(Participant.objects.for_user(request.user), pk=participant_id)
    audit_view(request.user, participant)
    template = "referrals/detail.html" if _is_staff(request.user) else "referrals/detail_referrer.html"
    return render(request, template, _detail_context(request, participant))


@require_roles(*REFERRING_ROLES)
@shows_people
def referral_edit(request, participant_id):
    user = request.user
    participant = get_in_scope(Participant.objects.for_user(user), pk=participant_id)
    if not _is_staff(user) and not participant.awaiting_triage:
        messages.error(request, _("The referral has been triaged; contact the consultant to change it."))
        return redirect("referrals:detail", participant_id=participant.pk)
    form = ReferralForm(request.POST or None, instance=participant)
    if request.method == "POST" and form.is_valid():
        services.participant_update(
            participant=participant, data=form.referral_data(), by=user, on=timezone.localdate()
        )
        messages.success(request, _("The referral is saved."))
        return redirect("referrals:detail", participant_id=participant.pk)
    audit_view(user, participant)  # the form shows the personal data (also when re-shown with errors)
    context = {
        "title": _("Edit referral %(reference)s") % {"reference": participant.reference},
        "form": form,
        "participant": participant,
        "is_staff": _is_staff(user),
    }
    return render(request, "referrals/form.html", context)


def _detail_url(participant) -> str:
    return reverse("referrals:detail", kwargs={"participant_id": participant.pk})


def _on_detail_page(request, participant, form, form_key, run):
    """An action whose form sits on the participant's page (`lib.views.form_action`)."""

    def page(form, status):
        return render(
            request, "referrals/detail.html", _detail_context(request, participant, **{form_key: form}), status=status
        )

    return form_action(request, form, run=run, done=_detail_url(participant), page=page)


def _triage(request, participant_id, form_class, form_key, action):
    """One triage step, on the participant's page."""
    participant = get_in_scope(Participant.objects.for_user(request.user), pk=participant_id)
    if request.method != "POST":
        return redirect("referrals:detail", participant_id=participant.pk)
    if not participant.awaiting_triage:
        messages.error(request, _("The referral has already been triaged."))
        return redirect("referrals:detail", participant_id=participant.pk)
    form = form_class(request.POST, participant=participant)
    return _on_detail_page(request, participant, form, form_key, lambda data: action(participant, data))


@require_roles(*CASEWORK_ROLES)
def referral_accept(request, participant_id):
    def action(participant, data):
        services.participant_accept(
            participant=participant, by=request.user, on=data["on"], priority=data["priority"], reason=data["reason"]
        )
        return _("Accepted onto the waiting list.")

    return _triage(request, participant_id, AcceptForm, "accept_form", action)


@require_roles(*CASEWORK_ROLES)
def referral_request_info(request, participant_id):
    def action(participant, data):
        services.participant_request_info(
            participant=participant, by=request.user, on=data["on"], message=data["message"]
        )
        return _("The social worker has been asked for more information.")

    return _triage(request, participant_id, RequestInfoForm, "request_info_form", action)


@require_roles(*CASEWORK_ROLES)
def referral_decline(request, participant_id):
    def action(participant, data):
        services.participant_decline(participant=participant, by=request.user, on=data["on"], reason=data["reason"])
        return _("The referral is declined.")

    return _triage(request, participant_id, DeclineForm, "decline_form", action)


@require_roles(*REFERRING_ROLES)
def referral_withdraw(request, participant_id):
    """A page of its own, so that taking someone off is a deliberate step: reason, date, confirm."""
    user = request.user
    participant = get_in_scope(Participant.objects.for_user(user), pk=participant_id)
    allowed = participant.awaiting_triage if user.role == Role.SOCIAL_WORKER else participant.can_withdraw
    if not allowed:
        messages.error(request, _("This person cannot be withdrawn now."))
        return redirect("referrals:detail", participant_id=participant.pk)

    def run(data):
        services.participant_withdraw(
            participant=participant, by=user, on=data["on"], reason=data["reason"], comment=data["comment"]
        )
        return _("Withdrawn. The person can be accepted again later.")

    def page(form, status):
        context = {
            "title": _("Withdraw %(reference)s") % {"reference": participant.reference},
            "participant": participant,
            "form": form,
        }
        return render(request, "referrals/withdraw.html", context, status=status)

    form = WithdrawForm(request.POST or None, participant=participant)
    return form_action(request, form, run=run, done=_detail_url(participant), page=page)


@require_roles(*CASEWORK_ROLES)
@require_POST
def referral_reaccept(request, participant_id):
    participant = get_in_scope(Participant.objects.for_user(request.user), pk=participant_id)

    def run(data):
        services.participant_reaccept(
            participant=participant, by=request.user, on=data["on"], priority=data["priority"]
        )
        return _("Accepted onto the waiting list.")

    form = ReacceptForm(request.POST, participant=participant)
    return _on_detail_page(request, participant, form, "reaccept_form", run)


@require_roles(*CASEWORK_ROLES)
@require_POST
def note_add(request, participant_id):
    participant = get_in_scope(Participant.objects.for_user(request.user), pk=participant_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.participant_note_add(participant=participant, by=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("The note is saved."))
        return redirect("referrals:detail", participant_id=participant.pk)
    context = _detail_context(request, participant, note_form=form)
    return render(request, "referrals/detail.html", context, status=400)


def _waiting_regions(user):
    if user.role == Role.PROJECT_LEADER:
        return Region.objects.filter(Q(active=True) | Q(participants__status=S.WAITING)).distinct()
    return user.regions.all()


# The waiting list's card of waiting times (all of the region's history) is kept this long: it
# changes only as matches start, and computing it reads every accepted participant of the region.
WAITING_TIMES_SECONDS = 600


def _region_waiting_times(region, today):
    return cache.get_or_set(
        f"waiting-times:{region.pk}:{today.isoformat()}",
        lambda: selectors.waiting_times(region=region).get(region.slug),
        WAITING_TIMES_SECONDS,
    )


@require_roles(*CASEWORK_ROLES)
@shows_people
def waiting_list(request):
    user = request.user
    today = timezone.localdate()
    data = filter_data(request)
    regions = list(_waiting_regions(user))
    region = next((r for r in regions if r.slug == data.get("region")), regions[0] if regions else None)
    participants = (
        Participant.objects.for_user(user).filter(region=region)
        if region
        else Participant.objects.for_user(user).none()
    )
    base = selectors.waiting_list(participants)
    languages = {code for codes in base.values_list("languages", flat=True) for code in codes or ()}
    waiting_filter = WaitingListFilter(
        data,
        queryset=base,
        centres=TreatmentCentre.objects.filter(region=region),
        languages=languages,
        today=today,
    )
    waiting, sorting = sort(
        waiting_filter.qs, data, WAITING_COLUMNS, form="waiting-filter" if request.method == "POST" else None
    )
    page = page_of(waiting, data.get("page"), PAGE_SIZE)
    detail_url = url_with_id("referrals:detail", "participant_id")
    suggest_url = url_with_id("matching:suggest", "participant_id")
    genders, needs = translated(Gender), translated(Need)
    for participant in page.object_list:
        participant.waited = participant.days_waiting(today)
        participant.place = getattr(geo.lookup(participant.postcode), "place", "")
        participant.detail_url, participant.suggest_url = detail_url(participant.pk), suggest_url(participant.pk)
        participant.gender_label = genders.get(participant.gender, participant.gender)
        participant.wished_gender_label = genders.get(
            participant.wished_volunteer_gender, participant.wished_volunteer_gender
        )
        participant.need_names = [needs.get(code, code) for code in participant.needs or ()]
    audit_listed(actor=user, target_type="referrals.participant", ids=[p.pk for p in page], what="waiting list")
    filtered = any(value.strip() for name in waiting_filter.filters for value in data.getlist(name))
    context = {
        "title": _("Waiting list"),
        "regions": regions,
        "region": region,
        "filter": waiting_filter,
        "page": page,
        "filtered": filtered,
        "sorting": sorting,
        "stats": _region_waiting_times(region, today) if region else None,
        **paging_context(request, data),
    }
    return render(request, "referrals/waiting.html", context)
