"""Structural view auditing (issue 16): every page that shows a participant's or a volunteer's name
writes an audit event in the same request, and declares that it shows people (`audit.decorators.
shows_people`, which checks on every request that the view made its audit call).

The people in the URL matrix's samples (and a few more, so the lists and the today page have
rows) are renamed to canary strings; every GET page is rendered for every role that may use it.
A canary in the response without an audit event written during that request fails.
"""

import datetime as dt

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from factories import MatchFactory, ParticipantFactory, VolunteerFactory
from followups.models import FollowUp
from matches.models import MatchStatus
from referrals.models import Participant
from volunteers.models import Volunteer

from . import test_url_matrix
from .test_url_matrix import EXPECTED, PERSONA_FOR_ROLE, _url, all_views

samples = test_url_matrix.samples
matrix_personas = test_url_matrix.matrix_personas

CANARY = "Kanarifugl"


@pytest.fixture
def people(samples, personas, hovedstaden):
    """More people in scope, so lists, the matching overview and the today page have rows."""
    today = timezone.localdate()
    ParticipantFactory(region=hovedstaden, waiting=True, referred_by=personas["social_worker_h"])
    VolunteerFactory(region=hovedstaden)
    VolunteerFactory(region=hovedstaden, approved=True)
    active = MatchFactory(
        participant=ParticipantFactory(region=hovedstaden, status="matched"),
        volunteer=VolunteerFactory(region=hovedstaden, status="matched", approved_on=dt.date(2023, 12, 1)),
        status=MatchStatus.ACTIVE,
        started_on=today - dt.timedelta(days=30),
        consultant=personas["consultant_h"],
    )
    FollowUp.objects.create(match=active, kind="day_after", due_on=today)
    Participant.objects.update(first_name=f"{CANARY}p", last_name=f"{CANARY}q")
    Volunteer.objects.update(first_name=f"{CANARY}v", last_name=f"{CANARY}w")
    return samples


def _visits():
    for name, roles in sorted(EXPECTED.items()):
        if roles == {"public"}:
            yield name, None
            continue
        for role, persona in PERSONA_FOR_ROLE.items():
            if role in roles:
                yield name, persona


def test_a_page_that_shows_a_person_writes_an_audit_event_and_declares_it(client, matrix_personas, people):
    views = dict(all_views())
    unaudited, undeclared = [], []
    for name, persona in _visits():
        client.logout()
        if persona:
            client.force_login(matrix_personas[persona])
        before = AuditEvent.objects.count()
        response = client.get(_url(name, views[name], people))
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if response.status_code != 200 or CANARY not in body.decode(errors="replace"):
            continue
        if AuditEvent.objects.count() == before:
            unaudited.append(f"{name} as {persona}")
        if not getattr(views[name].callback, "shows_people", False):
            undeclared.append(name)
    assert not unaudited, f"pages showing people without an audit event: {unaudited}"
    assert not sorted(set(undeclared)), f"pages showing people without @shows_people: {sorted(set(undeclared))}"


def test_a_declared_page_that_audits_nothing_fails_in_tests_and_leaves_a_trace_otherwise(rf, leader, settings):
    from django.http import HttpResponse

    from audit.decorators import UnauditedPage, shows_people

    @shows_people
    def forgetful(request):
        return HttpResponse("Kanarifugl")

    request = rf.get("/somewhere/")
    request.user = leader
    with pytest.raises(UnauditedPage):
        forgetful(request)
    settings.AUDIT_STRICT = False
    assert forgetful(request).status_code == 200
    assert AuditEvent.objects.filter(actor=leader, target_type="page").exists()
