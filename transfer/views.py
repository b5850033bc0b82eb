"""The project leader's web import: upload → preview (the plan, nothing written) → confirm."""

import secrets

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.permissions import require_roles

from . import uploads
from .applying import import_data
from .forms import ImportForm
from .planning import build_plan

SESSION_KEY = "reports_import_token"  # the name sessions already carry
PAPER_KEY = "reports_import_consent_on_paper"
PREVIEW_LIMIT = 200


def _consent_on_paper(request):
    return timezone.localdate() if request.session.get(PAPER_KEY) else None


@require_roles(Role.PROJECT_LEADER)
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploads.discard(request.session.get(SESSION_KEY))
        request.session[SESSION_KEY] = uploads.store(form.cleaned_data["files"])
        request.session[PAPER_KEY] = form.cleaned_data["consent_on_paper"]
        return redirect("transfer:import_preview")
    return render(request, "transfer/import.html", {"title": _("Import program data"), "form": form})


def _preview_context(plan, token):
    tables = []
    names = {
        "participants": _("Participants"),
        "volunteers": _("Volunteers"),
        "matches": _("Matches"),
        "readings": _("Star readings"),
    }
    for table, table_plan in plan.tables.items():
        changed = list(table_plan.changed.items())
        tables.append(
            {
                "name": names[table],
                "created": table_plan.created[:PREVIEW_LIMIT],
                "created_more": max(len(table_plan.created) - PREVIEW_LIMIT, 0),
                "created_count": len(table_plan.created),
                "changed": changed[:PREVIEW_LIMIT],
                "changed_more": max(len(changed) - PREVIEW_LIMIT, 0),
                "changed_count": len(changed),
                "unchanged": table_plan.unchanged,
            }
        )
    return {"title": _("Check the import"), "plan": plan, "tables": tables, "token": token}


@require_roles(Role.PROJECT_LEADER)
def import_preview(request):
    token = request.session.get(SESSION_KEY)
    path = uploads.source(token)
    if path is None:
        messages.warning(request, _("Upload the files to import first."))
        return redirect("transfer:import")
    plan = build_plan(path, consent_on_paper=_consent_on_paper(request))
    return render(request, "transfer/import_preview.html", _preview_context(plan, token))


@require_roles(Role.PROJECT_LEADER)
@require_POST
def import_confirm(request):
    token = request.session.get(SESSION_KEY)
    path = uploads.source(token)
    sent = request.POST.get("token", "")
    if path is None or not secrets.compare_digest(sent.encode(), token.encode()):
        messages.warning(request, _("The import has expired; upload the files again."))
        return redirect("transfer:import")
    plan = import_data(path, actor=request.user, consent_on_paper=_consent_on_paper(request))
    if plan.errors:
        return render(request, "transfer/import_preview.html", _preview_context(plan, token), status=400)
    uploads.discard(token)
    del request.session[SESSION_KEY]
    request.session.pop(PAPER_KEY, None)
    counts = plan.counts()
    messages.success(
        request,
        _("Imported: %(created)s created, %(changed)s changed, %(unchanged)s unchanged.")
        % {
            "created": sum(c["created"] for c in counts.values()),
            "changed": sum(c["changed"] for c in counts.values()),
            "unchanged": sum(c["unchanged"] for c in counts.values()),
        },
    )
    return redirect("transfer:import")
