"""Follow-up pages show the match's people: showing them is audited; calendar links leave events."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from followups.models import FollowUp, Kind
from matches.tests.factories import active_match

pytestmark = pytest.mark.django_db


def _match_views(match, user):
    return AuditEvent.objects.filter(action="view", target_type="matches.match", target_id=str(match.pk), actor=user)


def test_record_and_ad_hoc_pages_are_audited(client, consultant_h):
    match = active_match(by=consultant_h)
    followup = FollowUp.objects.get(match=match, kind=Kind.DAY_AFTER)
    client.force_login(consultant_h)
    assert client.get(reverse("followups:record", kwargs={"followup_id": followup.pk})).status_code == 200
    assert _match_views(match, consultant_h).count() == 1
    assert client.get(reverse("followups:ad_hoc", kwargs={"match_id": match.pk})).status_code == 200
    assert _match_views(match, consultant_h).count() == 2


def test_issuing_and_revoking_a_calendar_link_is_audited(client, consultant_h):
    client.force_login(consultant_h)
    client.post(reverse("followups:calendar"), {"action": "issue"})
    events = AuditEvent.objects.filter(actor=consultant_h, target_type="followups.calendartoken")
    assert events.filter(action="create").count() == 1
    client.post(reverse("followups:calendar"), {"action": "revoke"})
    assert events.filter(action="change").count() == 1
