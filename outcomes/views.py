from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import Role
from accounts.permissions import public, require_roles
from audit.decorators import shows_people
from audit.services import audit_listed, audit_view
from lib import names
from matches.models import MatchStatus

from . import forms, panel, selectors, services
from .models import SOURCE_LANGUAGE, StarVersion, is_rtl

CASEWORK = (Role.PROJECT_LEADER, Role.CONSULTANT)
LINKABLE = (MatchStatus.ACTIVE, MatchStatus.PAUSED)


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


# --- The star (project leader) -------------------------------------------------------------


@require_roles(Role.PROJECT_LEADER)
def star(request):
    version = services.current_version()
    languages = {}
    for area in version.areas.all():
        for text in area.texts.all():
            if text.language != SOURCE_LANGUAGE:
                entry = languages.setdefault(text.language, {"code": text.language, "areas": 0, "to_check": False})
                entry["areas"] += 1
                entry["to_check"] |= text.needs_check
    for entry in languages.values():
        entry["name"] = names.language_name(entry["code"])
    context = {
        "title": _lazy("Forandringsstjernen"),
        "version": version,
        "areas": [(area, area.text(SOURCE_LANGUAGE)) for area in version.areas.all()],
        "area_count": len(version.areas.all()),
        "languages": sorted(languages.values(), key=lambda entry: entry["name"]),
        "versions": StarVersion.objects.select_related("created_by"),
        "language_form": forms.LanguageForm(),
    }
    return render(request, "outcomes/star.html", context)


@require_roles(Role.PROJECT_LEADER)
def star_edit(request):
    version = services.current_version()
    initial = []
    for area in version.areas.all():
        text = area.text(SOURCE_LANGUAGE)
        initial.append({"code": area.code, **{name: getattr(text, name, "") for name in services.TEXT_FIELDS}})
    formset = forms.AreaFormSet(request.POST or None, initial=initial, prefix="areas")
    settings_form = forms.StarSettingsForm(request.POST or None, initial={"interval_months": version.interval_months})
    if request.method == "POST" and formset.is_valid() and settings_form.is_valid():
        try:
            new = services.star_publish(
                by=request.user,
                interval_months=settings_form.cleaned_data["interval_months"],
                note=settings_form.cleaned_data["note"],
                areas=formset.areas(),
            )
        except ValidationError as error:
            settings_form.add_error(None, error.messages[0])
        else:
            messages.success(
                request,
                _("Version %(number)s of the star is published. Earlier readings keep their version.")
                % {"number": new.number},
            )
            return redirect("outcomes:star")
    context = {"title": _lazy("Edit the star"), "version": version, "formset": formset, "settings_form": settings_form}
    return render(request, "outcomes/star_edit.html", context)


@require_roles(Role.PROJECT_LEADER)
def translation_add(request):
    form = forms.LanguageForm(request.GET or None)
    if form.is_valid():
        return redirect("outcomes:translation", language=form.cleaned_data["language"])
    messages.error(request, _("Choose a language other than Danish."))
    return redirect("outcomes:star")


@require_roles(Role.PROJECT_LEADER)
def translation(request, language):
    if language == SOURCE_LANGUAGE or not names.is_language(language):
        raise Http404
    version = services.current_version()
    initial = {}
    texts = [area.text(language) for area in version.areas.all()]
    for area, text in zip(version.areas.all(), texts, strict=True):
        for name in services.TEXT_FIELDS:
            initial[f"{area.code}__{name}"] = getattr(text, name, "")
    initial["checked"] = any(texts) and not any(text.needs_check for text in texts if text)
    form = forms.TranslationForm(request.POST or None, initial=initial, version=version, language=language)
    if request.method == "POST" and form.is_valid():
        services.translation_save(
            version=version,
            language=language,
            texts=form.texts(),
            checked=form.cleaned_data["checked"],
            by=request.user,
        )
        messages.success(request, _("The translation is saved."))
        return redirect("outcomes:star")
    context = {
        "title": _lazy("Translation"),
        "language_name": names.language_name(language),
        "language": language,
        "direction": "rtl" if is_rtl(language) else "ltr",
        "form": form,
        "rows": form.rows(),
    }
    return render(request, "outcomes/translation.html", context)


@require_roles(Role.PROJECT_LEADER)
def version_detail(request, number):
    version = (
        StarVersion.objects.filter(number=number).prefetch_related("areas__texts").select_related("created_by").first()
    )
    if version is None:
        raise Http404
    context = {
        "title": _lazy("Star version"),
        "version": version,
        "areas": [(area, area.text(SOURCE_LANGUAGE)) for area in version.areas.all()],
    }
    return render(request, "outcomes/version.html", context)


# --- A match's readings ------------------------------------------------------------------------


@require_roles(*CASEWORK)
@shows_people
def match_star(request, match_id):
    """The star panel of a match: loaded into the match page by htmx, or a page of its own."""
    match = selectors.get_scoped_match(request.user, match_id)
    context = panel.match_star(match)
    audit_listed(
        actor=request.user,
        target_type="outcomes.reading",
        ids=[row["reading"].pk for row in context["readings"]],
        what=f"star readings of match {match.pk}",
    )
    if request.htmx:
        return render(request, "outcomes/_match_star_panel.html", context)
    return render(request, "outcomes/match_star.html", {**context, "title": _lazy("Forandringsstjernen")})


# --- Readings entered by staff ---------------------------------------------------------------


@require_roles(*CASEWORK)
@shows_people
def reading_new(request, match_id):
    match = selectors.get_scoped_match(request.user, match_id)
    if request.method == "GET":
        audit_view(request.user, match)
    version = services.current_version()
    form = forms.ReadingForm(request.POST or None, version=version, consultant=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.reading_record(
                match=match,
                on=form.cleaned_data["on"],
                filled_by=form.cleaned_data["filled_by"],
                scores=form.scores(),
                not_this_time=form.reason(),
                comment=form.cleaned_data["comment"],
                by=request.user,
            )
        except services.ReadingError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, _("The reading is saved."))
            return redirect("matches:detail", match_id=match.pk)
    context = {
        "title": _lazy("Forandringsstjernen"),
        "match": match,
        "form": form,
        "rows": form.rows(match.participant.mother_tongue),
        "first_name": match.participant.first_name,
    }
    return render(request, "outcomes/reading_form.html", context)


@require_roles(*CASEWORK)
@shows_people
def link_new(request, match_id):
    """GET explains; POST makes a link, e-mails it when it can, and shows it once to copy."""
    match = selectors.get_scoped_match(request.user, match_id)
    context = {"title": _lazy("A link for the volunteer"), "match": match, "url": "", "emailed": False}
    if request.method == "GET":
        audit_view(request.user, match)
    elif match.status not in LINKABLE or match.started_on is None:
        messages.error(request, _("A link can only be made for a running match."))
        return redirect("matches:detail", match_id=match.pk)
    else:
        _link, secret, emailed = services.link_issue(match=match, by=request.user)
        context["url"] = request.build_absolute_uri(reverse("outcomes:fill", kwargs={"link_token": secret}))
        context["emailed"] = emailed
    return _private(render(request, "outcomes/link.html", context))


# --- The volunteer's link (no password) ----------------------------------------------------------


def _refused(request, reason: str, status: int):
    return _private(
        render(
            request,
            "outcomes/link_refused.html",
            {"title": _lazy("Forandringsstjernen"), "reason": reason},
            status=status,
        )
    )


@public
@shows_people
def fill(request, link_token):
    """A capability URL: the secret in the link is the credential, for one match, once, 14 days.
    An unknown, used or expired link gets a plain page and never any match's form."""
    link = services.link_for_token(link_token)
    if link is None:
        return _refused(request, "unknown", 404)
    if link.is_used:
        return _refused(request, "used", 410)
    if link.is_expired:
        return _refused(request, "expired", 410)
    match = link.match
    version = services.current_version()
    form = forms.ReadingForm(request.POST or None, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            services.reading_record(
                match=match,
                on=timezone.localdate(),
                filled_by=form.cleaned_data["filled_by"],
                scores=form.scores(),
                not_this_time=form.reason(),
                comment=form.cleaned_data["comment"],
                link=link,
            )
        except services.ReadingError as error:
            if not services.link_for_token(link_token).is_used:
                form.add_error(None, error.messages[0])
            else:
                return _refused(request, "used", 410)
        else:
            return _private(render(request, "outcomes/thanks.html", {"title": _lazy("Thank you")}))
    elif request.method == "GET":
        audit_view(None, match)
    context = {
        "title": _lazy("Forandringsstjernen"),
        "form": form,
        "rows": form.rows(match.participant.mother_tongue),
        "first_name": match.participant.first_name,
        "public": True,
    }
    return _private(render(request, "outcomes/reading_form.html", context))
