"""The retention schedule: a dry run lists and changes nothing; a run erases who is due; both audited."""

from datetime import date, timedelta

from django.core.management import call_command

from audit.models import AuditEvent
from factories import ParticipantFactory, VolunteerFactory
from privacy.models import RetentionSchedule
from privacy.retention import retention_apply
from referrals.models import ParticipantStatus
from volunteers.models import VolunteerStatus

TODAY = date(2026, 6, 1)


def _setup(hovedstaden):
    old = ParticipantFactory(
        region=hovedstaden, status=ParticipantStatus.DECLINED, status_changed_on=TODAY - timedelta(days=400)
    )
    recent = ParticipantFactory(
        region=hovedstaden, status=ParticipantStatus.DECLINED, status_changed_on=TODAY - timedelta(days=100)
    )
    rejected = VolunteerFactory(
        region=hovedstaden, status=VolunteerStatus.NOT_SUITABLE, status_changed_on=TODAY - timedelta(days=200)
    )
    withdrawn = ParticipantFactory(region=hovedstaden, waiting=True, consent_withdrawn_on=TODAY - timedelta(days=31))
    return old, recent, rejected, withdrawn


def test_dry_run_lists_and_changes_nothing(hovedstaden):
    old, recent, rejected, withdrawn = _setup(hovedstaden)
    run = retention_apply(dry_run=True, today=TODAY)
    assert run.due["declined or withdrawn referrals"] == [old]
    assert run.due["rejected volunteer applications"] == [rejected]
    assert run.due["consent withdrawn"] == [withdrawn]
    old.refresh_from_db()
    assert old.erased_on is None
    event = AuditEvent.objects.get(target_type="privacy.retention")
    assert event.detail.startswith("dry run: ") and old.first_name not in event.detail


def test_a_run_erases_who_is_due_and_old_audit_events(hovedstaden):
    old, recent, rejected, withdrawn = _setup(hovedstaden)
    ancient = AuditEvent.objects.create(action="view", target_type="referrals.participant", target_id="1")
    AuditEvent.objects.filter(pk=ancient.pk).update(at=ancient.at - timedelta(days=6 * 365))
    run = retention_apply(dry_run=False, today=date.today())
    assert run.erased >= 3
    for person in (old, rejected, withdrawn):
        person.refresh_from_db()
        assert person.erased_on is not None and person.first_name == ""
    recent.refresh_from_db()
    assert recent.erased_on is None or date.today() - TODAY > timedelta(days=265)
    assert not AuditEvent.objects.filter(pk=ancient.pk).exists()
    assert AuditEvent.objects.filter(target_type="privacy.retention").count() == 1


def test_the_leader_configures_the_periods(hovedstaden):
    old, *_ = _setup(hovedstaden)
    schedule = RetentionSchedule.current()
    schedule.closed_referral_days = 500
    schedule.save()
    assert retention_apply(dry_run=True, today=TODAY).due["declined or withdrawn referrals"] == []


def test_the_command_runs_dry(hovedstaden, capsys):
    _setup(hovedstaden)
    call_command("apply_retention", "--dry-run")
    out = capsys.readouterr().out
    assert "dry run: nothing was changed" in out and "declined or withdrawn referrals" in out
