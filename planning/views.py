from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import get_in_scope, regions_for
from accounts.models import Role
from accounts.permissions import require_roles
from lib import geo
from lib.views import form_action
from referrals.models import Participant

from . import profiles, selectors, services, svg
from .estimate import MIN_MATCHES
from .forms import GapCampaignForm

CASEWORK = (Role.PROJECT_LEADER, Role.CONSULTANT)


def _today():
    return timezone.localdate()


@require_roles(*CASEWORK)
def index(request):
    """Waiting-time estimates per region and group, their back-test, waiting times per centre."""
    plans = selectors.region_plans(regions_for(request.user), today=_today())
    for plan in plans:
        plan.rows = [(profiles.label(key), e) for key, e in plan.estimates.items()]
    context = {"title": _("Planning"), "plans": plans, "min_matches": MIN_MATCHES}
    return render(request, "planning/index.html", context)


def _needs_context(request, form=None) -> dict:
    regions = {r.slug: r for r in regions_for(request.user).order_by("name")}
    found = selectors.area_gaps(regions_for(request.user), today=_today())
    places = geo.municipalities()
    region_rows, rows = [], []
    for areas in found.values():
        for area in areas:
            (rows if area.municipality else region_rows).append(area)
    region_rows.sort(key=lambda a: (-a.gap, -a.without, regions[a.region].name))
    rows.sort(key=lambda a: a.sort_key)
    actions = {slug: reverse("planning:campaign_start", kwargs={"region": slug}) for slug in regions}
    table, points = [], []
    for rank, area in enumerate(rows, start=1):
        needs = [(profiles.label(n.key), n) for n in area.needs]
        table.append(
            {"rank": rank, "area": area, "region": regions[area.region], "needs": needs, "action": actions[area.region]}
        )
        place = places.get(area.municipality)
        if place:
            title = _("%(place)s: %(waiting)s waiting, %(places)s free places within reach, %(gap)s missing") % {
                "place": area.municipality,
                "waiting": area.waiting,
                "places": area.places,
                "gap": area.gap,
            }
            points.append(svg.Point(area.municipality, place.lat, place.lon, area.gap, rank, title))
    effects = selectors.campaign_effects(regions_for(request.user))
    for effect in effects:
        effect.label = profiles.label(effect.link.need)
    return {
        "title": _("Where volunteers are needed"),
        "regions": [
            {
                "area": a,
                "region": regions[a.region],
                "needs": [(profiles.label(n.key), n) for n in a.needs],
                "action": actions[a.region],
            }
            for a in region_rows
        ],
        "rows": table,
        "map": mark_safe(  # noqa: S308 (svg.py escapes every text)
            svg.map_svg(
                points,
                label=_("Map of Denmark: municipalities sized by the gap"),
                outline=[(m.lat, m.lon) for m in places.values()],
            )
        ),
        "effects": effects,
        "form": form,
    }


@require_roles(*CASEWORK)
def needs(request):
    return render(request, "planning/needs.html", _needs_context(request))


@require_roles(*CASEWORK)
@require_POST
def campaign_start(request, region):
    """From a gap, a campaign draft linked to it; then the campaign's own form to finish it."""
    chosen = get_in_scope(regions_for(request.user), slug=region)
    form = GapCampaignForm(request.POST)
    started = {}

    def run(data):
        started["link"] = services.gap_campaign_start(
            region=chosen, municipality=data["municipality"], need=data["need"], by=request.user, today=_today()
        )
        return _("A campaign draft is made from the gap. Finish it and save.")

    def page(form, status):
        return render(request, "planning/needs.html", _needs_context(request, form), status=status)

    response = form_action(request, form, run=run, done="planning:needs", page=page)
    if started:  # on to the campaign's own form (form_action knew no campaign yet)
        return redirect("volunteers:campaign_edit", campaign_id=started["link"].campaign_id)
    return response


@require_roles(Role.PROJECT_LEADER, Role.CONSULTANT, Role.SOCIAL_WORKER)
def participant_estimate(request, participant_id):
    """The expected wait for someone like this participant: into the referral page by htmx."""
    participant = get_in_scope(Participant.objects.for_user(request.user), pk=participant_id)
    rows = [(profiles.label(key), e) for key, e in selectors.participant_estimates(participant, today=_today())]
    context = {"participant": participant, "rows": rows, "min_matches": MIN_MATCHES}
    if request.htmx:
        return render(request, "planning/_participant_estimate.html", context)
    return render(request, "planning/participant_estimate.html", {**context, "title": _("Expected waiting time")})


@require_roles(*CASEWORK)
def region_estimate(request, region):
    """The region's estimate and its waiting times per centre: into the waiting list by htmx."""
    chosen = get_in_scope(regions_for(request.user), slug=region)
    scope = regions_for(request.user).filter(pk=chosen.pk)
    plan = selectors.region_plans(scope, today=_today(), with_backtest=False)[0]
    rows = [(profiles.label(key), e) for key, e in plan.estimates.items()]
    context = {"plan": plan, "rows": rows, "min_matches": MIN_MATCHES}
    if request.htmx:
        return render(request, "planning/_region_estimate.html", context)
    return render(request, "planning/region_estimate.html", {**context, "title": _("Expected waiting time")})
