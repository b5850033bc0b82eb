"""Every URL pattern × every role: the declared rule is the expected one and it is enforced.

A new view fails here until it declares its roles (require_roles / public) AND has a row in
EXPECTED below, so every permission is decided on purpose and reviewed in one place.
"""

import importlib

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.permissions import PUBLIC
from accounts.tests.access_rules import CONSULTANT, EVALUATOR, LEADER, SOCIAL, STUDENT, VOLUNTEER
from factories import MatchFactory, ParticipantFactory, VolunteerFactory
from lib.project import project_apps


def _collect_rules():
    """Merge every app's tests/access_rules.py: EXPECTED rows and SAMPLES for URL kwargs."""
    expected, samples = {}, {}
    for app in project_apps():
        try:
            module = importlib.import_module(f"{app.name}.tests.access_rules")
        except ModuleNotFoundError:
            continue
        duplicated = set(expected) & set(module.EXPECTED)
        assert not duplicated, f"rows declared twice: {duplicated}"
        expected.update(module.EXPECTED)
        samples.update(getattr(module, "SAMPLES", {}))
    return expected, samples


# url name → roles allowed ("public" for everyone, logged in or not).
EXPECTED, EXTRA_SAMPLES = _collect_rules()

# The persona who represents each role: in scope for the sample objects below.
PERSONA_FOR_ROLE = {
    LEADER: "leader",
    CONSULTANT: "consultant_h",
    STUDENT: "student",
    SOCIAL: "social_worker_h",
    EVALUATOR: "evaluator",
    VOLUNTEER: "volunteer",
}


@pytest.fixture
def matrix_personas(personas, volunteer_user):
    """The staff personas and a volunteer with a portal account (role volunteer)."""
    return {**personas, "volunteer": volunteer_user}


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", entry


def all_views():
    return sorted(_walk(get_resolver().url_patterns), key=lambda item: item[0])


@pytest.fixture
def samples(matrix_personas, hovedstaden, dignity):
    personas = matrix_personas
    participant = ParticipantFactory(
        region=hovedstaden, treatment_centre=dignity, referred_by=personas["social_worker_h"]
    )
    volunteer = VolunteerFactory(region=hovedstaden, approved=True)
    match = MatchFactory(
        participant=ParticipantFactory(region=hovedstaden, referred_by=personas["social_worker_h"]),
        volunteer=VolunteerFactory(region=hovedstaden, approved=True),
    )
    values = {
        "participant_id": participant.pk,
        "volunteer_id": volunteer.pk,
        "match_id": match.pk,
        "region": hovedstaden.slug,
    }
    ctx = {"personas": personas, "hovedstaden": hovedstaden, "dignity": dignity, **values}
    for key, build in EXTRA_SAMPLES.items():
        values[key] = ctx[key] = build(ctx)
    return values


def test_every_view_declares_roles_and_has_an_expected_row():
    missing_rule = [name for name, pattern in all_views() if not hasattr(pattern.callback, "allowed_roles")]
    assert not missing_rule, f"views without require_roles/public: {missing_rule}"
    names = {name for name, _ in all_views()}
    assert names == set(EXPECTED), f"add to / remove from EXPECTED: {names ^ set(EXPECTED)}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_declared_roles_are_the_expected_ones(name):
    pattern = dict(all_views())[name]
    assert set(pattern.callback.allowed_roles) == set(EXPECTED[name])


def _url(name, pattern, samples):
    kwargs = {}
    for key in pattern.pattern.converters:
        assert key in samples, f"add a sample value for URL kwarg {key!r} in samples()"
        kwargs[key] = samples[key]
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("name", sorted(name for name, roles in EXPECTED.items() if roles != PUBLIC))
def test_role_matrix_is_enforced(name, client, matrix_personas, samples):
    personas = matrix_personas
    pattern = dict(all_views())[name]
    url = _url(name, pattern, samples)
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"], "anonymous must be sent to login"
    for role, persona in PERSONA_FOR_ROLE.items():
        client.force_login(personas[persona])
        response = client.get(url)
        if role in EXPECTED[name]:
            assert response.status_code in (200, 302, 405), f"{role} should reach {name}, got {response.status_code}"
        else:
            assert response.status_code == 403, f"{role} must be refused {name}, got {response.status_code}"
        client.logout()


@pytest.mark.parametrize("name", sorted(name for name, roles in EXPECTED.items() if roles == PUBLIC))
def test_public_views_answer_anonymous(name, client, samples):
    pattern = dict(all_views())[name]
    response = client.get(_url(name, pattern, samples))
    assert response.status_code in (200, 302, 405)


def test_admin_is_for_project_leaders_only(client, matrix_personas):
    for persona, user in matrix_personas.items():
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        client.force_login(user)
        response = client.get("/admin/")
        expected = 200 if persona == "leader" else 302
        assert response.status_code == expected, persona
        client.logout()
