"""Read rules for planning: the flow behind the waiting-time estimates (a constant number of queries).

Waiting time has one definition, `referrals.selectors.first_meetings` / `waiting_times`:
acceptance to the first match meeting. A spell also ends when the participant is withdrawn from
the list without a meeting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, QuerySet

from lib import geo
from matching import engine
from matching.loading import needed_language, to_participant, to_volunteer, with_open_matches
from matching.models import DEFAULT_MAX_DISTANCE_KM, DEFAULT_THRESHOLD, MatchingConfig
from referrals.models import Participant, ParticipantStatus, ParticipantStatusChange
from referrals.selectors import WaitingTimes, first_meetings, summarise_waits
from regions.models import Region, TreatmentCentre
from volunteers.models import Volunteer, VolunteerStatus

from . import gaps, profiles
from .estimate import Backtest, Estimate, Flow, Spell, backtest, estimate
from .gaps import Area
from .models import GapCampaign

LEAVING = (ParticipantStatus.WITHDRAWN, ParticipantStatus.DECLINED)


@dataclass(frozen=True)
class Spelled:
    spell: Spell
    region: str  # slug
    centre_id: int | None
    keys: tuple[str, ...]


def participant_keys(participant) -> list[str]:
    """`participant`: a Participant, or anything with its languages, danish_level,
    needs_interpreter, wished_volunteer_gender and heavy_case."""
    language = None if participant.needs_interpreter else needed_language(participant)
    return profiles.keys_for(
        wished_gender=participant.wished_volunteer_gender or None, language=language, heavy=participant.heavy_case
    )


PROFILE_FIELDS = ("languages", "danish_level", "needs_interpreter", "wished_volunteer_gender", "heavy_case")


@dataclass(frozen=True)
class _Profile:
    """The fields of a participant that decide their groups (rows, not model instances: fast)."""

    languages: list
    danish_level: str
    needs_interpreter: bool
    wished_volunteer_gender: str
    heavy_case: bool

    @property
    def mother_tongue(self) -> str | None:
        return self.languages[0] if self.languages else None


def spells(regions: QuerySet[Region]) -> list[Spelled]:
    """Every accepted participant of `regions` as a spell with its groups. Three queries.

    A spell ends at the first match meeting, or at the first withdrawal for those withdrawn or
    declined now."""
    accepted = Participant.objects.filter(region__in=regions, accepted_on__isnull=False)
    rows = accepted.values_list("pk", "accepted_on", "region__slug", "treatment_centre_id", "status", *PROFILE_FIELDS)
    started = first_meetings(accepted)
    left: dict[int, date] = {}
    changes = ParticipantStatusChange.objects.filter(participant__in=accepted, to_status__in=LEAVING)
    for participant_id, on in changes.values_list("participant_id", "on").order_by("on"):
        left.setdefault(participant_id, on)
    found = []
    for pk, accepted_on, slug, centre_id, status, *profile in rows:
        start = started.get(pk, (None, None))[1]
        # Only those still off the list have left it: one accepted again waits on (as in waiting_times).
        gone = left.get(pk) if status in LEAVING else None
        spell = Spell(
            accepted_on=accepted_on,
            started_on=start,
            left_on=gone if gone and gone >= accepted_on and (start is None or gone < start) else None,
        )
        keys = participant_keys(_Profile(profile[0] or [], *profile[1:]))
        found.append(Spelled(spell, slug, centre_id, tuple(keys)))
    return found


@dataclass
class RegionPlan:
    region: Region
    estimates: dict[str, Estimate] = field(default_factory=dict)  # group key → estimate
    backtest: Backtest | None = None
    waits: WaitingTimes | None = None
    centre_waits: list[tuple[TreatmentCentre, WaitingTimes]] = field(default_factory=list)


def _flows(found: list[Spelled], region: str) -> dict[str, Flow]:
    groups: dict[str, list[Spell]] = {}
    for s in found:
        if s.region == region:
            for key in s.keys:
                groups.setdefault(key, []).append(s.spell)
    return {key: Flow(items) for key, items in groups.items()}


def region_plans(regions: QuerySet[Region], *, today: date, with_backtest: bool = True) -> list[RegionPlan]:
    """Per region: the estimate for a new referral (everyone and each group), the back-test of the
    region-wide estimate, and the waiting times per region and per centre (all first meetings)."""
    regions = list(regions.order_by("name"))
    found = spells(Region.objects.filter(pk__in=[r.pk for r in regions]))
    centres = {c.pk: c for c in TreatmentCentre.objects.filter(region__in=regions)}
    plans = []
    for region in regions:
        flows = _flows(found, region.slug)
        plan = RegionPlan(region=region)
        for key in profiles.ordered(flows):
            plan.estimates[key] = estimate(flows[key], on=today)
        if profiles.ALL not in plan.estimates:
            plan.estimates[profiles.ALL] = estimate(Flow(()), on=today)
        if with_backtest:
            plan.backtest = backtest(flows.get(profiles.ALL, Flow(())), today=today)
        mine = [s for s in found if s.region == region.slug and s.spell.wait_days() is not None]
        plan.waits = summarise_waits([s.spell.wait_days() for s in mine])
        by_centre: dict[int, list[int]] = {}
        for s in mine:
            if s.centre_id in centres:
                by_centre.setdefault(s.centre_id, []).append(s.spell.wait_days())
        plan.centre_waits = sorted(
            ((centres[pk], summarise_waits(days)) for pk, days in by_centre.items()), key=lambda row: row[0].name
        )
        plans.append(plan)
    return plans


def participant_estimates(participant: Participant, *, today: date) -> list[tuple[str, Estimate]]:
    """The estimate for someone like this participant: the region's, then each group they belong to."""
    found = spells(Region.objects.filter(pk=participant.region_id))
    flows = _flows(found, participant.region.slug)
    keys = participant_keys(participant)
    return [(key, estimate(flows.get(key, Flow(())), on=today)) for key in keys]


# --- Where volunteers are needed ---


def _config(saved: MatchingConfig | None, *, today: date) -> engine.Config:
    """The region's configuration as matching.loading.config_for reads it, for many regions at once."""
    if saved is None:
        return engine.Config(
            current_year=today.year, max_distance_km=float(DEFAULT_MAX_DISTANCE_KM), threshold=float(DEFAULT_THRESHOLD)
        )
    return engine.Config(
        current_year=today.year,
        weights=saved.weights(),
        max_distance_km=float(saved.max_distance_km),
        threshold=float(saved.threshold),
    )


def area_gaps(regions: QuerySet[Region], *, today: date) -> dict[str, list[Area]]:
    """Region slug → its areas (region row first, then municipalities by the largest gap). Four queries."""
    regions = list(regions)
    waiting = Participant.objects.waiting().filter(region__in=regions).select_related("region")
    # Only volunteers with a free place: the engine would find the others unavailable anyway.
    volunteers = (
        with_open_matches(
            Volunteer.objects.filter(region__in=regions, status__in=(VolunteerStatus.APPROVED, VolunteerStatus.MATCHED))
        )
        .filter(open_match_count__lt=F("capacity"))
        .order_by("pk")
    )
    configs = {c.region_id: c for c in MatchingConfig.objects.filter(region__in=regions)}
    people: dict[int, list] = {}
    for p in waiting:
        place = geo.lookup(p.postcode)
        people.setdefault(p.region_id, []).append((to_participant(p, today=today), place.municipality if place else ""))
    pools: dict[int, list] = {}
    for v in volunteers:
        pools.setdefault(v.region_id, []).append(to_volunteer(v))
    return {
        r.slug: gaps.region_gaps(
            r.slug, people.get(r.pk, []), pools.get(r.pk, []), _config(configs.get(r.pk), today=today)
        )
        for r in regions
    }


@dataclass
class Effect:
    link: GapCampaign
    applied: int = 0  # from the area and group since the campaign was started
    approved: int = 0
    via_campaign: int = 0  # applications through the campaign's own link
    via_campaign_approved: int = 0


def _fits(link: GapCampaign, volunteer: Volunteer) -> bool:
    """The volunteer is from the link's area and of its group (as far as an application tells)."""
    if volunteer.region_id != link.region_id:
        return False
    if link.municipality:
        place = geo.lookup(volunteer.postcode)
        if not place or place.municipality != link.municipality:
            return False
    kind, _sep, value = link.need.partition(":")
    if kind == "wishes":
        return volunteer.gender == value
    if kind == "language":
        return value in (volunteer.languages or ())
    if kind == profiles.HEAVY:
        return volunteer.professional_background
    return True


def campaign_effects(regions: QuerySet[Region]) -> list[Effect]:
    """The campaigns started from gaps in `regions`, with what followed. Two queries."""
    links = list(GapCampaign.objects.filter(region__in=regions).select_related("campaign", "region"))
    if not links:
        return []
    since = min(link.created_on for link in links)
    volunteers = list(
        Volunteer.objects.filter(region__in=regions, applied_on__gte=since).only(
            "pk",
            "region_id",
            "postcode",
            "gender",
            "languages",
            "professional_background",
            "applied_on",
            "approved_on",
            "campaign_id",
        )
    )
    effects = []
    for link in links:
        effect = Effect(link)
        for v in volunteers:
            if v.campaign_id == link.campaign_id:
                effect.via_campaign += 1
                effect.via_campaign_approved += v.approved_on is not None
            if v.applied_on >= link.created_on and _fits(link, v):
                effect.applied += 1
                effect.approved += v.approved_on is not None
        effects.append(effect)
    return effects
