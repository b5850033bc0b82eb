from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import get_in_scope, regions_for
from accounts.models import Role
from accounts.permissions import public, require_roles
from audit.decorators import shows_people
from audit.models import Action
from audit.services import audit_listed, audit_record, audit_view
from lib import names
from lib.choices import Interest, Need, labels, translated
from lib.http import client_ip
from lib.lists import paging_context, sort, url_with_id
from lib.views import form_action
from referrals.models import Participant

from . import posting, selectors, services
from .forms import (
    CONTACT_FIELDS,
    PROFILE_FIELDS,
    ApplicationForm,
    CampaignForm,
    CapacityForm,
    CriteriaForm,
    DecisionForm,
    NoteForm,
    PostingForm,
    ReasonStepForm,
    RegionSettingsForm,
    ScreeningAnswersForm,
    ScreeningBookForm,
    StepForm,
    VolunteerEditForm,
    VolunteerFilter,
)
from .models import Campaign, Posting, Screening, Volunteer, VolunteerStatus

S = VolunteerStatus
LEADER, CONSULTANT, STUDENT = Role.PROJECT_LEADER, Role.CONSULTANT, Role.STUDENT_ASSISTANT
RECRUITMENT = (LEADER, CONSULTANT, STUDENT)
CASEWORK = (LEADER, CONSULTANT)


def _detail(volunteer):
    return redirect("volunteers:detail", volunteer_id=volunteer.pk)


def _volunteer(request, volunteer_id):
    """The volunteer in the user's scope (else 404); showing a page about them is audited (on GET:
    a POST records its own change)."""
    volunteer = get_in_scope(Volunteer.objects.for_user(request.user), pk=volunteer_id)
    if request.method == "GET":
        audit_view(request.user, volunteer)
    return volunteer


def _error_to_form(form, error):
    """A refused operation outside an action view: the reason at the form, nothing saved."""
    form.add_error(None, error.messages)


# --- The public application form ---


@public
def apply(request):
    slug = request.POST.get("c") if request.method == "POST" else request.GET.get("c")
    campaign = Campaign.objects.filter(slug=slug).first() if slug else None
    if request.method == "POST":
        form = ApplicationForm(request.POST)
        ip = client_ip(request)
        if services.apply_rate_exceeded(ip):
            return render(request, "volunteers/apply_limited.html", {"title": _("Too many applications")}, status=429)
        if form.is_spam:
            services.apply_rate_count(ip)
            return redirect("volunteers:apply_done")
        if form.is_valid():
            try:
                services.application_submit(data=form.cleaned_data, campaign=campaign, on=timezone.localdate())
            except ValidationError as error:  # VolunteerError, or a model's own validation
                _error_to_form(form, error)
            else:
                services.apply_rate_count(ip)
                return redirect("volunteers:apply_done")
    else:
        form = ApplicationForm(initial={"c": campaign.slug if campaign else ""})
    return render(request, "volunteers/apply.html", {"title": _("Become a volunteer"), "form": form})


@public
def apply_done(request):
    return render(request, "volunteers/apply_done.html", {"title": _("Thank you for your application")})


# --- Pipeline board, list and detail ---


@require_roles(*RECRUITMENT)
@shows_people
def pipeline(request):
    regions = list(selectors.board_regions(request.user))
    if not regions:
        audit_listed(actor=request.user, target_type="volunteers.volunteer", ids=[], what="volunteer board")
        return render(request, "volunteers/pipeline.html", {"title": _("Volunteers"), "board": None, "regions": []})
    slug = request.GET.get("region")
    region = next((r for r in regions if r.slug == slug), regions[0])
    board = selectors.pipeline_board(request.user, region, today=timezone.localdate())
    audit_listed(
        actor=request.user, target_type="volunteers.volunteer", ids=[v.pk for v in board.shown], what="volunteer board"
    )
    settings_form = None
    if request.user.role == LEADER:
        settings_form = RegionSettingsForm(initial={"sleep_on_it_days": board.sleep_days})
    context = {
        "title": _("Volunteers"),
        "board": board,
        "regions": regions,
        "region": region,
        "settings_form": settings_form,
    }
    return render(request, "volunteers/pipeline.html", context)


@require_roles(LEADER)
@require_POST
def sleep_days(request, region):
    region = get_in_scope(regions_for(request.user), slug=region)
    form = RegionSettingsForm(request.POST)
    if form.is_valid():
        services.region_settings_set(
            region=region, sleep_on_it_days=form.cleaned_data["sleep_on_it_days"], by=request.user
        )
        messages.success(request, _("The setting is saved."))
    else:
        messages.error(request, " ".join(form.errors.get("sleep_on_it_days", [])))
    return redirect(reverse("volunteers:pipeline") + f"?region={region.slug}")


VOLUNTEER_COLUMNS = {
    "name": ("first_name", "last_name"),
    "reference": ("reference",),
    "region": ("region__name",),
    "status": ("status",),
    "applied": ("applied_on",),
    "campaign": ("campaign__name",),
}


# The columns the list shows (its rows are built as objects: whole volunteers cost more).
LISTED_FIELDS = ("first_name", "last_name", "reference", "region", "status", "applied_on", "campaign__name")


@require_roles(*RECRUITMENT)
@shows_people
def volunteer_list(request):
    """The filter form is posted: a name or e-mail searched for never goes into a URL (and so not
    into server logs or browser history). A search's pages are buttons of the same form."""
    searching = request.method == "POST"
    data = (request.POST if searching else request.GET).copy()
    data.pop("csrfmiddlewaretoken", None)
    if not searching:
        data.pop("q", None)  # an old link with ?q= is not honoured
    regions = regions_for(request.user).order_by("name")
    filtered = VolunteerFilter(
        data,
        # No join to the regions (their names come from `regions`): with it SQLite sorted every
        # volunteer in scope instead of reading the newest-application index.
        queryset=Volunteer.objects.for_user(request.user)
        .select_related(None)
        .select_related("campaign")
        .only(*LISTED_FIELDS)
        .order_by("-applied_on", "pk"),
        regions=regions,
        campaigns=selectors.campaigns_for(request.user),
    )
    volunteers, sorting = sort(filtered.qs, data, VOLUNTEER_COLUMNS, form="volunteer-filter" if searching else None)
    page = Paginator(volunteers, 50).get_page(data.get("page"))
    statuses, detail_url = translated(S), url_with_id("volunteers:detail", "volunteer_id")
    region_names = {region.pk: region.name for region in regions}
    for volunteer in page.object_list:
        volunteer.region_name = region_names.get(volunteer.region_id, "")
        volunteer.status_label = statuses.get(volunteer.status, volunteer.status)
        volunteer.detail_url = detail_url(volunteer.pk)
    audit_listed(
        actor=request.user, target_type="volunteers.volunteer", ids=[v.pk for v in page], what="volunteer list"
    )
    context = {
        "title": _("All volunteers"),
        "filter": filtered,
        "page": page,
        "searching": searching,
        "sorting": sorting,
        "query_without_page": paging_context(request, data)["query_without_page"],
    }
    return render(request, "volunteers/list.html", context)


@require_roles(*RECRUITMENT)
@shows_people
def detail(request, volunteer_id):
    volunteer = get_in_scope(Volunteer.objects.for_user(request.user), pk=volunteer_id)
    audit_view(request.user, volunteer)
    sees_assessment = selectors.can_see_assessment(request.user)
    screening = Screening.objects.filter(volunteer=volunteer).first()
    notes = selectors.notes_for(request.user, volunteer)
    context = {
        "title": str(volunteer),
        "volunteer": volunteer,
        "screening": screening,
        # Answers and assessment only for consultants and project leaders.
        "screening_answers": screening if sees_assessment and screening and screening.held_on else None,
        "sees_assessment": sees_assessment,
        "history": _with_labels(volunteer.status_changes.select_related("by")),
        "matches": volunteer.matches.for_user(request.user),
        "notes": notes,
        # Sections from the apps above (events): settings.VOLUNTEER_PANELS.
        "panels": selectors.volunteer_panels(request.user, volunteer),
        "interests": labels(Interest, volunteer.interests),
        "note_form": NoteForm(initial={"casework_only": sees_assessment}),
        "can_book": volunteer.status in (S.APPLIED, S.SCREENING_BOOKED),
        "can_record": sees_assessment and volunteer.status != S.APPLIED and screening is not None,
        # The outcome of the screening is decided once; afterwards pause/leave/resume are the actions.
        "can_decide": sees_assessment
        and volunteer.status not in (S.APPROVED, S.MATCHED, S.PAUSED, S.LEFT)
        and bool(volunteer.allowed_transitions() & set(services.DECISIONS)),
        "can_suggest": sees_assessment and volunteer.status in (S.APPROVED, S.MATCHED),
        "can_pause": sees_assessment and volunteer.can_transition(S.PAUSED),
        "can_leave": sees_assessment and volunteer.can_transition(S.LEFT),
        "can_resume": sees_assessment and volunteer.status in (S.PAUSED, S.LEFT),
        "can_set_capacity": sees_assessment and volunteer.status not in (S.NOT_SUITABLE, S.REDIRECTED, S.WITHDREW),
    }
    return render(request, "volunteers/detail.html", context)


def _with_labels(changes):
    names_ = dict(S.choices)
    changes = list(changes)
    for change in changes:
        change.to_status_label = names_.get(change.to_status, change.to_status)
    return changes


# --- Steps on one volunteer ---


def _step_page(request, volunteer, form, *, heading, template="volunteers/step.html", extra=None, status=200):
    context = {"title": heading, "heading": heading, "volunteer": volunteer, "form": form, **(extra or {})}
    return render(request, template, context, status=status)


def _step(request, volunteer, form, *, heading, run):
    """One step on a volunteer (`lib.views.form_action`), back to the volunteer's page."""
    return form_action(
        request,
        form,
        run=run,
        done=reverse("volunteers:detail", kwargs={"volunteer_id": volunteer.pk}),
        page=lambda form, status: _step_page(request, volunteer, form, heading=heading, status=status),
    )


@require_roles(*RECRUITMENT)
@shows_people
def screening_book(request, volunteer_id):
    volunteer = _volunteer(request, volunteer_id)
    screening = Screening.objects.filter(volunteer=volunteer).first()
    form = ScreeningBookForm(request.POST or None, instance=screening)

    def run(data):
        services.screening_book(
            volunteer=volunteer,
            meeting_at=data["meeting_at"],
            place=data["place"],
            by=request.user,
            on=timezone.localdate(),
        )
        return _("The screening meeting is booked.")

    return _step(request, volunteer, form, heading=_("Book the screening meeting"), run=run)


@require_roles(*CASEWORK)
@shows_people
def screening_record(request, volunteer_id):
    volunteer = _volunteer(request, volunteer_id)
    screening = Screening.objects.filter(volunteer=volunteer).first()
    if screening is None:
        messages.error(request, _("Book the screening meeting first."))
        return _detail(volunteer)
    criteria = CriteriaForm(request.POST or None, instance=volunteer)
    answers = ScreeningAnswersForm(request.POST or None, instance=screening)
    if request.method == "POST" and criteria.is_valid() and answers.is_valid():
        data = dict(answers.cleaned_data)
        held_on = data.pop("held_on")
        try:
            services.screening_record(
                volunteer=volunteer, held_on=held_on, criteria=criteria.cleaned_data, answers=data, by=request.user
            )
        except ValidationError as error:  # VolunteerError, or a model's own validation
            _error_to_form(answers, error)
        else:
            messages.success(request, _("The screening is recorded. The candidate now sleeps on it."))
            return _detail(volunteer)
    context = {
        "title": _("Record the screening"),
        "volunteer": volunteer,
        "criteria": criteria,
        "answers": answers,
        "screening": screening,
    }
    return render(request, "volunteers/screening_record.html", context)


@require_roles(*CASEWORK)
@shows_people
def decide(request, volunteer_id):
    volunteer = _volunteer(request, volunteer_id)
    form = DecisionForm(request.POST or None, volunteer=volunteer)

    def run(data):
        services.volunteer_decide(
            volunteer=volunteer,
            outcome=data["outcome"],
            on=data["on"],
            by=request.user,
            reason=data["reason"],
            redirected_to=data["redirected_to"],
        )
        return _("The outcome is saved.")

    return _step(request, volunteer, form, heading=_("Outcome of the screening"), run=run)


def _reason_step(request, volunteer_id, *, operation, heading, done):
    volunteer = _volunteer(request, volunteer_id)

    def run(data):
        operation(volunteer=volunteer, on=data["on"], by=request.user, reason=data["reason"])
        return done

    return _step(request, volunteer, ReasonStepForm(request.POST or None), heading=heading, run=run)


@require_roles(*CASEWORK)
@shows_people
def pause(request, volunteer_id):
    return _reason_step(
        request,
        volunteer_id,
        operation=services.volunteer_pause,
        heading=_("Pause"),
        done=_("The volunteer is paused."),
    )


@require_roles(*CASEWORK)
@shows_people
def leave(request, volunteer_id):
    return _reason_step(
        request,
        volunteer_id,
        operation=services.volunteer_leave,
        heading=_("The volunteer leaves"),
        done=_("The volunteer has left the program."),
    )


@require_roles(*CASEWORK)
@shows_people
def resume(request, volunteer_id):
    volunteer = _volunteer(request, volunteer_id)

    def run(data):
        services.volunteer_resume(volunteer=volunteer, on=data["on"], by=request.user)
        return _("The volunteer is active again.")

    return _step(request, volunteer, StepForm(request.POST or None), heading=_("Active again"), run=run)


@require_roles(*CASEWORK)
@shows_people
def capacity(request, volunteer_id):
    volunteer = _volunteer(request, volunteer_id)
    form = CapacityForm(request.POST or None, initial={"capacity": volunteer.capacity})

    def run(data):
        services.volunteer_set_capacity(volunteer=volunteer, capacity=data["capacity"], by=request.user)
        return _("The number of matches at a time is saved.")

    return _step(request, volunteer, form, heading=_("Matches at a time"), run=run)


def editable_fields(user) -> tuple[str, ...]:
    """The student assistant books screenings, so corrects contact details; casework staff the profile too."""
    return (*CONTACT_FIELDS, *PROFILE_FIELDS) if user.role in CASEWORK else CONTACT_FIELDS


@require_roles(*RECRUITMENT)
@shows_people
def edit(request, volunteer_id):
    volunteer = _volunteer(request, volunteer_id)
    form = VolunteerEditForm(request.POST or None, instance=volunteer, editable=editable_fields(request.user))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.fields}
        try:
            services.volunteer_update(volunteer=volunteer, data=data, by=request.user)
        except (services.VolunteerError, ValidationError) as error:
            _error_to_form(form, error)
        else:
            messages.success(request, _("The volunteer's details are saved."))
            return _detail(volunteer)
    heading = _("Edit %(name)s") % {"name": volunteer}
    return _step_page(request, volunteer, form, heading=heading)


@require_roles(*RECRUITMENT)
@require_POST
def note_add(request, volunteer_id):
    volunteer = get_in_scope(Volunteer.objects.for_user(request.user), pk=volunteer_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.volunteer_note_add(
            volunteer=volunteer,
            text=form.cleaned_data["text"],
            casework_only=form.cleaned_data["casework_only"],
            by=request.user,
        )
        messages.success(request, _("The note is saved."))
    else:
        messages.error(request, _("Write the note before saving."))
    return _detail(volunteer)


# --- Campaigns ---


@require_roles(*RECRUITMENT)
def campaigns(request):
    rows = selectors.campaigns_with_counts(request.user)
    apply_url = request.build_absolute_uri(reverse("volunteers:apply"))
    return render(
        request,
        "volunteers/campaigns.html",
        {"title": _("Recruitment"), "campaigns": rows, "apply_url": apply_url},
    )


def _campaign_form(request, campaign):
    editable = selectors.can_edit_campaign(request.user, campaign)
    form = CampaignForm(
        request.POST or None,
        instance=campaign,
        regions=regions_for(request.user).order_by("name"),
        national_allowed=selectors.may_make_national_campaigns(request.user),
        read_only=not editable,
    )
    if request.method == "POST" and not editable:
        form.is_valid()
        form.add_error(None, _("Only the project leader can change a national campaign."))
    elif request.method == "POST" and form.is_valid():
        try:
            services.campaign_save(campaign=form.instance, by=request.user)
        except ValidationError as error:
            _error_to_form(form, error)
        else:
            messages.success(request, _("The campaign is saved."))
            return redirect("volunteers:campaigns")
    heading = (_("Edit campaign") if editable else _("Campaign")) if campaign else _("New campaign")
    link = request.build_absolute_uri(reverse("volunteers:apply") + f"?c={campaign.slug}") if campaign else ""
    context = {"title": heading, "heading": heading, "form": form, "link": link, "editable": editable}
    return render(request, "volunteers/campaign_form.html", context)


@require_roles(*RECRUITMENT)
def campaign_create(request):
    return _campaign_form(request, None)


@require_roles(*RECRUITMENT)
def campaign_edit(request, campaign_id):
    campaign = get_in_scope(selectors.campaigns_for(request.user), pk=campaign_id)
    return _campaign_form(request, campaign)


# --- The anonymous posting for one participant ---


def _chosen_facts(form, participant, *, this_year) -> posting.Facts:
    data = form.cleaned_data
    own = selectors.participant_facts(participant, this_year=this_year)
    return posting.Facts(
        gender=own.gender if data.get("use_gender") else "",
        age_decade=own.age_decade if data.get("use_age") else None,
        region=own.region if data.get("place") == "region" else "",
        municipality=own.municipality if data.get("place") == "municipality" else "",
        interests=frozenset(data.get("interests") or ()),
        needs=frozenset(data.get("needs") or ()),
        birth_country=own.birth_country if data.get("use_birth_country") else "",
    )


def _forbidden_terms(participant, facts: posting.Facts, *, this_year) -> list[str]:
    terms = [participant.first_name, participant.last_name, participant.reference]
    if participant.birth_year:
        terms += [str(participant.birth_year), str(this_year - participant.birth_year)]
    if participant.treatment_centre_id:
        terms.append(participant.treatment_centre.name)
    if participant.birth_country and not facts.birth_country:
        terms.append(names.country_name(participant.birth_country))
    return [term for term in terms if term]


def _describe(relaxation: posting.Relaxation) -> str:
    value = relaxation.value
    texts = {
        "municipality_to_region": _("use the region (%(value)s) instead of the municipality"),
        "drop_municipality": _("leave out the municipality"),
        "drop_region": _("leave out the region"),
        "drop_birth_country": _("leave out the birth country"),
        "drop_interest": _("leave out the interest “%(value)s”"),
        "drop_need": _("leave out the wish “%(value)s”"),
        "drop_age": _("leave out the age decade"),
        "drop_gender": _("leave out the gender"),
    }
    if relaxation.change == "drop_interest":
        value = dict(Interest.choices).get(value, value)
    elif relaxation.change == "drop_need":
        value = dict(Need.choices).get(value, value)
    return texts[relaxation.change] % {"value": value}


def _explain(result: posting.Check) -> dict:
    return {
        "group_size": result.group_size,
        "ok": result.ok,
        "minimum": posting.MIN_GROUP_SIZE,
        "steps": [
            {"text": _describe(step), "group_size": step.group_size, "enough": step.enough}
            for step in result.relaxations
        ],
        "plan": [_describe(step) for step in result.plan],
    }


def _default_data(draft: posting.Facts) -> QueryDict:
    """The form data of the first draft (posting.first_draft: one that passes when possible)."""
    data = QueryDict(mutable=True)
    if draft.gender:
        data["use_gender"] = "on"
    if draft.age_decade is not None:
        data["use_age"] = "on"
    data["place"] = "region" if draft.region else "none"
    data.setlist("interests", sorted(draft.interests))
    data.setlist("needs", sorted(draft.needs))
    return data


def _danish_country(code: str) -> str:
    """The posting is Danish whatever the consultant's interface language."""
    if not code:
        return ""
    with translation.override("da"):
        return names.country_name(code)


@require_roles(*CASEWORK)
@shows_people
def posting_create(request, participant_id):
    """Draft, check and approve an anonymous posting. "Update draft" regenerates the text from the
    chosen facts; "Approve" checks that at least five participants share them (else shows why)."""
    participant = get_in_scope(Participant.objects.for_user(request.user), pk=participant_id)
    audit_view(request.user, participant)
    this_year = timezone.localdate().year
    own = selectors.participant_facts(participant, this_year=this_year)
    region_of = selectors.municipality_regions()
    population = selectors.posting_population(own, this_year=this_year, region_of=region_of)
    if request.method == "POST":
        data = request.POST.copy()
    else:
        data = _default_data(posting.first_draft(own, population, region_of=region_of))
    form = PostingForm(data, participant=participant)
    result = None
    if form.is_valid():
        facts = _chosen_facts(form, participant, this_year=this_year)
        result = posting.check(facts, population, region_of=region_of)
        if request.POST.get("action") == "approve":
            if not result.ok:
                form.add_error(None, _("The posting is refused: too few participants share these facts."))
            else:
                try:
                    created = services.posting_approve(
                        participant=participant,
                        facts=facts,
                        text=form.cleaned_data["text"],
                        population=population,
                        forbidden=_forbidden_terms(participant, facts, this_year=this_year),
                        region_of=region_of,
                        by=request.user,
                        now=timezone.now(),
                    )
                except services.VolunteerError as error:
                    form.add_error("text", error.messages)
                else:
                    messages.success(request, _("The posting is approved."))
                    return redirect("volunteers:posting_detail", posting_id=created.pk)
        else:
            data["text"] = posting.draft_text(facts, country_name=_danish_country(facts.birth_country))
            form = PostingForm(data, participant=participant)
            form.is_valid()
    context = {
        "title": _("Posting for one participant"),
        "participant": participant,
        "form": form,
        "check": _explain(result) if result else None,
        "previous": Posting.objects.filter(participant=participant).select_related("approved_by"),
    }
    return render(request, "volunteers/posting_form.html", context)


@require_roles(*CASEWORK)
@shows_people
def posting_detail(request, posting_id):
    found = get_object_or_404(Posting.objects.select_related("participant", "approved_by"), pk=posting_id)
    get_in_scope(Participant.objects.for_user(request.user), pk=found.participant_id)  # out of scope: 404
    audit_record(actor=request.user, action=Action.VIEW, target=found)
    return render(request, "volunteers/posting_detail.html", {"title": _("Posting"), "posting": found})
