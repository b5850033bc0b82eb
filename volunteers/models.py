import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from lib import names
from lib.choices import Gender
from lib.lifecycle import Lifecycle, StatusChangeBase
from referrals.models import ConsentRecord
from regions.models import Region
from volunteers.posting import MIN_GROUP_SIZE


class VolunteerStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    SCREENING_BOOKED = "screening_booked", _("Screening meeting booked")
    SCREENED = "screened", _("Screened, sleeping on it")
    APPROVED = "approved", _("Approved, available")
    MATCHED = "matched", _("Matched")
    PAUSED = "paused", _("Paused")
    LEFT = "left", _("Left")
    NOT_SUITABLE = "not_suitable", _("Not suitable")
    WITHDREW = "withdrew", _("Withdrew")
    REDIRECTED = "redirected", _("Redirected to another program")


S = VolunteerStatus
# Volunteers in these states count as approved (screened and accepted by the program).
APPROVED_STATUSES = (S.APPROVED, S.MATCHED, S.PAUSED)
PIPELINE_STATUSES = (S.APPLIED, S.SCREENING_BOOKED, S.SCREENED)
# What student assistants (recruitment) see: the pipeline and its outcomes, not matched volunteers.
RECRUITMENT_STATUSES = (*PIPELINE_STATUSES, S.APPROVED, S.WITHDREW)


# Match criteria the screening form updates on the volunteer.
CRITERIA_FIELDS = (
    "birth_year",
    "education_job",
    "has_children",
    "interests",
    "postcode",
    "languages",
    "availability",
    "hours_per_month",
    "professional_background",
    "strengths",
    "wished_participant_gender",
    "wished_age_min",
    "wished_age_max",
    "max_distance_km",
)


def scope_q(user, through: str = "") -> Q:
    """VolunteerQuerySet.for_user's rule as a condition, for rows reached through a volunteer
    (`through`: "volunteer__"): filtering on it joins the volunteer, so the planner can start from
    the few rows a list wants (an index on their own dates) instead of every volunteer in scope."""
    if user.role == Role.PROJECT_LEADER:
        return Q()
    if user.role == Role.CONSULTANT:
        return Q(**{f"{through}region__in": user.regions.all()})
    if user.role == Role.STUDENT_ASSISTANT:
        return Q(**{f"{through}region__in": user.regions.all(), f"{through}status__in": RECRUITMENT_STATUSES})
    return Q(pk__in=[])


class VolunteerQuerySet(models.QuerySet):
    def for_user(self, user):
        """The volunteers this user may see: consultants their regions', student assistants their
        regions' recruitment (applicants through approval, not people in or after a match), the
        project leader all; nobody else any."""
        return self.select_related("region").filter(scope_q(user))

    def in_region(self, region):
        return self.filter(region=region)

    def available(self):
        """Approved or matched volunteers below their capacity are checked by the matching app."""
        return self.filter(status__in=(S.APPROVED, S.MATCHED))


class Volunteer(Lifecycle, ConsentRecord):
    TRANSITIONS = {
        S.APPLIED: {S.SCREENING_BOOKED, S.WITHDREW, S.NOT_SUITABLE, S.REDIRECTED},
        S.SCREENING_BOOKED: {S.SCREENED, S.APPLIED, S.WITHDREW, S.NOT_SUITABLE, S.REDIRECTED},
        S.SCREENED: {S.APPROVED, S.NOT_SUITABLE, S.WITHDREW, S.REDIRECTED},
        S.APPROVED: {S.MATCHED, S.PAUSED, S.LEFT},
        S.MATCHED: {S.APPROVED, S.PAUSED, S.LEFT},
        S.PAUSED: {S.APPROVED, S.MATCHED, S.LEFT},
        S.LEFT: {S.APPROVED},
        S.NOT_SUITABLE: set(),
        S.WITHDREW: {S.APPLIED},
        S.REDIRECTED: set(),
    }

    reference = models.CharField(_("reference"), max_length=32, unique=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    education_job = models.CharField(_("education and job"), max_length=200, blank=True)
    has_children = models.BooleanField(_("has children living at home"), null=True, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    interests = models.JSONField(_("interests"), default=list, blank=True)
    availability = models.JSONField(_("when they can meet"), default=list, blank=True)
    hours_per_month = models.PositiveSmallIntegerField(_("hours a month"), null=True, blank=True)
    earlier_volunteering = models.TextField(_("earlier volunteering"), blank=True)
    experience_vulnerable = models.TextField(_("experience with vulnerable people"), blank=True)
    motivation = models.TextField(_("motivation"), blank=True)

    # Match criteria recorded at screening.
    professional_background = models.BooleanField(_("professional background (may take heavier cases)"), default=False)
    strengths = models.JSONField(_("strengths"), default=list, blank=True)
    wished_participant_gender = models.CharField(
        _("wishes a participant of gender"), max_length=16, choices=Gender.choices, blank=True
    )
    wished_age_min = models.PositiveSmallIntegerField(_("wished age from"), null=True, blank=True)
    wished_age_max = models.PositiveSmallIntegerField(_("wished age to"), null=True, blank=True)
    max_distance_km = models.PositiveSmallIntegerField(_("will travel at most (km)"), null=True, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("matches at a time"), default=1, help_text=_("More than 1 only for volunteers able to take more.")
    )

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="volunteers", verbose_name=_("region"))
    status = models.CharField(_("status"), max_length=32, choices=S.choices, default=S.APPLIED)
    status_changed_on = models.DateField(_("status changed"), default=date.today)
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    left_reason = models.CharField(_("reason for leaving"), max_length=200, blank=True)
    paused_reason = models.CharField(_("reason for the pause"), max_length=200, blank=True)
    redirected_to = models.CharField(
        _("redirected to program"),
        max_length=200,
        blank=True,
        help_text=_("Which of the NGO's other programs the person was referred to."),
    )
    campaign = models.ForeignKey(
        "Campaign",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteers",
        verbose_name=_("campaign"),
    )

    # The volunteer's own portal account (role volunteer), made when they first ask for a login link.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="volunteer",
        verbose_name=_("login for the volunteer's own pages"),
    )

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        ordering = ["first_name", "last_name", "pk"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        indexes = [
            # The list of all volunteers, newest application first: read in index order, not sorted.
            models.Index(fields=["-applied_on", "id"], name="volunteer_newest_applied"),
            # The board's columns: the region's candidates by status, the recently approved.
            models.Index(fields=["region", "status", "approved_on"], name="volunteer_board"),
            # Dates of approval across regions: the anniversaries on the today page (three short
            # ranges, not every volunteer) and the volunteers recruited in a report's period.
            models.Index(fields=["approved_on"], name="volunteer_approved_on"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="volunteer_capacity_at_least_one"),
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True)
                | Q(applied_on__isnull=True)
                | Q(approved_on__gte=models.F("applied_on")),
                name="volunteer_approved_after_applied",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.reference

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def language_names(self) -> list[str]:
        return [names.language_name(code) for code in self.languages]

    @property
    def may_use_portal(self) -> bool:
        """Approved, matched or paused: in the program. Once they leave, their login ends."""
        return self.status in APPROVED_STATUSES


class StatusReason(models.TextChoices):
    """Reasons the program itself writes on a status change: stored as codes, shown translated.
    (Reasons people type stay as typed.)"""

    APPLICATION_FORM = "application_form", _("Applied through the application form")


class VolunteerStatusChange(StatusChangeBase):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="status_changes")

    @property
    def reason_label(self) -> str:
        return dict(StatusReason.choices).get(self.reason, self.reason)

    class Meta(StatusChangeBase.Meta):
        verbose_name = _("volunteer status change")
        verbose_name_plural = _("volunteer status changes")


class Channel(models.TextChoices):
    SOCIAL_MEDIA = "social_media", _("Social media")
    JOB_PLATFORM = "job_platform", _("Volunteer-job platform")
    NEWSLETTER = "newsletter", _("Newsletter")
    EVENT = "event", _("Event")
    WORD_OF_MOUTH = "word_of_mouth", _("Word of mouth")
    OTHER = "other", _("Other")


def new_campaign_slug() -> str:
    """The public token in an application link (?c=...): short, unguessable, no personal data."""
    return secrets.token_hex(5)


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, regions):
        """National campaigns and those in the given regions."""
        return self.filter(Q(region__isnull=True) | Q(region__in=regions))


class Campaign(models.Model):
    """A recruitment campaign; its link carries `slug` so applications are attributed to it."""

    name = models.CharField(_("name"), max_length=200)
    channel = models.CharField(_("channel"), max_length=32, choices=Channel.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
        verbose_name=_("region"),
        help_text=_("Empty for a national campaign."),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    slug = models.SlugField(_("link code"), max_length=32, unique=True, default=new_campaign_slug, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "name", "pk"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="campaign_ends_after_start",
                violation_error_message=_("The campaign cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def runs_on(self, day) -> bool:
        """The campaign's period includes `day` (open-ended when it has no end date)."""
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class Screening(models.Model):
    """The screening meeting: booking, the match criteria and suitability answers, the assessment.

    Everything after the booking fields is for consultants and project leaders only: student
    assistants book meetings but never see the answers or the assessment."""

    volunteer = models.OneToOneField(Volunteer, on_delete=models.CASCADE, related_name="screening")
    meeting_at = models.DateTimeField(_("meeting time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    booked_at = models.DateTimeField(_("booked"), auto_now_add=True)

    held_on = models.DateField(_("held on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Match criteria the volunteer model does not hold as structured fields.
    family = models.TextField(_("family and children"), blank=True)
    match_wishes = models.TextField(_("wishes for the match"), blank=True)
    professional_notes = models.TextField(_("professional background"), blank=True)
    # Suitability questions.
    motivation = models.TextField(_("motivation"), blank=True)
    expectations = models.TextField(_("expectations"), blank=True)
    time_available = models.TextField(_("time they can give"), blank=True)
    commits_six_months = models.BooleanField(_("can commit to at least six months"), null=True, blank=True)
    earlier_volunteering = models.TextField(_("earlier volunteering"), blank=True)
    experience_vulnerable = models.TextField(_("experience with vulnerable people or the target group"), blank=True)
    hard_stories = models.TextField(_("how they feel about hearing hard stories"), blank=True)
    assessment = models.TextField(_("consultant's assessment"), blank=True)

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        indexes = [
            # The today page's screening meetings still to record.
            models.Index(fields=["meeting_at"], condition=Q(held_on__isnull=True), name="screening_not_held"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer.reference} {self.meeting_at:%Y-%m-%d}"


class VolunteerNote(models.Model):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("note"))
    casework_only = models.BooleanField(
        _("only for consultants and project leaders"),
        default=False,
        help_text=_("Student assistants do not see the note."),
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("volunteer note")
        verbose_name_plural = _("volunteer notes")

    def __str__(self) -> str:
        return f"{self.volunteer.reference} {self.created_at:%Y-%m-%d}"


DEFAULT_SLEEP_ON_IT_DAYS = 7


class RegionSettings(models.Model):
    """Per-region settings of the screening pipeline; the project leader edits them."""

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="volunteer_settings")
    sleep_on_it_days = models.PositiveSmallIntegerField(
        _("days to sleep on it before a call"),
        default=DEFAULT_SLEEP_ON_IT_DAYS,
        help_text=_("Screened candidates who have not answered after this many days are flagged for a call."),
    )

    class Meta:
        verbose_name = _("volunteer settings for a region")
        verbose_name_plural = _("volunteer settings for regions")
        constraints = [
            models.CheckConstraint(condition=Q(sleep_on_it_days__gte=1), name="sleep_on_it_at_least_one_day")
        ]

    def __str__(self) -> str:
        return str(self.region)


class Posting(models.Model):
    """An approved anonymous posting for one participant (k-anonymous, see volunteers/posting.py)."""

    participant = models.ForeignKey(
        "referrals.Participant", on_delete=models.CASCADE, related_name="postings", verbose_name=_("participant")
    )
    text = models.TextField(_("posting text"))
    facts = models.JSONField(_("facts used"), default=dict)
    # How many participants in the system shared the facts when it was approved.
    group_size = models.PositiveIntegerField(_("participants sharing the facts"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("approved by")
    )
    approved_at = models.DateTimeField(_("approved"))

    class Meta:
        ordering = ["-approved_at", "-pk"]
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        constraints = [
            models.CheckConstraint(condition=Q(group_size__gte=MIN_GROUP_SIZE), name="posting_fits_at_least_five"),
        ]

    def __str__(self) -> str:
        return f"{self.participant.reference} {self.approved_at:%Y-%m-%d}"
