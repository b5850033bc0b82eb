from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.access import regions_for
from accounts.models import Role
from accounts.permissions import require_roles
from audit.models import Action
from audit.services import audit_record

from .cache import document_for, report_for
from .charts import svg
from .definitions import definitions
from .forms import DashboardForm
from .kpi import Period
from .masking import EXACT_ROLES, FUNDER, INTERNAL, audience_for

DASHBOARD_ROLES = (Role.PROJECT_LEADER, Role.CONSULTANT, Role.EVALUATOR)


def _read_period(request):
    """The form of the GET pickers, and the period (None while the form has errors)."""
    user = request.user
    regions = list(regions_for(user))
    all_label = _("All my regions") if user.role == Role.CONSULTANT else _("All regions")
    form = DashboardForm(request.GET, regions=regions, all_label=all_label)
    if not form.is_valid():
        return form, None, ""
    data = form.cleaned_data
    slug = data["region"]
    if slug:
        scope, name = (slug,), next(r.name for r in regions if r.slug == slug)
    elif user.role == Role.CONSULTANT:
        scope, name = tuple(r.slug for r in regions), ", ".join(r.name for r in regions) or "—"
    else:
        scope, name = None, _("all regions")
    return form, Period(data["date_from"], data["date_to"], data["as_of"], scope), name


@require_roles(*DASHBOARD_ROLES)
def dashboard(request):
    form, period, region_name = _read_period(request)
    report = report_for(period=period, user=request.user, region_name=region_name) if period else None
    sections = []
    if report:
        sections = [(None, report.summary, [_entry(report.headline)])] + [
            (section.title, section.summary, [_entry(table) for table in section.tables]) for section in report.sections
        ]
    versions = [INTERNAL, FUNDER] if request.user.role in EXACT_ROLES else [FUNDER]
    context = {
        "title": _("Figures and reports"),
        "form": form,
        "report": report,
        "sections": sections,
        "definitions": definitions(masked=bool(report and report.masked)),
        "versions": versions,
        "query": request.GET.urlencode(),
        "is_leader": request.user.role == Role.PROJECT_LEADER,
        "is_exact": request.user.role in EXACT_ROLES,
    }
    return render(request, "reports/dashboard.html", context)


def _entry(table):
    chart = svg(table.chart, f"chart-{table.key}") if table.chart and table.chart.labels else None
    return {"table": table, "chart": chart}


@require_roles(*DASHBOARD_ROLES)
def download(request):
    """The funder version (suppressed) or, for the leader and consultants, the internal version
    (exact figures, not to leave the organisation); both audited."""
    kind = request.GET.get("format")
    if kind not in ("docx", "xlsx"):
        return redirect("reports:dashboard")
    version = request.GET.get("version", FUNDER)
    if version not in (INTERNAL, FUNDER):
        return redirect("reports:dashboard")
    if audience_for(request.user, version) != version:
        raise PermissionDenied
    with translation.override("da"):
        _form, period, region_name = _read_period(request)
        if period is None:
            return redirect("reports:dashboard")
        content = document_for(kind, period=period, user=request.user, region_name=region_name, audience=version)
    audit_record(
        actor=request.user,
        action=Action.EXPORT,
        target_type="reports.report",
        detail=f"{kind} {version} {period.date_from}..{period.date_to} as of {period.as_of} "
        f"{','.join(period.regions) if period.regions else 'all regions'}",
    )
    types = {
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    response = HttpResponse(content, content_type=types[kind])
    suffix = "-intern" if version == INTERNAL else ""
    filename = f"livet-gaar-videre-{period.date_from}-{period.date_to}{suffix}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
