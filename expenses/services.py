"""Expenses: the volunteer submits, the consultant approves or rejects, the project leader approves
what goes over the allowance and marks approved expenses as paid."""

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Role, User
from accounts.selectors import region_contacts
from audit.models import Action
from audit.services import audit_record
from lib.errors import OperationRefused
from matches.models import Match, MatchStatus
from notifications.services import notify

from . import arithmetic, receipts
from .models import Allowance, Expense, ExpenseStatus

S = ExpenseStatus
# Expenses may be claimed for a match that has started, also after it ended (a last receipt).
CLAIMABLE_MATCH_STATUSES = (MatchStatus.ACTIVE, MatchStatus.PAUSED, MatchStatus.ENDED)


class ExpenseError(OperationRefused):
    pass


def allowance_standing(*, match: Match, year: int, expenses=None) -> arithmetic.Standing:
    """Used and remaining allowance of the match in `year`; `expenses`: the match's, if already loaded."""
    if expenses is None:
        rows = match.expenses.exclude(status=S.REJECTED).values_list("spent_on", "amount", "status")
    else:
        rows = [(e.spent_on, e.amount, e.status) for e in expenses if e.status != S.REJECTED]
    return arithmetic.standing(
        year=year,
        allowance=Allowance.objects.amount_for(region=match.region_id, year=year),
        expenses=[(spent_on, amount, status in (S.APPROVED, S.PAID)) for spent_on, amount, status in rows],
    )


def _match_url(match: Match) -> str:
    return reverse("matches:detail", kwargs={"match_id": match.pk})


@transaction.atomic
def expense_submit(*, volunteer, match: Match, data: dict, receipt, receipt_type: str, today: date) -> Expense:
    """The volunteer's claim, with its receipt (already checked by `receipts.check`)."""
    if match.volunteer_id != volunteer.pk or match.status not in CLAIMABLE_MATCH_STATUSES:
        raise ExpenseError(_("Expenses can only be claimed for your own match once it has started."))
    spent_on = data["spent_on"]
    if spent_on > today:
        raise ExpenseError(_("The date cannot be in the future."))
    if match.started_on and spent_on < match.started_on:
        raise ExpenseError(_("The date is before the match started."))
    name = receipts.save(receipt, receipt_type)
    try:
        return _expense_create(
            volunteer=volunteer, match=match, data=data, receipt=receipt, name=name, kind=receipt_type
        )
    except Exception:
        receipts.delete(name)  # nothing saved: not the file either
        raise


def _expense_create(*, volunteer, match: Match, data: dict, receipt, name: str, kind: str) -> Expense:
    expense = Expense.objects.create(
        match=match,
        volunteer=volunteer,
        spent_on=data["spent_on"],
        amount=data["amount"],
        category=data["category"],
        note=data.get("note", ""),
        receipt_name=name,
        receipt_type=kind,
        receipt_size=receipt.size,
    )
    audit_record(actor=volunteer.user, action=Action.CREATE, target=expense, detail="expense")
    recipients = [match.consultant] if match.consultant_id and match.consultant.is_active else []
    notify(
        recipients=recipients or region_contacts(match.region),
        message=gettext_noop("New expense to approve for match %(reference)s."),
        params={"reference": match.reference},
        url=_match_url(match),
    )
    return expense


def _locked(expense: Expense) -> Expense:
    """The expense, and its match locked: two approvals at once cannot both fit the allowance."""
    Match.objects.select_for_update().filter(pk=expense.match_id).first()
    return Expense.objects.select_for_update().select_related("match").get(pk=expense.pk)


def _refuse_unless(expense: Expense, *statuses) -> None:
    if expense.status not in statuses:
        raise ExpenseError(_("The expense has already been handled."))


@transaction.atomic
def expense_approve(*, expense: Expense, by) -> Expense:
    """Approve a submitted expense. When it would take the match over its allowance for the year,
    a consultant's approval passes it on to the project leader; the project leader's approves it."""
    expense = _locked(expense)
    _refuse_unless(expense, S.SUBMITTED)
    standing = allowance_standing(match=expense.match, year=expense.spent_on.year)
    over = standing.would_exceed(expense.amount)
    expense.status = S.OVER_ALLOWANCE if over and by.role != Role.PROJECT_LEADER else S.APPROVED
    if over and expense.status == S.APPROVED:
        expense.over_approved_by = by
    expense.decided_by, expense.decided_at = by, timezone.now()
    expense.save(update_fields=["status", "decided_by", "decided_at", "over_approved_by"])
    audit_record(actor=by, action=Action.CHANGE, target=expense, detail=f"status: {expense.status}")
    if expense.status == S.OVER_ALLOWANCE:
        notify(
            recipients=User.objects.filter(role=Role.PROJECT_LEADER, is_active=True),
            message=gettext_noop("An expense for match %(reference)s goes over the allowance and needs your approval."),
            params={"reference": expense.match.reference},
            url=reverse("expenses:list"),
        )
    return expense


@transaction.atomic
def expense_approve_over(*, expense: Expense, by) -> Expense:
    """The project leader lets an expense go over the match's allowance."""
    expense = _locked(expense)
    _refuse_unless(expense, S.OVER_ALLOWANCE)
    expense.status, expense.over_approved_by = S.APPROVED, by
    expense.save(update_fields=["status", "over_approved_by"])
    audit_record(actor=by, action=Action.CHANGE, target=expense, detail=f"status: {expense.status}")
    return expense


@transaction.atomic
def expense_reject(*, expense: Expense, by, reason: str) -> Expense:
    expense = _locked(expense)
    _refuse_unless(expense, S.SUBMITTED, S.OVER_ALLOWANCE)
    expense.status, expense.reject_reason = S.REJECTED, reason
    expense.decided_by, expense.decided_at = by, timezone.now()
    expense.save(update_fields=["status", "reject_reason", "decided_by", "decided_at"])
    audit_record(actor=by, action=Action.CHANGE, target=expense, detail=f"status: {expense.status}")
    return expense


@transaction.atomic
def expense_pay(*, expense: Expense, by, on: date) -> Expense:
    expense = _locked(expense)
    _refuse_unless(expense, S.APPROVED)
    expense.status, expense.paid_on, expense.paid_by = S.PAID, on, by
    expense.save(update_fields=["status", "paid_on", "paid_by"])
    audit_record(actor=by, action=Action.CHANGE, target=expense, detail=f"status: {expense.status}")
    return expense
