import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from audit.models import Action, AuditEvent
from notifications.models import Notification
from referrals.models import Participant, ParticipantStatus

pytestmark = pytest.mark.django_db
TODAY = "2025-03-04 10:00 +0100"
URL = reverse("referrals:create")


@time_machine.travel(TODAY, tick=False)
def test_social_worker_refers_and_the_regions_consultant_is_notified(client, personas, referral_post, settings):
    settings.EMAIL_ENABLED = True
    personas["consultant_h"].email = "karen@example.org"
    personas["consultant_h"].save()
    client.force_login(personas["social_worker_h"])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.db.transaction.on_commit", lambda func, *a, **k: func())
        response = client.post(URL, referral_post)
    participant = Participant.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:detail", kwargs={"participant_id": participant.pk})
    assert participant.reference.startswith("P-")
    assert participant.treatment_centre.name == "DIGNITY"
    assert participant.region.slug == "hovedstaden"
    assert participant.referred_by == personas["social_worker_h"]
    assert participant.consent_recorded_by == personas["social_worker_h"]
    assert participant.status == ParticipantStatus.REFERRED
    assert str(participant.referred_on) == "2025-03-04"
    assert participant.languages == ["ar", "da", "en"]
    assert participant.phone == "+4520304050"
    assert participant.needs == ["social", "danish"]
    assert participant.has_children is True
    assert participant.status_changes.get().to_status == ParticipantStatus.REFERRED
    assert AuditEvent.objects.filter(action=Action.CREATE, target_id=str(participant.pk)).exists()

    notice = Notification.objects.get()
    assert notice.recipient == personas["consultant_h"]
    assert participant.reference in notice.text and "DIGNITY" in notice.text
    # The region's consultant may see the referral: the notice names her; the e-mail never does.
    assert f"{participant.reference} (Nour Al-Amin)" in notice.text
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.bcc == ["karen@example.org"] and not sent.to
    for secret in ("Nour", "Al-Amin", "2200", participant.reference):
        assert secret not in sent.subject + sent.body


@time_machine.travel(TODAY, tick=False)
def test_consultant_registers_a_phone_referral_and_must_pick_a_centre(client, personas, referral_post, dignity, att):
    client.force_login(personas["consultant_h"])
    response = client.post(URL, referral_post)
    assert response.status_code == 200
    assert "treatment_centre" in response.context["form"].errors
    # A centre in another region is not on offer.
    response = client.post(URL, {**referral_post, "treatment_centre": att.pk})
    assert "treatment_centre" in response.context["form"].errors
    assert not Participant.objects.exists()

    response = client.post(URL, {**referral_post, "treatment_centre": dignity.pk})
    participant = Participant.objects.get()
    assert response.status_code == 302
    assert participant.treatment_centre == dignity
    assert participant.referred_by == personas["consultant_h"]


def test_the_form_offers_a_consultant_only_the_centres_of_their_regions(client, personas, dignity, att):
    client.force_login(personas["consultant_h"])
    response = client.get(URL)
    assert list(response.context["form"].fields["treatment_centre"].queryset) == [dignity]
    client.force_login(personas["social_worker_h"])
    response = client.get(URL)
    assert "treatment_centre" not in response.context["form"].fields
    assert 'lang="da"' in response.content.decode()
    assert "Modersmål" in response.content.decode()


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"birth_year": "2026"}, "birth_year", "Fødselsåret kan ikke ligge i fremtiden."),
        ({"birth_year": "2010"}, "birth_year", "Programmet er for voksne"),
        ({"birth_year": "1890"}, "birth_year", "1920"),
        ({"arrival_year": "1970"}, "arrival_year", "Indrejseåret kan ikke ligge før fødselsåret."),
        ({"arrival_year": "2030"}, "arrival_year", "Indrejseåret kan ikke ligge i fremtiden."),
        ({"postcode": "9999"}, "postcode", "Ukendt postnummer"),
        ({"postcode": "0800"}, "postcode", "Ukendt postnummer"),
        ({"phone": "1234"}, "phone", "telefonnummer"),
        ({"phone": "123456789"}, "phone", "8 cifre"),
        ({"mother_tongue": ""}, "mother_tongue", "Dette felt er påkrævet."),
        ({"needs": []}, "needs", "Vælg mindst én."),
        ({"motivation_confirmed": ""}, "motivation_confirmed", "motiveret"),
        ({"consent_given": ""}, "consent_given", "Samtykke"),
        ({"consent_on": "2025-03-05"}, "consent_on", "fremtiden"),
        ({"referral_reason": ""}, "referral_reason", "påkrævet"),
        ({"birth_country": "XX"}, "birth_country", "gyldig valgmulighed"),
        ({"wished_age_min": "60", "wished_age_max": "30"}, "wished_age_max", "alder"),
        ({"email": "ikke-en-mail"}, "email", "e-mail"),
    ],
)
def test_invalid_referral_shows_the_danish_message_and_saves_nothing(
    client, personas, referral_post, change, field, message
):
    client.force_login(personas["social_worker_h"])
    response = client.post(URL, {**referral_post, **change})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message.lower() in " ".join(errors[field]).lower()
    assert message in response.content.decode() or message.lower() in response.content.decode().lower()
    assert not Participant.objects.exists()
    assert not Notification.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_foreign_phone_numbers_and_unknown_arrival_are_accepted(client, personas, referral_post):
    client.force_login(personas["social_worker_h"])
    response = client.post(URL, {**referral_post, "phone": "+46 70 123 45 67", "arrival_year": ""})
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert participant.phone == "+46701234567"
    assert participant.arrival_year is None


@time_machine.travel(TODAY, tick=False)
def test_possible_duplicate_is_flagged_to_the_consultant_not_the_social_worker(
    client, personas, referral_post, dignity
):
    from factories import ParticipantFactory

    earlier = ParticipantFactory(first_name="nour", last_name="AL-AMIN", birth_year=1979, phone="")
    by_phone = ParticipantFactory(first_name="Other", last_name="Person", phone="+45 20 30 40 50")
    unrelated = ParticipantFactory(first_name="Nour", last_name="Al-Amin", birth_year=1985, phone="")
    client.force_login(personas["social_worker_h"])
    client.post(URL, referral_post)
    participant = Participant.objects.get(referred_by=personas["social_worker_h"])
    detail = reverse("referrals:detail", kwargs={"participant_id": participant.pk})
    assert earlier.reference not in client.get(detail).content.decode()

    client.force_login(personas["consultant_h"])
    response = client.get(detail)
    flagged = set(response.context["duplicates"])
    assert flagged == {earlier, by_phone}
    assert unrelated not in flagged
    listing = client.get(reverse("referrals:list"))
    assert participant.pk in listing.context["duplicates"]


def test_referral_form_selects_say_what_the_empty_choice_means(client, personas, dignity):
    for persona in ("social_worker_h", "consultant_h"):
        client.force_login(personas[persona])
        page = client.get(reverse("referrals:create")).content.decode()
        assert "---------" not in page
        assert '<option value="" selected>Intet ønske</option>' in page
        assert '<option value="" selected>Vælg …</option>' in page
    assert "Vælg et behandlingssted" in page
