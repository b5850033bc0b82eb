"""The match action pages show personal data: showing them is audited."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from matches.tests.factories import active_match

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["meeting", "meeting_hold", "decline", "pause", "resume", "end"])
def test_match_action_page_shown_on_get_is_audited(client, consultant_h, name):
    match = active_match(by=consultant_h)
    client.force_login(consultant_h)
    response = client.get(reverse(f"matches:{name}", kwargs={"match_id": match.pk}))
    assert response.status_code == 200
    views = AuditEvent.objects.filter(action="view", target_type="matches.match", target_id=str(match.pk))
    assert views.filter(actor=consultant_h).count() == 1
