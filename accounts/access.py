"""Scoping: which records a user may see.

Each model's QuerySet has `for_user(user)` (`Participant.objects.for_user(user)`, likewise
Volunteer and Match); the regions a user works in are `regions_for(user)` here, as Region sits
below accounts. Views fetch one record with `get_in_scope`: a record outside the user's scope
answers 404 (not 403), so its existence is not revealed.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from regions.models import Region

from .models import Role


def regions_for(user) -> QuerySet[Region]:
    if user.role in (Role.PROJECT_LEADER, Role.EVALUATOR):
        return Region.objects.all()
    if user.role == Role.SOCIAL_WORKER and user.treatment_centre_id:
        return Region.objects.filter(centres=user.treatment_centre_id)
    return user.regions.all()


def get_in_scope(scope: QuerySet, **lookup):
    """The one record of `scope` (a user's scoped queryset) matching `lookup`, else 404."""
    return get_object_or_404(scope, **lookup)
