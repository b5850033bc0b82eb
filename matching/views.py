from django.contrib import messages
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import get_in_scope, regions_for
from accounts.models import Role
from accounts.permissions import require_roles
from audit.decorators import shows_people
from audit.models import Action
from audit.services import audit_listed, audit_record, audit_view
from lib.ids import parse_id
from matches.services import MatchError
from referrals.models import Participant, ParticipantStatus
from volunteers.models import Volunteer

from . import selectors, services
from .forms import ConfigForm, ProposeForm, SuggestFilterForm, WhyNotForm
from .models import CRITERION_LABELS, ConfigChange, DecisionSource, MatchingConfig

CASEWORK = (Role.PROJECT_LEADER, Role.CONSULTANT)


def _today():
    return timezone.localdate()


@require_roles(*CASEWORK)
@shows_people
def index(request):
    regions = list(regions_for(request.user).order_by("name"))
    rows = [
        {"region": region, "waiting": list(selectors.waiting_participants(request.user, region)[:10])}
        for region in regions
    ]
    shown = [participant.pk for row in rows for participant in row["waiting"]]
    audit_listed(actor=request.user, target_type="referrals.participant", ids=shown, what="matching overview")
    return render(request, "matching/index.html", {"title": _("Matching"), "rows": rows})


@require_roles(*CASEWORK)
@shows_people
def suggest(request, participant_id):
    participant = get_in_scope(Participant.objects.for_user(request.user), pk=participant_id)
    audit_view(request.user, participant)
    filters = SuggestFilterForm(request.GET or None, languages=participant.languages or ())
    result = selectors.suggestions(request.user, participant, today=_today(), **filters.values())
    more_url = None
    if result["more"]:
        query = request.GET.copy()
        query["show"] = result["more"]
        more_url = f"?{query.urlencode()}"
    audit_listed(
        actor=request.user,
        target_type="volunteers.volunteer",
        ids=[shown.volunteer.pk for shown in result["candidates"]],
        what=f"suggested for participant {participant.pk}",
    )
    context = {
        "title": _("Find a volunteer"),
        "participant": participant,
        "waiting": participant.status == ParticipantStatus.WAITING,
        "filters": filters,
        "why_not_form": WhyNotForm(),
        "more_url": more_url,
        "posting_url": reverse("volunteers:posting_create", kwargs={"participant_id": participant.pk}),
        **result,
    }
    return render(request, "matching/suggest.html", context)


@require_roles(*CASEWORK)
@shows_people
def why_not(request, participant_id):
    """ "Why not Anne?": every hard constraint a named volunteer fails (an htmx partial, or a page).

    The name is posted (htmx or the plain form), never put in a URL; `?volunteer=<id>` may be a GET."""
    participant = get_in_scope(Participant.objects.for_user(request.user), pk=participant_id)
    audit_view(request.user, participant)
    form = WhyNotForm(request.POST if request.method == "POST" else None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    raw_id = request.GET.get("volunteer") or request.POST.get("volunteer")
    volunteer_id = parse_id(raw_id)
    if raw_id and volunteer_id is None:
        form = WhyNotForm({})
        form.is_valid()
        form.add_error(None, _("That is not a volunteer. Search by the volunteer's name."))
    results = selectors.why_not(request.user, participant, today=_today(), query=query, volunteer_id=volunteer_id)
    for shown in results:
        audit_record(actor=request.user, action=Action.VIEW, target=shown.volunteer, detail="why not")
    context = {
        "title": _("Why not this volunteer?"),
        "participant": participant,
        "results": results,
        "searched": bool(query or volunteer_id),
        "why_not_form": form,
        "waiting": participant.status == ParticipantStatus.WAITING,
    }
    template = "matching/_why_not.html" if request.htmx else "matching/why_not.html"
    return render(request, template, context, status=400 if form.non_field_errors() else 200)


@require_roles(*CASEWORK)
@shows_people
def propose(request, participant_id):
    participant = get_in_scope(Participant.objects.for_user(request.user), pk=participant_id)
    raw_id = request.POST.get("volunteer") or request.GET.get("volunteer")
    if not raw_id:
        return redirect("matching:suggest", participant_id=participant.pk)
    volunteer_id = parse_id(raw_id)
    if volunteer_id is None:
        raise Http404(_("That is not a volunteer."))
    volunteer = get_in_scope(Volunteer.objects.for_user(request.user), pk=volunteer_id, region=participant.region_id)
    source = request.POST.get("source") or request.GET.get("source")
    source = source if source in (DecisionSource.SUGGESTION, DecisionSource.VOLUNTEER) else DecisionSource.SUGGESTION
    ranking = selectors.rank_volunteer(participant, volunteer, today=_today())
    form = ProposeForm(request.POST or None, ranking=ranking)
    if request.method == "POST" and not ranking.chosen.proposable:
        # Refused whatever the reasons: say why, and keep what the consultant wrote.
        form.is_valid()
        form.add_error(None, services.refusal_text(ranking))
    elif request.method == "POST" and form.is_valid():
        try:
            match = services.proposal_create(
                participant=participant,
                volunteer=volunteer,
                by=request.user,
                on=_today(),
                reason=form.cleaned_data["reason"],
                override_reason=form.cleaned_data.get("override_reason", ""),
                ranking=ranking,
                source=source,
            )
        except MatchError as error:
            form.add_error(None, " ".join(error.messages))  # the entered reasons stay in the form
        else:
            messages.success(request, _("The match is proposed. Plan the match meeting next."))
            return redirect("matches:detail", match_id=match.pk)
    audit_view(request.user, participant)
    audit_view(request.user, volunteer)
    context = {
        "title": _("Propose a match"),
        "participant": participant,
        "volunteer": volunteer,
        "ranking": ranking,
        "form": form,
        "source": source,
        "waiting": participant.status == ParticipantStatus.WAITING,
    }
    return render(request, "matching/propose.html", context)


@require_roles(*CASEWORK)
@shows_people
def suggest_participants(request, volunteer_id):
    volunteer = get_in_scope(Volunteer.objects.for_user(request.user), pk=volunteer_id)
    audit_view(request.user, volunteer)
    result = selectors.suggestions_for_volunteer(request.user, volunteer, today=_today())
    audit_listed(
        actor=request.user,
        target_type="referrals.participant",
        ids=[shown.participant.pk for shown in result["candidates"]],
        what=f"suggested for volunteer {volunteer.pk}",
    )
    context = {"title": _("Find a participant"), "volunteer": volunteer, **result}
    return render(request, "matching/suggest_participants.html", context)


def _rejected_key(region) -> str:
    return f"matching_batch_rejected_{region.slug}"


@require_roles(*CASEWORK)
@shows_people
def batch(request, region):
    region = get_in_scope(regions_for(request.user), slug=region)
    rejected = {tuple(pair) for pair in request.session.get(_rejected_key(region), [])}
    result = selectors.batch(request.user, region, today=_today(), rejected=rejected)
    what = f"batch {region.slug}"
    shown_participants = [shown.participant.pk for shown in result["pairs"]] + [p.pk for p in result["unpaired"]]
    audit_listed(actor=request.user, target_type="referrals.participant", ids=shown_participants, what=what)
    audit_listed(
        actor=request.user,
        target_type="volunteers.volunteer",
        ids=[shown.volunteer.pk for shown in result["pairs"]],
        what=what,
    )
    context = {"title": _("Batch proposal"), "region": region, "rejected_count": len(rejected), **result}
    return render(request, "matching/batch.html", context)


@require_roles(*CASEWORK)
@require_POST
def batch_accept(request, region):
    region = get_in_scope(regions_for(request.user), slug=region)
    participant_id, volunteer_id = parse_id(request.POST.get("participant")), parse_id(request.POST.get("volunteer"))
    if participant_id is None or volunteer_id is None:
        messages.error(request, _("Choose a pair to accept."))
        return redirect("matching:batch", region=region.slug)
    participant = get_in_scope(Participant.objects.for_user(request.user), pk=participant_id, region=region)
    volunteer = get_in_scope(Volunteer.objects.for_user(request.user), pk=volunteer_id, region=region)
    ranking = selectors.rank_volunteer(participant, volunteer, today=_today())
    # Not a form field, so no Django validator drops NUL bytes (PostgreSQL refuses them in text).
    reason = request.POST.get("reason", "").replace("\x00", "").strip()[:2000] or _("Accepted from the batch proposal.")
    services.proposal_create(
        participant=participant,
        volunteer=volunteer,
        by=request.user,
        on=_today(),
        reason=reason,
        ranking=ranking,
        source=DecisionSource.BATCH,
    )
    messages.success(request, _("The match is proposed. The batch proposal was computed again."))
    return redirect("matching:batch", region=region.slug)


@require_roles(*CASEWORK)
@require_POST
def batch_reject(request, region):
    """Leave a pair out of this user's batch proposal (kept in the session); or start over."""
    region = get_in_scope(regions_for(request.user), slug=region)
    key = _rejected_key(region)
    if "clear" in request.POST:
        request.session.pop(key, None)
        messages.success(request, _("All rejected pairs are back in the proposal."))
    else:
        pair = [parse_id(request.POST.get("participant")), parse_id(request.POST.get("volunteer"))]
        if None in pair:
            messages.error(request, _("Choose a pair to reject."))
        else:
            request.session[key] = [*request.session.get(key, []), pair]
            messages.success(request, _("The pair is left out; the batch proposal was computed again."))
    return redirect("matching:batch", region=region.slug)


def _history(region) -> list[dict]:
    labels = {f"weight_{c}": label for c, label in CRITERION_LABELS.items()}
    labels.update({"max_distance_km": _("Maximum distance (km)"), "threshold": _("Threshold")})
    changes = ConfigChange.objects.filter(config__region=region).select_related("changed_by")[:50]
    return [
        {
            "change": change,
            "items": [
                {"label": labels.get(key, key), "old": old, "new": new} for key, (old, new) in change.changes.items()
            ],
        }
        for change in changes
    ]


@require_roles(Role.PROJECT_LEADER)
def config(request, region):
    region = get_in_scope(regions_for(request.user), slug=region)
    instance = MatchingConfig.objects.filter(region=region).first() or MatchingConfig(region=region)
    form = ConfigForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        values = {key: form.cleaned_data[key] for key in MatchingConfig.KEYS}
        change = services.config_update(region=region, by=request.user, values=values)
        if change is None:
            messages.info(request, _("Nothing was changed."))
        else:
            messages.success(request, _("The configuration is saved and the change is logged."))
        return redirect("matching:config", region=region.slug)
    context = {
        "title": _("Matching configuration"),
        "region": region,
        "form": form,
        "history": _history(region),
        "regions": regions_for(request.user).order_by("name"),
    }
    return render(request, "matching/config.html", context)


INSIGHTS_SECONDS = 3600


@require_roles(*CASEWORK)
def insights(request):
    regions = list(regions_for(request.user).order_by("name"))
    chosen = next((r for r in regions if r.slug == request.GET.get("region")), None)
    # Classifying every evaluable match of the country takes seconds at national scale; the
    # figures move only when a six-month assessment is recorded, so an hour-old answer will do.
    key = ":".join(
        [
            "matching-insights",
            ",".join(str(r.pk) for r in regions),
            str(chosen.pk if chosen else ""),
            _today().isoformat(),
            get_language() or "",
        ]
    )
    result = cache.get(key)
    if result is None:
        result = selectors.insights(request.user, today=_today(), region=chosen)
        cache.set(key, result, INSIGHTS_SECONDS)
    context = {
        "title": _("What makes a good match here"),
        "regions": regions,
        "chosen": chosen,
        "min_cell": selectors.MIN_CELL,
        **result,
    }
    return render(request, "matching/insights.html", context)
