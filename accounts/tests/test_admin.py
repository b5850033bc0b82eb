"""The project leader configures the program in the admin, as the role it is: a staff user with the
PROJECT_LEADER role, not a superuser, in a session that has given its second factor."""

import datetime as dt

import pytest
from django import forms
from django.apps import apps
from django.contrib.sessions.models import Session
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice

from accounts.admin_site import site
from accounts.models import LEADER_PERMISSIONS, Role, User
from accounts.tests.test_two_factor import PASSWORD, code_for, password_login, with_device
from audit.models import Action, AuditEvent
from expenses.models import Allowance

PERSONAL_RECORDS = {
    "referrals.participant",
    "volunteers.volunteer",
    "matches.match",
    "followups.followup",
    "volunteers.screening",
    "events.attendance",
    "events.signup",
    "events.feedback",
    "audit.auditevent",
}


@pytest.fixture
def leader_client(client, leader, settings):
    """The demo leader as it logs in for real: password, then the code from the app."""
    assert leader.is_staff and not leader.is_superuser and leader.role == Role.PROJECT_LEADER
    settings.REQUIRE_2FA = True
    device = with_device(leader)
    password_login(client, leader)
    client.post(reverse("accounts:verify"), {"token": code_for(device)})
    assert client.get(reverse("admin:index")).status_code == 200
    return client


def _admin_url(label: str, view: str, *args) -> str:
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


def _instance(label: str, ctx):
    from followups.models import CadenceConfig
    from matches.models import EndReason
    from privacy.models import RetentionSchedule
    from referrals.models import ConsentText, WithdrawalReason
    from reports.models import CentrePatientProfile, PeriodTarget, Target
    from support.models import ReferralPlace, Requirement
    from volunteers.models import Campaign, RegionSettings

    h, dignity, consultant = ctx["hovedstaden"], ctx["dignity"], ctx["consultant_h"]
    build = {
        "accounts.user": lambda: consultant,
        "otp_totp.totpdevice": lambda: with_device(consultant),
        "otp_static.staticdevice": lambda: with_device(consultant) and StaticDevice.objects.get(user=consultant),
        "regions.region": lambda: h,
        "regions.treatmentcentre": lambda: dignity,
        "matches.endreason": lambda: EndReason.objects.get_or_create(name="Flyttet")[0],
        "referrals.withdrawalreason": lambda: WithdrawalReason.objects.get_or_create(name="Er flyttet")[0],
        "support.referralplace": lambda: ReferralPlace.objects.create(name="Borgerservice"),
        "support.requirement": lambda: Requirement.objects.create(name="Børneattest", valid_months=24),
        "followups.cadenceconfig": lambda: CadenceConfig.objects.get_or_create(region=None)[0],
        "expenses.allowance": lambda: Allowance.objects.create(region=h, year=2026, amount=1500),
        "reports.target": lambda: Target.objects.create(region=h, year=2026, matches=10, well_functioning_pct=70),
        "reports.periodtarget": lambda: PeriodTarget.objects.create(
            label="2026-2028", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2028, 12, 31)
        ),
        "reports.centrepatientprofile": lambda: CentrePatientProfile.objects.create(
            centre=dignity, year=2025, share_women_pct=60
        ),
        "volunteers.campaign": lambda: Campaign.objects.create(
            name="Forår", channel="social_media", starts_on=dt.date(2026, 3, 1)
        ),
        "volunteers.regionsettings": lambda: RegionSettings.objects.create(region=h, sleep_on_it_days=3),
        "referrals.consenttext": lambda: ConsentText.objects.get(kind="participant", version=1),
        "privacy.retentionschedule": lambda: RetentionSchedule.current(),
    }
    return build[label]()


def _add_data(label: str, ctx) -> dict:
    s, att = ctx["syddanmark"], ctx["att"]
    return {
        "accounts.user": {
            "username": "ny.konsulent",
            "first_name": "Nina",
            "last_name": "Berg",
            "role": Role.CONSULTANT,
            "regions": [s.pk],
        },
        "regions.treatmentcentre": {"name": "Nyt behandlingssted", "region": s.pk, "active": "on"},
        "matches.endreason": {"name": "Ny grund", "active": "on", "order": "5"},
        "referrals.withdrawalreason": {"name": "Ny årsag", "active": "on", "order": "5"},
        "support.referralplace": {"name": "Pensionsstyrelsen", "category": "benefits", "active": "on"},
        "support.requirement": {"name": "Straffeattest", "valid_months": "24", "active": "on", "order": "4"},
        "followups.cadenceconfig": {
            "region": s.pk,
            "day_after": "on",
            "touch_base_months": "6",
            "record_from_days": "14",
        },
        "expenses.allowance": {"region": s.pk, "year": "2027", "amount": "1200"},
        "reports.target": {"region": s.pk, "year": "2027", "matches": "12", "well_functioning_pct": "60"},
        "reports.periodtarget": {"label": "2029-2031", "starts_on": "2029-01-01", "ends_on": "2031-12-31"},
        "reports.centrepatientprofile": {"centre": att.pk, "year": "2026", "share_women_pct": "55"},
        "volunteers.campaign": {"name": "Efterår", "channel": "newsletter", "starts_on": "2026-09-01"},
        "volunteers.regionsettings": {"region": s.pk, "sleep_on_it_days": "4"},
        "referrals.consenttext": {"kind": "volunteer", "version": "2", "text": "Ny", "published_on": "2026-01-01"},
    }[label]


def _resubmit(form) -> dict:
    """The change form's own values, as the browser would send them back unchanged."""
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        elif value is not None:
            data[name] = str(value)
    return data


@pytest.fixture
def ctx(hovedstaden, syddanmark, dignity, att, consultant_h):
    return {
        "hovedstaden": hovedstaden,
        "syddanmark": syddanmark,
        "dignity": dignity,
        "att": att,
        "consultant_h": consultant_h,
    }


def test_the_admin_holds_configuration_only():
    registered = {model._meta.label_lower for model in site._registry}
    assert registered == set(LEADER_PERMISSIONS)
    assert not registered & PERSONAL_RECORDS
    for label in PERSONAL_RECORDS:
        apps.get_model(label)  # the names above are real models


@pytest.mark.parametrize("label", sorted(LEADER_PERMISSIONS))
def test_the_leader_does_each_configuration_task_and_nothing_more(label, leader_client, ctx):
    model = apps.get_model(label)
    allowed = LEADER_PERMISSIONS[label]
    obj = _instance(label, ctx)

    assert leader_client.get(_admin_url(label, "changelist")).status_code == 200

    change_url = _admin_url(label, "change", obj.pk)
    page = leader_client.get(change_url)
    assert page.status_code == 200
    if "change" in allowed:
        data = _resubmit(page.context["adminform"].form)
        response = leader_client.post(change_url, data)
        assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    else:
        assert leader_client.post(change_url, {}).status_code == 403

    add_url = _admin_url(label, "add")
    if "add" in allowed:
        before = model.objects.count()
        assert leader_client.get(add_url).status_code == 200
        response = leader_client.post(add_url, _add_data(label, ctx))
        # A new account answers with its set-up link (test_setup_link.py), everything else redirects.
        expected = 200 if label == "accounts.user" else 302
        assert response.status_code == expected, response.context and response.context.get("adminform")
        assert model.objects.count() == before + 1
        obj = model.objects.latest("pk")
    else:
        assert leader_client.get(add_url).status_code == 403

    delete_url = _admin_url(label, "delete", obj.pk)
    if "delete" in allowed:
        assert leader_client.get(delete_url).status_code == 200
        assert leader_client.post(delete_url, {"post": "yes"}).status_code == 302
        assert not model.objects.filter(pk=obj.pk).exists()
    else:
        assert leader_client.post(delete_url, {"post": "yes"}).status_code == 403
        assert model.objects.filter(pk=obj.pk).exists()


def test_edit_targets_on_the_dashboard_opens_for_the_leader(leader_client):
    assert leader_client.get(reverse("admin:reports_target_changelist")).status_code == 200


@pytest.mark.parametrize("persona", ["consultant_h", "student", "social_worker_h", "evaluator"])
def test_other_roles_are_refused_the_admin(persona, client, personas):
    client.force_login(personas[persona])
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert [url for url, _status in response.redirect_chain] == ["/admin/login/?next=/admin/"]


def test_anonymous_goes_to_the_app_login_not_a_second_login_form(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('accounts:login')}?next=/admin/"


def test_the_leader_owes_the_code_before_the_admin(client, leader, settings):
    settings.REQUIRE_2FA = True
    with_device(leader)
    password_login(client, leader)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:verify"))


# --- Staff accounts ---

ACCOUNTS = {
    "consultant": {"role": Role.CONSULTANT, "regions": "hovedstaden"},
    "student": {"role": Role.STUDENT_ASSISTANT, "regions": "hovedstaden"},
    "social_worker": {"role": Role.SOCIAL_WORKER, "treatment_centre": "dignity"},
    "evaluator": {"role": Role.EVALUATOR},
}


def _account_data(username: str, spec: dict, ctx) -> dict:
    data = {"username": username}
    data |= {"first_name": "Ny", "last_name": "Medarbejder", "role": spec["role"]}
    if "regions" in spec:
        data["regions"] = [ctx[spec["regions"]].pk]
    if "treatment_centre" in spec:
        data["treatment_centre"] = ctx[spec["treatment_centre"]].pk
    return data


@pytest.mark.parametrize("kind", sorted(ACCOUNTS))
def test_the_leader_creates_each_staff_account_with_its_scope_audited(kind, leader_client, leader, ctx):
    spec = ACCOUNTS[kind]
    response = leader_client.post(_admin_url("accounts.user", "add"), _account_data(f"ny.{kind}", spec, ctx))
    assert response.status_code == 200 and response.context["links"]

    user = User.objects.get(username=f"ny.{kind}")
    assert user.role == spec["role"] and user.is_active and not user.is_staff and not user.is_superuser
    assert not user.has_usable_password()  # the set-up link chooses it
    assert [region.slug for region in user.regions.all()] == ([spec["regions"]] if "regions" in spec else [])
    assert user.treatment_centre == (ctx[spec["treatment_centre"]] if "treatment_centre" in spec else None)
    events = AuditEvent.objects.filter(action=Action.CREATE, target_type="accounts.user", target_id=str(user.pk))
    assert {(event.actor, event.detail) for event in events} == {
        (leader, f"staff account created: {spec['role']}"),
        (leader, "set-up link"),
    }


NEEDS_REGION = "Konsulenter og studentermedhjælpere skal have mindst én region."


@pytest.mark.parametrize(
    ("spec", "field", "message"),
    [
        ({"role": Role.CONSULTANT}, "regions", "Konsulenter og studentermedhjælpere skal have mindst én region."),
        (
            {"role": Role.STUDENT_ASSISTANT},
            "regions",
            "Konsulenter og studentermedhjælpere skal have mindst én region.",
        ),
        ({"role": Role.SOCIAL_WORKER}, "treatment_centre", "En socialrådgiver skal høre til et behandlingssted."),
        (
            {"role": Role.EVALUATOR, "treatment_centre": "dignity"},
            "treatment_centre",
            "Kun socialrådgivere hører til et behandlingssted.",
        ),
        (
            {"role": Role.SOCIAL_WORKER, "treatment_centre": "dignity", "regions": "hovedstaden"},
            "regions",
            "Kun konsulenter og studentermedhjælpere arbejder i regioner.",
        ),
    ],
)
def test_an_account_whose_scope_does_not_fit_its_role_is_refused(spec, field, message, leader_client, ctx):
    response = leader_client.post(_admin_url("accounts.user", "add"), _account_data("forkert", spec, ctx))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [message]
    assert not User.objects.filter(username="forkert").exists()


def test_the_leader_cannot_make_a_project_leader_or_a_superuser(leader_client, ctx, consultant_h):
    data = _account_data("ny.leder", {"role": Role.PROJECT_LEADER}, ctx) | {"is_superuser": "on", "is_staff": "on"}
    response = leader_client.post(_admin_url("accounts.user", "add"), data)
    assert response.status_code == 200 and "role" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="ny.leder").exists()

    change_url = _admin_url("accounts.user", "change", consultant_h.pk)
    data = _resubmit(leader_client.get(change_url).context["adminform"].form)
    assert leader_client.post(change_url, data | {"is_superuser": "on", "is_staff": "on"}).status_code == 302
    consultant_h.refresh_from_db()
    assert not consultant_h.is_superuser and not consultant_h.is_staff


def test_leader_accounts_are_read_only_to_the_leader(leader_client, leader):
    other = User.objects.create_user("leder2", password=PASSWORD, role=Role.PROJECT_LEADER, is_staff=True)
    for user in (leader, other):
        url = _admin_url("accounts.user", "change", user.pk)
        assert leader_client.get(url).status_code == 200  # view only
        assert leader_client.post(url, {"username": user.username, "role": Role.EVALUATOR}).status_code == 403
        assert leader_client.post(reverse("admin:auth_user_password_change", args=[user.pk])).status_code == 403
    other.refresh_from_db()
    assert other.role == Role.PROJECT_LEADER


def _logged_in_elsewhere(client_class, user) -> object:
    other = client_class()
    other.force_login(user)
    assert _sent_to_login(other) is False
    return other


def _sent_to_login(client) -> bool:
    return client.get(reverse("accounts:home")).get("Location", "").startswith(reverse("accounts:login"))


def test_deactivating_an_account_in_its_form_ends_its_sessions_at_once(leader_client, leader, consultant_h, client):
    elsewhere = _logged_in_elsewhere(type(client), consultant_h)
    url = _admin_url("accounts.user", "change", consultant_h.pk)
    data = _resubmit(leader_client.get(url).context["adminform"].form)
    del data["is_active"]
    assert leader_client.post(url, data).status_code == 302

    consultant_h.refresh_from_db()
    assert not consultant_h.is_active
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(consultant_h.pk)]
    assert _sent_to_login(elsewhere)
    event = AuditEvent.objects.get(action=Action.CHANGE, target_id=str(consultant_h.pk))
    assert event.actor == leader and event.detail == "staff account changed: is_active; deactivated, 1 session(s) ended"
    assert leader_client.get(reverse("admin:index")).status_code == 200  # the leader's own session stays


def test_deactivating_accounts_from_the_list_ends_their_sessions(leader_client, leader, consultant_h, student, client):
    elsewhere = _logged_in_elsewhere(type(client), student)
    response = leader_client.post(
        _admin_url("accounts.user", "changelist"),
        {"action": "deactivate", "_selected_action": [consultant_h.pk, student.pk, leader.pk]},
    )
    assert response.status_code == 302
    assert set(User.objects.filter(is_active=False).values_list("username", flat=True)) == {"konsulent.h", "student"}
    assert _sent_to_login(elsewhere)
    assert AuditEvent.objects.filter(action=Action.CHANGE, detail__contains="deactivated").count() == 2


def test_every_admin_writes_to_the_audit_log():
    from accounts.admin_site import AuditedAdmin

    assert all(isinstance(model_admin, AuditedAdmin) for model_admin in site._registry.values())


def test_configuration_changes_in_the_admin_are_audited_with_field_names_only(leader_client, leader, ctx):
    centre = ctx["dignity"]
    url = _admin_url("regions.treatmentcentre", "change", centre.pk)
    data = _resubmit(leader_client.get(url).context["adminform"].form) | {"name": "Hemmeligt navn"}
    assert leader_client.post(url, data).status_code == 302
    event = AuditEvent.objects.get(action=Action.CHANGE, target_type="regions.treatmentcentre")
    assert event.actor == leader and event.target_id == str(centre.pk) and event.detail == "fields: name"
    delete = _admin_url("regions.treatmentcentre", "delete", centre.pk)
    assert leader_client.post(delete, {"post": "yes"}).status_code == 302
    assert AuditEvent.objects.filter(action=Action.DELETE, target_id=str(centre.pk), actor=leader).exists()
    add = _admin_url("matches.endreason", "add")
    assert leader_client.post(add, _add_data("matches.endreason", ctx)).status_code == 302
    assert AuditEvent.objects.filter(action=Action.CREATE, target_type="matches.endreason", actor=leader).exists()
