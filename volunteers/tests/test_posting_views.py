"""The posting page: a k < 5 combination is refused with the reason; roles and scope."""

import pytest
import time_machine
from django.urls import reverse

from factories import ParticipantFactory
from volunteers.models import Posting

pytestmark = pytest.mark.django_db


@pytest.fixture
def participant(hovedstaden, dignity):
    return ParticipantFactory(
        waiting=True,
        first_name="Amina",
        last_name="Rahimi",
        gender="female",
        birth_year=1980,
        postcode="2200",
        interests=["walks", "cooking"],
        needs=["danish"],
        treatment_centre=dignity,
    )


def others(count, **kwargs):
    base = {"gender": "female", "birth_year": 1981, "postcode": "2400", "interests": ["walks", "cooking", "music"]}
    return [ParticipantFactory(**{**base, "needs": ["danish", "social"], **kwargs}) for _ in range(count)]


def url(participant):
    return reverse("volunteers:posting_create", kwargs={"participant_id": participant.pk})


def facts(**overrides):
    data = {
        "use_gender": "on",
        "use_age": "on",
        "place": "region",
        "interests": ["walks", "cooking"],
        "needs": ["danish"],
    }
    data.update(overrides)
    return data


@time_machine.travel("2024-05-15")
def test_first_draft_uses_coarse_facts_only(client, consultant_h, participant):
    others(4)
    client.force_login(consultant_h)
    response = client.get(url(participant))
    text = response.context["form"]["text"].value()
    assert text.startswith("Kvinde i 40'erne i Region Hovedstaden, glad for gåture og natur og madlavning")
    assert "Amina" not in text and "44" not in text and "DIGNITY" not in text and "Syrien" not in text
    assert response.context["check"]["ok"] and response.context["check"]["group_size"] == 5


@time_machine.travel("2024-05-15")
def test_combination_fitting_fewer_than_five_is_refused_with_why(client, consultant_h, participant):
    others(3)
    client.force_login(consultant_h)
    response = client.post(url(participant), {**facts(), "text": "Kvinde i 40'erne.", "action": "approve"})
    assert response.status_code == 200 and not Posting.objects.exists()
    check = response.context["check"]
    assert not check["ok"] and check["group_size"] == 4
    assert any("gender" in step["text"] or "køn" in step["text"] for step in check["steps"])
    assert response.context["form"].non_field_errors()


@time_machine.travel("2024-05-15")
def test_municipality_too_narrow_is_refused_and_the_region_suggested(client, consultant_h, participant):
    others(3)  # 2400: the same municipality (København) as the participant's 2200
    others(5, postcode="2900")  # Gentofte: the same region, another municipality
    client.force_login(consultant_h)
    response = client.post(url(participant), {**facts(place="municipality"), "action": "approve", "text": "x"})
    check = response.context["check"]
    assert not check["ok"] and check["group_size"] == 4 and not Posting.objects.exists()
    first = check["steps"][0]
    assert "Region Hovedstaden" in first["text"] and first["group_size"] == 9 and first["enough"]
    assert client.post(url(participant), {**facts(), "action": "draft"}).context["check"]["ok"]


@time_machine.travel("2024-05-15")
def test_consultant_edits_and_approves_an_anonymous_posting(client, consultant_h, participant):
    others(5)
    client.force_login(consultant_h)
    text = "Kvinde i 40'erne i Region Hovedstaden søger en at gå ture med."
    response = client.post(url(participant), {**facts(), "text": text, "action": "approve"})
    saved = Posting.objects.get()
    assert response.status_code == 302
    assert saved.text == text and saved.group_size == 6 and saved.approved_by == consultant_h
    assert saved.facts["gender"] == "female" and saved.facts["age_decade"] == 40 and saved.facts["municipality"] == ""
    assert client.get(reverse("volunteers:posting_detail", kwargs={"posting_id": saved.pk})).status_code == 200


@time_machine.travel("2024-05-15")
def test_text_naming_the_participant_or_exact_age_is_refused(client, consultant_h, participant):
    others(5)
    client.force_login(consultant_h)
    for text in ("Amina på 44 søger en ven.", "Kvinde fra DIGNITY.", "Kvinde, 44 år."):
        response = client.post(url(participant), {**facts(), "text": text, "action": "approve"})
        assert "text" in response.context["form"].errors, text
    assert not Posting.objects.exists()


@time_machine.travel("2024-05-15")
def test_birth_country_needs_five_sharing_it(client, consultant_h, participant):
    others(5, birth_country="AF")
    client.force_login(consultant_h)
    check = client.post(url(participant), {**facts(use_birth_country="on"), "action": "draft"}).context["check"]
    assert not check["ok"] and check["group_size"] == 1


def test_student_and_social_worker_are_refused_and_other_region_gets_404(
    client, student, social_worker_h, consultant_s, participant
):
    posting = Posting.objects.create(
        participant=participant, text="x", group_size=5, approved_by=None, approved_at="2024-05-15T10:00Z"
    )
    detail = reverse("volunteers:posting_detail", kwargs={"posting_id": posting.pk})
    for user in (student, social_worker_h):
        client.force_login(user)
        assert client.get(url(participant)).status_code == 403
        assert client.get(detail).status_code == 403
    client.force_login(consultant_s)
    assert client.get(url(participant)).status_code == 404
    assert client.get(detail).status_code == 404


@time_machine.travel("2024-05-15")
def test_a_count_of_one_is_written_in_the_singular(client, consultant_h, participant):
    client.force_login(consultant_h)
    response = client.get(url(participant))
    assert response.context["check"]["group_size"] == 1
    assert "kun 1 deltager deler disse oplysninger" in response.content.decode()
