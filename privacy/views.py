"""The project leader's pages for a person's rights: the access export (a readable Danish page and a
JSON file), withdrawing consent and erasure, each confirmed and audited; the evaluator's
pseudonymised export."""

import json

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.access import get_in_scope
from accounts.models import Role
from accounts.permissions import require_roles
from audit.models import Action
from audit.services import audit_record
from lib.views import form_action
from referrals.models import Participant
from volunteers.models import Volunteer

from . import access, evaluation, services
from .forms import EraseForm, WithdrawConsentForm


def _person(request, participant_id=None, volunteer_id=None):
    if participant_id is not None:
        return get_in_scope(Participant.objects.for_user(request.user), pk=participant_id)
    return get_in_scope(Volunteer.objects.for_user(request.user), pk=volunteer_id)


def _kind(person) -> str:
    return "participant" if isinstance(person, Participant) else "volunteer"


def _page_url(person) -> str:
    if isinstance(person, Participant):
        return reverse("referrals:detail", kwargs={"participant_id": person.pk})
    return reverse("volunteers:detail", kwargs={"volunteer_id": person.pk})


@require_roles(Role.PROJECT_LEADER)
def export_page(request, participant_id=None, volunteer_id=None):
    """The readable access export, in Danish whatever the leader's language (it is for the person)."""
    person = _person(request, participant_id, volunteer_id)
    audit_record(actor=request.user, action=Action.EXPORT, target=person, detail="access request (page)")
    with translation.override("da"):
        context = {
            "person": person,
            "sections": access.export_sections(person),
            "made_at": timezone.now(),
            "back": _page_url(person),
            "json_url": reverse(f"privacy:{_kind(person)}_export_json", args=[person.pk]),
        }
        return render(request, "privacy/export.html", context)


@require_roles(Role.PROJECT_LEADER)
def export_json(request, participant_id=None, volunteer_id=None):
    person = _person(request, participant_id, volunteer_id)
    audit_record(actor=request.user, action=Action.EXPORT, target=person, detail="access request (json)")
    with translation.override("da"):
        data = access.export_json(access.export_sections(person))
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="indsigt-{person.pk}.json"'
    return response


@require_roles(Role.PROJECT_LEADER)
def consent_withdraw(request, participant_id=None, volunteer_id=None):
    person = _person(request, participant_id, volunteer_id)

    def run(data):
        services.consent_withdraw(person=person, by=request.user, on=data["on"])
        return _("Consent withdrawn. Processing has stopped; the person is erased after the retention period.")

    def page(form, status):
        context = {"title": _("Withdraw consent"), "person": person, "form": form, "back": _page_url(person)}
        return render(request, "privacy/withdraw_consent.html", context, status=status)

    form = WithdrawConsentForm(request.POST or None)
    return form_action(request, form, run=run, done=_page_url(person), page=page)


@require_roles(Role.PROJECT_LEADER)
def erase(request, participant_id=None, volunteer_id=None):
    person = _person(request, participant_id, volunteer_id)

    def run(data):
        services.person_erase(person=person, by=request.user, on=timezone.localdate())
        return _("Erased. Only the anonymous figures the reports count are kept.")

    def page(form, status):
        context = {"title": _("Erase personal data"), "person": person, "form": form, "back": _page_url(person)}
        return render(request, "privacy/erase.html", context, status=status)

    form = EraseForm(request.POST or None, person=person)
    return form_action(request, form, run=run, done=_page_url(person), page=page)


@require_roles(Role.PROJECT_LEADER, Role.EVALUATOR)
def evaluator_export(request):
    """Pseudonymised, k-anonymous rows for the evaluation (no names, no free text, no dates)."""
    content = evaluation.evaluation_csv()
    audit_record(actor=request.user, action=Action.EXPORT, target_type="privacy.evaluation", detail="csv")
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="evaluering.csv"'
    return response
