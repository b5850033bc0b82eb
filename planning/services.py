"""Operations of planning: starting a recruitment campaign from a gap."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from lib import names
from lib.errors import OperationRefused
from regions.models import Region
from volunteers.models import Campaign, Channel
from volunteers.posting import MIN_GROUP_SIZE, municipality_phrase
from volunteers.services import campaign_save

from . import profiles, selectors
from .models import GapCampaign


class PlanningError(OperationRefused):
    pass


# Like volunteers.posting's drafts, the public text is written in Danish (it is published as it is).
GROUP_PHRASE = {
    profiles.ALL: "frivillige",
    "wishes:female": "kvindelige frivillige",
    "wishes:male": "mandlige frivillige",
    profiles.HEAVY: "frivillige med en faglig baggrund (fx socialt arbejde, sundhed eller psykologi)",
    profiles.AGE: "frivillige i alle aldre",
}


def group_phrase(key: str) -> str:
    kind, _sep, value = key.partition(":")
    if kind == "language":
        return f"frivillige, der taler {names.language_name(value)}"
    return GROUP_PHRASE.get(key, "frivillige")


def campaign_draft_text(*, key: str, place: str) -> str:
    """The target group in a few words, never a person: the place is left out unless at least
    MIN_GROUP_SIZE waiting participants stand behind it (the posting rule, see gap_campaign_start)."""
    where = f" i {place}" if place else ""
    return (
        f"Vi søger {group_phrase(key)}{where}, som vil være netværksperson for en flygtning i "
        "traumebehandling. I mødes cirka en gang om ugen i mindst seks måneder."
    )


@transaction.atomic
def gap_campaign_start(*, region: Region, municipality: str, need: str, by, today: date) -> GapCampaign:
    """A campaign draft (starting today, channel "other", to be edited) for the gap of `need` in the
    municipality (or the region, municipality ""), linked to the gap so its effect can be followed.

    The text names the municipality only when at least MIN_GROUP_SIZE participants of the group
    wait there, else the region when at least that many wait in the region, else no place."""
    found = selectors.area_gaps(Region.objects.filter(pk=region.pk), today=today)[region.slug]
    areas = {a.municipality: a for a in found}
    area = areas.get(municipality)
    if area is None:
        raise PlanningError(_("There is no such gap any more. Reload the page."))
    group = area if need == profiles.ALL else next((n for n in area.needs if n.key == need), None)
    if group is None:
        raise PlanningError(_("There is no such gap any more. Reload the page."))
    in_region = areas[""] if need == profiles.ALL else next((n for n in areas[""].needs if n.key == need), None)
    if municipality and group.waiting >= MIN_GROUP_SIZE:
        place = municipality_phrase(municipality)
    elif in_region is not None and in_region.waiting >= MIN_GROUP_SIZE:
        place = region.name
    else:
        place = ""
    campaign = Campaign(
        name=f"{profiles.label(need)} – {municipality or region.name}"[:200],
        channel=Channel.OTHER,
        region=region,
        starts_on=today,
        text=campaign_draft_text(key=need, place=place),
    )
    campaign_save(campaign=campaign, by=by)
    return GapCampaign.objects.create(
        region=region,
        municipality=municipality,
        need=need,
        created_on=today,
        waiting=group.waiting,
        gap=group.gap,
        campaign=campaign,
        created_by=by,
    )
