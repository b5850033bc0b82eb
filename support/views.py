from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.access import get_in_scope, regions_for
from accounts.models import CASEWORK_ROLES
from accounts.permissions import require_roles
from audit.decorators import shows_people
from audit.services import audit_view
from lib.views import form_action
from volunteers.models import Volunteer

from . import services
from .forms import PlaceForm, RequirementRecordForm, SupervisionForm, SupervisionUpdateForm
from .models import PlaceCategory, ReferralPlace, SupervisionRequest, SupervisionSource


def _casework_volunteer(user, volunteer_id) -> Volunteer:
    # Supervision and requirements are casework: consultants' regions, the leader all.
    scope = Volunteer.objects.for_user(user) if user.role in CASEWORK_ROLES else Volunteer.objects.none()
    return get_in_scope(scope, pk=volunteer_id)


def _volunteer_url(volunteer) -> str:
    return reverse("volunteers:detail", kwargs={"volunteer_id": volunteer.pk})


# --- Supervision ---------------------------------------------------------------------------


@require_roles(*CASEWORK_ROLES)
@shows_people
def supervision_create(request, volunteer_id):
    volunteer = _casework_volunteer(request.user, volunteer_id)
    if request.method == "GET":
        audit_view(request.user, volunteer)
    form = SupervisionForm(request.POST or None)

    def run(data):
        source = SupervisionSource.VOLUNTEER if data["asked_by_volunteer"] else SupervisionSource.CONSULTANT
        services.supervision_request(
            volunteer=volunteer,
            by=request.user,
            requested_on=data["requested_on"],
            reason=data["reason"],
            note=data["note"],
            source=source,
        )
        return _("The supervision request is recorded.")

    def page(form, status):
        context = {"title": _lazy("Supervision request"), "volunteer": volunteer, "form": form, "supervision": None}
        return render(request, "support/supervision_form.html", context, status=status)

    return form_action(request, form, run=run, done=_volunteer_url(volunteer), page=page)


@require_roles(*CASEWORK_ROLES)
@shows_people
def supervision_edit(request, supervision_id):
    supervision = get_in_scope(
        SupervisionRequest.objects.for_user(request.user).select_related("volunteer"), pk=supervision_id
    )
    volunteer = supervision.volunteer
    if request.method == "GET":
        audit_view(request.user, volunteer)
    form = SupervisionUpdateForm.for_request(request.POST or None, supervision)

    def run(data):
        services.supervision_update(request=supervision, by=request.user, **data)
        return _("The supervision is saved.")

    def page(form, status):
        context = {"title": _lazy("Supervision"), "volunteer": volunteer, "form": form, "supervision": supervision}
        return render(request, "support/supervision_form.html", context, status=status)

    return form_action(request, form, run=run, done=_volunteer_url(volunteer), page=page)


# --- Requirements --------------------------------------------------------------------------


@require_roles(*CASEWORK_ROLES)
@shows_people
def requirement_record(request, volunteer_id):
    volunteer = _casework_volunteer(request.user, volunteer_id)
    if request.method == "GET":
        audit_view(request.user, volunteer)
    form = RequirementRecordForm(request.POST or None, initial={"requirement": request.GET.get("requirement")})

    def run(data):
        services.requirement_record(
            volunteer=volunteer, requirement=data["requirement"], by=request.user, met_on=data["met_on"]
        )
        return _("The requirement is recorded.")

    def page(form, status):
        context = {"title": _lazy("Record a requirement"), "volunteer": volunteer, "form": form}
        return render(request, "support/requirement_form.html", context, status=status)

    return form_action(request, form, run=run, done=_volunteer_url(volunteer), page=page)


# --- Directory -----------------------------------------------------------------------------


@require_roles(*CASEWORK_ROLES)
def places(request):
    """The directory: the national places and those of the user's regions, one region at a time."""
    regions = list(regions_for(request.user).order_by("name"))
    region = next((r for r in regions if r.slug == request.GET.get("region")), None)
    shown = ReferralPlace.objects.for_user(request.user).select_related("region")
    shown = shown.for_region(region) if region else shown.filter(active=True)
    names = dict(PlaceCategory.choices)
    groups: dict[str, list] = {}
    for place in shown.order_by("category", "name"):
        groups.setdefault(place.category, []).append(place)
    context = {
        "title": _lazy("Where to refer"),
        "regions": regions,
        "region": region,
        "groups": [{"label": names.get(code, code), "places": items} for code, items in groups.items()],
        "retired": ReferralPlace.objects.for_user(request.user).filter(active=False).order_by("name"),
    }
    return render(request, "support/places.html", context)


def _place_page(request, place: ReferralPlace | None):
    form = PlaceForm(request.POST or None, instance=place, user=request.user)

    def run(data):
        services.place_save(place=place, by=request.user, **data)
        return _("The place is saved.")

    def page(form, status):
        context = {"title": _lazy("Edit place") if place else _lazy("New place"), "form": form, "place": place}
        return render(request, "support/place_form.html", context, status=status)

    return form_action(request, form, run=run, done=reverse("support:places"), page=page)


@require_roles(*CASEWORK_ROLES)
def place_create(request):
    return _place_page(request, None)


@require_roles(*CASEWORK_ROLES)
def place_edit(request, place_id):
    return _place_page(request, get_in_scope(ReferralPlace.objects.for_user(request.user), pk=place_id))
