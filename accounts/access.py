"""Region and ownership scoping: the one set of queryset helpers every view uses.

A record outside the user's scope raises 404 (not 403), so its existence is not revealed.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from matches.models import Match
from referrals.models import Participant
from regions.models import Region
from volunteers.models import RECRUITMENT_STATUSES, Volunteer

from .models import Role


def regions_for(user) -> QuerySet[Region]:
    if user.role in (Role.PROJECT_LEADER, Role.EVALUATOR):
        return Region.objects.all()
    if user.role == Role.SOCIAL_WORKER and user.treatment_centre_id:
        return Region.objects.filter(centres=user.treatment_centre_id)
    return user.regions.all()


def participants_for(user) -> QuerySet[Participant]:
    qs = Participant.objects.select_related("region", "treatment_centre")
    if user.role == Role.PROJECT_LEADER:
        return qs
    if user.role == Role.CONSULTANT:
        return qs.filter(region__in=user.regions.all())
    if user.role == Role.SOCIAL_WORKER:
        return qs.filter(referred_by=user)
    return qs.none()


def volunteers_for(user) -> QuerySet[Volunteer]:
    qs = Volunteer.objects.select_related("region")
    if user.role == Role.PROJECT_LEADER:
        return qs
    if user.role == Role.CONSULTANT:
        return qs.filter(region__in=user.regions.all())
    if user.role == Role.STUDENT_ASSISTANT:
        # Recruitment only: applicants through approval, not people in or after a match.
        return qs.filter(region__in=user.regions.all(), status__in=RECRUITMENT_STATUSES)
    return qs.none()


def matches_for(user) -> QuerySet[Match]:
    qs = Match.objects.select_related("participant", "volunteer", "region", "consultant")
    if user.role == Role.PROJECT_LEADER:
        return qs
    if user.role == Role.CONSULTANT:
        return qs.filter(region__in=user.regions.all())
    if user.role == Role.SOCIAL_WORKER:
        return qs.filter(participant__referred_by=user)
    return qs.none()


def get_participant_for_user(user, pk) -> Participant:
    return get_object_or_404(participants_for(user), pk=pk)


def get_volunteer_for_user(user, pk) -> Volunteer:
    return get_object_or_404(volunteers_for(user), pk=pk)


def get_match_for_user(user, pk) -> Match:
    return get_object_or_404(matches_for(user), pk=pk)


def get_region_for_user(user, slug) -> Region:
    return get_object_or_404(regions_for(user), slug=slug)
