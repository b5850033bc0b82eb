"""The project leader edits the weights and limits per region; every change is logged."""

from django.urls import reverse

from audit.models import AuditEvent
from factories import ParticipantFactory, VolunteerFactory
from matching.models import ConfigChange, MatchingConfig

DEFAULTS = {
    "weight_distance": 20,
    "weight_age": 10,
    "weight_interests": 20,
    "weight_children": 5,
    "weight_needs": 15,
    "weight_availability": 10,
    "weight_mother_tongue": 10,
    "weight_waiting": 10,
    "max_distance_km": 25,
    "threshold": 40,
}


def url(region):
    return reverse("matching:config", kwargs={"region": region.slug})


def test_leader_changes_configuration_and_the_change_is_logged(client, leader, hovedstaden):
    client.force_login(leader)
    page = client.get(url(hovedstaden))
    assert page.status_code == 200 and page.context["form"].initial["threshold"] == 40
    response = client.post(url(hovedstaden), {**DEFAULTS, "weight_distance": 30, "threshold": 55})
    assert response.status_code == 302
    config = MatchingConfig.objects.get(region=hovedstaden)
    assert (config.weight_distance, config.threshold) == (30, 55)
    change = ConfigChange.objects.get()
    assert change.changes == {"weight_distance": [20, 30], "threshold": [40, 55]} and change.changed_by == leader
    event = AuditEvent.objects.get(target_type="matching.matchingconfig")
    assert event.detail == "changed: weight_distance, threshold" and event.actor == leader
    history = client.get(url(hovedstaden))
    assert "Afstand: 20 → 30" in history.content.decode()


def test_saving_without_changes_logs_nothing(client, leader, hovedstaden):
    client.force_login(leader)
    client.post(url(hovedstaden), DEFAULTS)
    assert not ConfigChange.objects.exists() and not AuditEvent.objects.filter(action="change").exists()


def test_invalid_configuration_shows_the_message_and_saves_nothing(client, leader, hovedstaden):
    client.force_login(leader)
    zero = {key: (0 if key.startswith("weight_") else value) for key, value in DEFAULTS.items()}
    response = client.post(url(hovedstaden), zero)
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    response = client.post(url(hovedstaden), {**DEFAULTS, "threshold": 140, "max_distance_km": 0})
    assert set(response.context["form"].errors) == {"threshold", "max_distance_km"}
    assert not MatchingConfig.objects.exists() and not ConfigChange.objects.exists()


def test_consultant_may_not_change_configuration(client, consultant_h, hovedstaden):
    client.force_login(consultant_h)
    assert client.post(url(hovedstaden), {**DEFAULTS, "threshold": 90}).status_code == 403
    assert not MatchingConfig.objects.exists()


def test_configuration_changes_the_suggestions(client, leader, consultant_h, hovedstaden):
    person = ParticipantFactory(region=hovedstaden, waiting=True, postcode="2200")
    VolunteerFactory(region=hovedstaden, approved=True, postcode="2800")  # about 10 km away
    suggest = reverse("matching:suggest", kwargs={"participant_id": person.pk})
    client.force_login(consultant_h)
    assert len(client.get(suggest).context["candidates"]) == 1
    client.force_login(leader)
    client.post(url(hovedstaden), {**DEFAULTS, "max_distance_km": 5})
    client.force_login(consultant_h)
    assert client.get(suggest).context["candidates"] == []
