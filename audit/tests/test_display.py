"""The audit log shows details in Danish: stored codes are translated when shown."""

import pytest
from django.urls import reverse
from django.utils import translation

from audit.display import detail_label
from audit.services import audit_record
from factories import VolunteerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("target_type", "detail", "danish"),
    [
        ("volunteers.volunteer", "application form", "ansøgningsskema"),
        ("referrals.participant", "status: info requested", "status: flere oplysninger efterspurgt"),
        ("volunteers.volunteer", "fields: phone, email", "felter: telefon, e-mail"),
        ("volunteers.volunteer", "status: not_suitable", "status: Ikke egnet"),
        ("referrals.participant", "referral list: 1,2,3", "henvisningsliste: 1,2,3"),
        ("followups.followup", "follow-up six_months done", "opfølgning udført: "),
        ("reports.report", "docx 2024-01-01..2024-12-31", "docx 2024-01-01..2024-12-31"),
    ],
)
def test_details_are_shown_in_danish(target_type, detail, danish):
    with translation.override("da"):
        assert detail_label(target_type, detail).startswith(danish)


def test_the_audit_page_shows_no_english_detail(client, leader, hovedstaden):
    volunteer = VolunteerFactory(region=hovedstaden)
    audit_record(actor=None, action="create", target=volunteer, detail="application form")
    audit_record(actor=leader, action="change", target=volunteer, detail="screening booked")
    client.force_login(leader)
    page = client.get(reverse("audit:list")).content.decode()
    assert "ansøgningsskema" in page and "screening booket" in page
    assert "application form" not in page and "screening booked" not in page
