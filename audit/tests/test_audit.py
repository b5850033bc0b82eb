import pytest
from django.urls import reverse

from audit.models import Action, AuditEvent
from audit.services import audit_listed, audit_record
from factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def test_audit_log_names_record_types_and_links_records(client, leader):
    participant = ParticipantFactory()
    audit_record(actor=leader, action=Action.VIEW, target=participant)
    client.force_login(leader)
    page = client.get(reverse("audit:list")).content.decode()
    assert "Deltager" in page and "referrals.participant" not in page
    assert reverse("referrals:detail", kwargs={"participant_id": participant.pk}) in page


def test_audit_log_is_for_the_project_leader_only(client, consultant_h):
    client.force_login(consultant_h)
    assert client.get(reverse("audit:list")).status_code == 403


def test_audit_log_filters_by_action(client, leader):
    participant = ParticipantFactory()
    audit_record(actor=leader, action=Action.VIEW, target=participant)
    audit_record(actor=leader, action=Action.EXPORT, target_type="reports.export", detail="xlsx")
    client.force_login(leader)
    events = client.get(reverse("audit:list"), {"action": "export"}).context["page"]
    assert [event.action for event in events] == ["export"]


def test_record_filter_finds_list_pages_that_showed_the_record(client, leader):
    audit_listed(actor=leader, target_type="volunteers.volunteer", ids=[3, 17, 9], what="suggested for participant 12")
    audit_listed(actor=leader, target_type="volunteers.volunteer", ids=[171, 8], what="suggested for participant 12")
    audit_record(actor=leader, action=Action.VIEW, target_type="volunteers.volunteer", target_id="17")
    client.force_login(leader)
    events = client.get(reverse("audit:list"), {"target_id": "17"}).context["page"]
    assert len(list(events)) == 2


def test_record_filter_finds_a_record_beyond_what_the_detail_had_room_for(client, leader):
    ids = list(range(100_000, 100_300))
    event = audit_listed(actor=leader, target_type="referrals.participant", ids=ids, what="waiting list")
    assert "+" in event.detail and "100299" not in event.detail
    client.force_login(leader)
    events = client.get(reverse("audit:list"), {"target_id": "100299"}).context["page"]
    assert [found.pk for found in events] == [event.pk]


@pytest.mark.parametrize(
    "url_name,target_type",
    [
        ("referrals:list", "referrals.participant"),
        ("referrals:waiting", "referrals.participant"),
        ("volunteers:list", "volunteers.volunteer"),
        ("matches:list", "matches.match"),
    ],
)
def test_list_pages_record_who_saw_which_people(client, consultant_h, url_name, target_type):
    from factories import MatchFactory, VolunteerFactory

    participant = ParticipantFactory(waiting=True)
    ParticipantFactory(referred_on=participant.referred_on)
    volunteer = VolunteerFactory(approved=True)
    match = MatchFactory()
    client.force_login(consultant_h)
    client.get(reverse(url_name))
    event = AuditEvent.objects.get(target_type=target_type, actor=consultant_h)
    listed = event.detail.split(": ")[1].split(",")
    expected = {
        "referrals.participant": participant.pk,
        "volunteers.volunteer": volunteer.pk,
        "matches.match": match.pk,
    }
    assert str(expected[target_type]) in listed


def test_a_long_log_is_counted_up_to_a_cap_and_the_pages_keep_the_filters(client, leader, monkeypatch):
    from lib import lists

    monkeypatch.setattr(lists.CappedPaginator.__init__, "__defaults__", (120,))
    AuditEvent.objects.bulk_create(
        AuditEvent(actor=leader, action=Action.EXPORT, target_type="reports.export", detail=str(n)) for n in range(130)
    )
    client.force_login(leader)
    response = client.get(reverse("audit:list"), {"action": "export", "page": 2})
    page = response.context["page"]
    assert page.paginator.capped and page.paginator.count == 120
    body = response.content.decode()
    assert "Side 2 af mere end 3" in body
    assert "action=export&amp;page=3" in body
