"""Who sees which referral: a social worker only the ones they made, a consultant only their regions."""

import pytest
from django.urls import reverse

from accounts.models import Role
from audit.models import Action, AuditEvent
from factories import ParticipantFactory, UserFactory
from referrals.models import ParticipantNote

pytestmark = pytest.mark.django_db


def detail(participant):
    return reverse("referrals:detail", kwargs={"participant_id": participant.pk})


@pytest.fixture
def referrals(personas, hovedstaden, syddanmark, dignity, att):
    colleague = UserFactory(username="sr.dignity2", role=Role.SOCIAL_WORKER, treatment_centre=dignity)
    return {
        "own": ParticipantFactory(
            first_name="Egen", region=hovedstaden, treatment_centre=dignity, referred_by=personas["social_worker_h"]
        ),
        "colleague": ParticipantFactory(
            first_name="Kollega", region=hovedstaden, treatment_centre=dignity, referred_by=colleague
        ),
        "other_region": ParticipantFactory(
            first_name="Fynbo", region=syddanmark, treatment_centre=att, referred_by=personas["social_worker_s"]
        ),
    }


def test_social_worker_lists_only_their_own_referrals(client, personas, referrals):
    client.force_login(personas["social_worker_h"])
    response = client.get(reverse("referrals:list"))
    assert [p.pk for p in response.context["page"]] == [referrals["own"].pk]
    assert "Kollega" not in response.content.decode()


@pytest.mark.parametrize("which", ["colleague", "other_region"])
def test_social_worker_cannot_open_a_referral_they_did_not_make(client, personas, referrals, which):
    client.force_login(personas["social_worker_h"])
    for name in ("referrals:detail", "referrals:edit"):
        url = reverse(name, kwargs={"participant_id": referrals[which].pk})
        assert client.get(url).status_code == 404


def test_social_worker_of_another_centre_cannot_open_the_referral(client, personas, referrals):
    client.force_login(personas["social_worker_s"])
    assert client.get(detail(referrals["own"])).status_code == 404
    response = client.get(reverse("referrals:list"))
    assert [p.pk for p in response.context["page"]] == [referrals["other_region"].pk]


def test_consultant_cannot_open_other_region_participant(client, personas, referrals):
    client.force_login(personas["consultant_h"])
    assert client.get(detail(referrals["other_region"])).status_code == 404
    for name in ("referrals:edit", "referrals:accept", "referrals:decline", "referrals:note_add"):
        url = reverse(name, kwargs={"participant_id": referrals["other_region"].pk})
        assert client.post(url, {"on": "2024-02-01", "reason": "x", "text": "x"}).status_code == 404
    response = client.get(reverse("referrals:list"))
    assert {p.pk for p in response.context["page"]} == {referrals["own"].pk, referrals["colleague"].pk}


def test_leader_sees_every_region(client, personas, referrals):
    client.force_login(personas["leader"])
    response = client.get(reverse("referrals:list"))
    assert len(response.context["page"].object_list) == 3
    assert client.get(detail(referrals["other_region"])).status_code == 200


@pytest.mark.parametrize("persona", ["student", "evaluator"])
def test_roles_without_casework_are_refused(client, personas, referrals, persona):
    client.force_login(personas[persona])
    assert client.get(reverse("referrals:list")).status_code == 403
    assert client.get(detail(referrals["own"])).status_code == 403


def test_social_worker_sees_status_and_dates_but_no_notes(client, personas, referrals):
    ParticipantNote.objects.create(
        participant=referrals["own"], author=personas["consultant_h"], text="Hemmeligt notat"
    )
    client.force_login(personas["social_worker_h"])
    response = client.get(detail(referrals["own"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Hemmeligt notat" not in page
    assert "Notater" not in page
    assert "Henvist" in page
    assert "notes" not in response.context
    # Triage actions and notes are for consultants and the project leader only.
    url = reverse("referrals:note_add", kwargs={"participant_id": referrals["own"].pk})
    assert client.post(url, {"text": "x"}).status_code == 403
    url = reverse("referrals:accept", kwargs={"participant_id": referrals["own"].pk})
    assert client.post(url, {"on": "2024-02-01"}).status_code == 403


def test_consultant_sees_notes_and_the_view_is_audited(client, personas, referrals):
    ParticipantNote.objects.create(participant=referrals["own"], author=personas["consultant_h"], text="Ringede i dag")
    client.force_login(personas["consultant_h"])
    response = client.get(detail(referrals["own"]))
    assert "Ringede i dag" in response.content.decode()
    assert AuditEvent.objects.filter(
        action=Action.VIEW, actor=personas["consultant_h"], target_id=str(referrals["own"].pk)
    ).exists()


def test_referral_list_uses_few_queries(client, personas, hovedstaden, dignity, django_assert_max_num_queries):
    for _ in range(15):
        ParticipantFactory(region=hovedstaden, treatment_centre=dignity, referred_by=personas["social_worker_h"])
    client.force_login(personas["consultant_h"])
    with django_assert_max_num_queries(14):
        response = client.get(reverse("referrals:list"))
    assert len(response.context["page"].object_list) == 15


def test_match_references_link_to_the_match_for_staff_only(client, personas, referrals):
    from factories import MatchFactory

    match = MatchFactory(participant=referrals["own"])
    link = f'href="{reverse("matches:detail", kwargs={"match_id": match.pk})}"'
    for persona in ("consultant_h", "leader"):
        client.force_login(personas[persona])
        page = client.get(detail(referrals["own"])).content.decode()
        assert link in page and match.reference in page
    client.force_login(personas["social_worker_h"])
    page = client.get(detail(referrals["own"])).content.decode()
    assert match.reference in page and link not in page
