"""Staff side: the expenses list, the consultant's approve/reject, the leader's over-allowance
approval and payment, the receipt, the bookkeeping export. (The volunteer's side is the portal.)"""

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.access import get_in_scope
from accounts.models import Role
from accounts.permissions import require_roles
from audit.decorators import shows_people
from audit.models import Action
from audit.services import audit_listed, audit_record, audit_view
from lib.views import form_action

from . import receipts, services
from .export import expenses_xlsx
from .forms import ConfirmForm, PayForm, PeriodForm, RejectForm
from .models import Expense, ExpenseStatus

CASEWORK = (Role.PROJECT_LEADER, Role.CONSULTANT)
S = ExpenseStatus


@require_roles(*CASEWORK)
@shows_people
def expense_list(request):
    """What waits: submitted expenses, those over the allowance (the leader's), approved unpaid."""
    scope = Expense.objects.for_user(request.user).select_related("match", "volunteer")
    waiting = list(scope.filter(status__in=(S.SUBMITTED, S.OVER_ALLOWANCE)).order_by("submitted_at")[:200])
    unpaid = list(scope.filter(status=S.APPROVED).order_by("spent_on")[:200])
    audit_listed(
        actor=request.user,
        target_type="volunteers.volunteer",
        ids=[e.volunteer_id for e in waiting + unpaid],
        what="expense list",
    )
    today = timezone.localdate()
    context = {
        "title": _lazy("Expenses"),
        "waiting": waiting,
        "unpaid": unpaid,
        "is_leader": request.user.role == Role.PROJECT_LEADER,
        "period_form": PeriodForm(initial={"start": today.replace(day=1), "end": today}),
    }
    return render(request, "expenses/list.html", context)


def _expense(request, expense_id) -> Expense:
    return get_in_scope(Expense.objects.for_user(request.user), pk=expense_id)


def _back(request, expense: Expense) -> str:
    if request.POST.get("next") == "list" or request.GET.get("next") == "list":
        return reverse("expenses:list")
    return reverse("matches:detail", kwargs={"match_id": expense.match_id})


def _action(request, expense_id, *, form_class, title, run, initial=None):
    expense = _expense(request, expense_id)
    if request.method == "GET":
        audit_view(request.user, expense)
    form = form_class(request.POST or None, initial=initial)

    def page(form, status):
        context = {
            "title": title,
            "expense": expense,
            "standing": services.allowance_standing(match=expense.match, year=expense.spent_on.year),
            "form": form,
            "back": _back(request, expense),
            "next": request.GET.get("next") or request.POST.get("next") or "",
        }
        return render(request, "expenses/action.html", context, status=status)

    return form_action(request, form, run=lambda data: run(expense, data), done=_back(request, expense), page=page)


@require_roles(*CASEWORK)
@shows_people
def approve(request, expense_id):
    def run(expense, data):
        expense = services.expense_approve(expense=expense, by=request.user)
        if expense.status == S.OVER_ALLOWANCE:
            return _("The expense goes over the allowance: the project leader has been asked to approve it.")
        return _("The expense is approved.")

    return _action(request, expense_id, form_class=ConfirmForm, title=_lazy("Approve the expense"), run=run)


@require_roles(*CASEWORK)
@shows_people
def reject(request, expense_id):
    def run(expense, data):
        services.expense_reject(expense=expense, by=request.user, reason=data["reason"])
        return _("The expense is rejected.")

    return _action(request, expense_id, form_class=RejectForm, title=_lazy("Reject the expense"), run=run)


@require_roles(Role.PROJECT_LEADER)
@shows_people
def approve_over(request, expense_id):
    def run(expense, data):
        services.expense_approve_over(expense=expense, by=request.user)
        return _("The expense is approved over the allowance.")

    return _action(
        request, expense_id, form_class=ConfirmForm, title=_lazy("Approve the expense over the allowance"), run=run
    )


@require_roles(Role.PROJECT_LEADER)
@shows_people
def pay(request, expense_id):
    def run(expense, data):
        services.expense_pay(expense=expense, by=request.user, on=data["paid_on"])
        return _("The expense is marked as paid.")

    return _action(
        request,
        expense_id,
        form_class=PayForm,
        title=_lazy("Mark the expense as paid"),
        run=run,
        initial={"paid_on": timezone.localdate()},
    )


def receipt_response(expense: Expense) -> FileResponse:
    """The receipt file, for a user already allowed to see the expense (also the portal's view)."""
    try:
        handle = receipts.path(expense.receipt_name).open("rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404 from missing
    extension = receipts.EXTENSIONS.get(expense.receipt_type, "bin")
    response = FileResponse(handle, content_type=expense.receipt_type, filename=f"kvittering-{expense.pk}.{extension}")
    response["Cache-Control"] = "private, no-store"
    return response


@require_roles(*CASEWORK)
def receipt(request, expense_id):
    expense = _expense(request, expense_id)
    audit_record(actor=request.user, action=Action.VIEW, target=expense, detail="receipt")
    return receipt_response(expense)


@require_roles(Role.PROJECT_LEADER)
def export(request):
    """The period's expenses (by date) for bookkeeping, as .xlsx."""
    form = PeriodForm(request.GET or None)
    if not form.is_valid():
        return render(
            request,
            "expenses/export.html",
            {"title": _lazy("Export expenses"), "form": form},
            status=400 if request.GET else 200,
        )
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    expenses = (
        Expense.objects.for_user(request.user)
        .filter(spent_on__range=(start, end))
        .exclude(status=S.REJECTED)
        .select_related("match__region", "volunteer")
        .order_by("spent_on", "pk")
    )
    audit_record(actor=request.user, action=Action.EXPORT, target_type="expenses.expense", detail="expenses xlsx")
    response = HttpResponse(
        expenses_xlsx(expenses),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="udlaeg-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"'
    return response
