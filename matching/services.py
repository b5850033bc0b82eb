"""Write side of matching: configuration changes and proposals made from the engine's suggestions."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import audit_record
from matches.models import Match
from matches.services import MatchError, match_propose
from referrals.models import Participant
from regions.models import Region
from volunteers.models import Volunteer

from .models import ConfigChange, DecisionSource, MatchingConfig, MatchingDecision
from .selectors import Ranking


@transaction.atomic
def config_update(*, region: Region, by, values: dict) -> ConfigChange | None:
    """Save a region's weights and limits; record which keys changed (history row + audit log)."""
    config, _created = MatchingConfig.objects.select_for_update().get_or_create(region=region)
    before = config.values()
    changes = {key: [before[key], values[key]] for key in MatchingConfig.KEYS if values[key] != before[key]}
    if not changes:
        return None
    for key, (_old, new) in changes.items():
        setattr(config, key, new)
    config.save()
    change = ConfigChange.objects.create(config=config, changed_by=by, changes=changes)
    audit_record(actor=by, action=Action.CHANGE, target=config, detail="changed: " + ", ".join(changes))
    return change


def refusal_text(ranking: Ranking) -> str:
    """Why a pair cannot be proposed at all (no reason overrides it), in the user's words."""
    return _("This volunteer cannot be proposed: %(why)s.") % {"why": "; ".join(ranking.chosen.blocking)}


@transaction.atomic
def proposal_create(
    *,
    participant: Participant,
    volunteer: Volunteer,
    by,
    on: date,
    reason: str,
    ranking: Ranking,
    source: str = DecisionSource.SUGGESTION,
    override_reason: str = "",
) -> Match:
    """Propose the pair (matches.services.match_propose) and record how it relates to the suggestions.

    Raises MatchError when the volunteer was just taken, the participant is no longer waiting,
    the engine's top suggestion is overridden for a pair it excludes without a reason, or a
    batch proposal is accepted for a pair the engine excludes (a batch has no override: such a
    pair can only be proposed one by one, with a reason).
    """
    if source == DecisionSource.BATCH and (ranking.rank is None or ranking.chosen.exclusions):
        raise MatchError(
            _(
                "This pair cannot be accepted from a batch proposal: the suggestions exclude it (%(why)s). "
                "Propose it from the participant's page if you have a reason."
            )
            % {"why": "; ".join(str(text) for text in ranking.chosen.exclusions) or _("not available")}
        )
    overridden = source != DecisionSource.BATCH and not ranking.is_top
    if overridden and ranking.rank is None and not override_reason.strip():
        raise MatchError(_("Say why you propose a volunteer the suggestions exclude."))
    match = match_propose(participant=participant, volunteer=volunteer, by=by, on=on, reason=reason)
    MatchingDecision.objects.create(
        match=match,
        source=source,
        rank=ranking.rank,
        score=round(ranking.chosen.score, 2),
        top_volunteer_id=ranking.top_volunteer_id,
        top_score=round(ranking.top_score, 2) if ranking.top_score is not None else None,
        overridden=overridden,
        override_reason=override_reason.strip() if overridden else "",
        decided_by=by,
    )
    return match
