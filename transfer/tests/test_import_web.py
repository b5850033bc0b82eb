"""The web import for the project leader: upload → preview → confirm."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import Action, AuditEvent
from referrals.models import Participant

from .test_import import P_HEAD

pytestmark = pytest.mark.django_db

GOOD = (
    P_HEAD + "\nP1,Amina,Rahimi,kvinde,1980,SY,2012,hovedstaden,2200,DIGNITY,2022-01-05,2022-01-10,ar|da\n"
).encode()
BAD = (P_HEAD + "\nP1,Amina,Rahimi,woman,1980,SY,2012,hovedstaden,2200,DIGNITY,2022-01-05,2022-01-10,ar|da\n").encode()


def upload(client, content, name="participants.csv", consent_on_paper=True):
    data = {"files": [SimpleUploadedFile(name, content, "text/csv")]}
    if consent_on_paper:
        data["consent_on_paper"] = "on"
    return client.post(reverse("transfer:import"), data)


def test_leader_uploads_previews_and_confirms(client, leader, hovedstaden):
    client.force_login(leader)
    response = upload(client, GOOD)
    assert response.status_code == 302 and response["Location"] == reverse("transfer:import_preview")
    preview = client.get(reverse("transfer:import_preview"))
    assert preview.status_code == 200
    assert "P1" in preview.content.decode()
    assert not Participant.objects.exists()
    token = preview.context["token"]
    done = client.post(reverse("transfer:import_confirm"), {"token": token})
    assert done.status_code == 302
    assert Participant.objects.get(reference="P1").gender == "female"
    event = AuditEvent.objects.get(action=Action.IMPORT)
    assert event.actor == leader
    assert event.target_type == "reports.import"  # the stored value, kept when the code moved
    # the token is used up
    assert client.post(reverse("transfer:import_confirm"), {"token": token}).status_code == 302
    assert Participant.objects.count() == 1


def test_preview_lists_every_error_and_confirm_writes_nothing(client, leader, hovedstaden):
    client.force_login(leader)
    upload(client, BAD)
    preview = client.get(reverse("transfer:import_preview"))
    assert "participants.csv:2:gender: " in preview.content.decode()
    response = client.post(reverse("transfer:import_confirm"), {"token": preview.context["token"]})
    assert response.status_code == 400
    assert not Participant.objects.exists()


def test_confirm_needs_the_session_token(client, leader, hovedstaden):
    client.force_login(leader)
    upload(client, GOOD)
    response = client.post(reverse("transfer:import_confirm"), {"token": "x" * 32})
    assert response.status_code == 302
    assert not Participant.objects.exists()


def test_other_file_types_are_refused_at_the_field(client, leader):
    client.force_login(leader)
    response = upload(client, b"hello", name="notes.txt")
    assert response.status_code == 200
    assert response.context["form"].errors["files"]


def test_consultant_cannot_import(client, consultant_h):
    client.force_login(consultant_h)
    assert upload(client, GOOD).status_code == 403
    assert not Participant.objects.exists()


def test_the_import_pages_keep_their_paths():
    assert [reverse(f"transfer:{name}") for name in ("import", "import_preview", "import_confirm")] == [
        "/reports/import/",
        "/reports/import/preview/",
        "/reports/import/confirm/",
    ]


def test_without_consent_dates_the_leader_must_say_consent_is_held_on_paper(client, leader, hovedstaden):
    client.force_login(leader)
    upload(client, GOOD, consent_on_paper=False)
    preview = client.get(reverse("transfer:import_preview"))
    assert "participants.csv:2:consent_on" in preview.content.decode()
    response = client.post(reverse("transfer:import_confirm"), {"token": preview.context["token"]})
    assert response.status_code == 400 and not Participant.objects.exists()
    upload(client, GOOD)
    preview = client.get(reverse("transfer:import_preview"))
    assert client.post(reverse("transfer:import_confirm"), {"token": preview.context["token"]}).status_code == 302
    assert Participant.objects.get(reference="P1").consent_on_paper_recorded_on is not None
