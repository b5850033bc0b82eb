from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from lib import names
from lib.choices import Availability, DanishLevel, Gender, Interest, Need, labels
from lib.lifecycle import Lifecycle, StatusChangeBase
from regions.models import Region, TreatmentCentre


class ParticipantStatus(models.TextChoices):
    REFERRED = "referred", _("Referred")
    INFO_REQUESTED = "info_requested", _("More information requested")
    WAITING = "waiting", _("Accepted, waiting")
    MATCHED = "matched", _("Matched")
    ENDED = "ended", _("Ended")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = ParticipantStatus
OPEN_PARTICIPANT_STATUSES = (S.REFERRED, S.INFO_REQUESTED, S.WAITING, S.MATCHED)
WITHDRAWABLE_STATUSES = (S.REFERRED, S.INFO_REQUESTED, S.WAITING)


class BarePhone(models.Func):
    """A phone number without its spaces and dashes, as the duplicate check compares them. Its
    constants are written into the SQL (not passed as parameters) so that the database matches it
    to the index on the same expression."""

    template = "REPLACE(REPLACE(%(expressions)s, ' ', ''), '-', '')"
    output_field = models.CharField()


class AwaitingTriageFirst(models.Func):
    """0 for a referral awaiting triage, else 1: the referral list's first sort key. Constants in
    the SQL, like BarePhone, so that the list's default order is read from its index."""

    template = f"CASE WHEN %(expressions)s IN ('{S.REFERRED.value}', '{S.INFO_REQUESTED.value}') THEN 0 ELSE 1 END"
    output_field = models.IntegerField()


class ParticipantQuerySet(models.QuerySet):
    def for_user(self, user):
        """The participants this user may see: a consultant their regions', a social worker the
        ones they referred, the project leader all; nobody else any."""
        qs = self.select_related("region", "treatment_centre")
        if user.role == Role.PROJECT_LEADER:
            return qs
        if user.role == Role.CONSULTANT:
            return qs.filter(region__in=user.regions.all())
        if user.role == Role.SOCIAL_WORKER:
            return qs.filter(referred_by=user)
        return qs.none()

    def in_region(self, region):
        return self.filter(region=region)

    def waiting(self):
        return self.filter(status=S.WAITING)


class WithdrawalReason(models.Model):
    """Why a referral or a person on the waiting list is withdrawn: a list the project leader keeps
    (admin). Names are Danish data, like the reasons for ending a match."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("reason for withdrawal")
        verbose_name_plural = _("reasons for withdrawal")

    def __str__(self) -> str:
        return self.name


class ConsentKind(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    VOLUNTEER = "volunteer", _("Volunteer")


class ConsentTextQuerySet(models.QuerySet):
    def current(self, kind: str):
        """The version people agree to now: the newest one published."""
        return self.filter(kind=kind, published_on__lte=timezone.localdate()).order_by("-version").first()


class ConsentText(models.Model):
    """A version of the consent text people agree to (participants: read to them by the social
    worker; volunteers: on the application form). Versions are never changed, only added, so a
    person's consent always points to the words they agreed to. Danish text: data, like the reasons."""

    kind = models.CharField(_("for"), max_length=16, choices=ConsentKind.choices)
    version = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("text"))
    published_on = models.DateField(_("in use from"), default=timezone.localdate)

    objects = ConsentTextQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-version"]
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="consent_text_version_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


class ConsentRecord(models.Model):
    """Consent as a person gave it, and its end: the same for participants and volunteers."""

    consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    consent_text = models.ForeignKey(
        ConsentText,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent text version"),
    )
    # Empty when the person gave consent themself (a volunteer on the application form).
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent recorded by"),
    )
    # Imported history: "consent held on paper, recorded on ..." (import_data --consent-held-on-paper).
    consent_on_paper_recorded_on = models.DateField(_("consent held on paper, recorded on"), null=True, blank=True)
    consent_withdrawn_on = models.DateField(_("consent withdrawn on"), null=True, blank=True)
    consent_withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawal recorded by"),
    )
    # Set by privacy's erasure: the personal data are gone, the figures the KPIs need remain.
    erased_on = models.DateField(_("erased on"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def consent_withdrawn(self) -> bool:
        return self.consent_withdrawn_on is not None


class Participant(Lifecycle, ConsentRecord):
    """A person referred by a treatment centre. Special-category data: access is scoped and audited."""

    TRANSITIONS = {
        S.REFERRED: {S.INFO_REQUESTED, S.WAITING, S.DECLINED, S.WITHDRAWN},
        S.INFO_REQUESTED: {S.REFERRED, S.WAITING, S.DECLINED, S.WITHDRAWN},
        S.WAITING: {S.MATCHED, S.WITHDRAWN, S.ENDED},
        S.MATCHED: {S.WAITING, S.ENDED, S.WITHDRAWN},
        S.ENDED: {S.WAITING},
        S.DECLINED: set(),
        S.WITHDRAWN: {S.WAITING},
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
    birth_country = models.CharField(_("birth country"), max_length=2, blank=True)
    arrival_year = models.PositiveSmallIntegerField(_("year of arrival in Denmark"), null=True, blank=True)
    # ISO 639 codes, mother tongue first.
    languages = models.JSONField(_("languages"), default=list, blank=True)
    danish_level = models.CharField(_("Danish level"), max_length=16, choices=DanishLevel.choices, blank=True)
    needs_interpreter = models.BooleanField(_("needs an interpreter"), default=False)
    # ISO 639 code; empty means the mother tongue.
    interpreter_language = models.CharField(_("interpreter language"), max_length=8, blank=True)
    needs = models.JSONField(_("wishes from a volunteer"), default=list, blank=True)
    interests = models.JSONField(_("interests"), default=list, blank=True)
    interests_other = models.CharField(_("other interests"), max_length=200, blank=True)
    wished_volunteer_gender = models.CharField(
        _("wished gender of the volunteer"), max_length=16, choices=Gender.choices, blank=True
    )
    wished_age_min = models.PositiveSmallIntegerField(_("wished age from"), null=True, blank=True)
    wished_age_max = models.PositiveSmallIntegerField(_("wished age to"), null=True, blank=True)
    wishes_other = models.TextField(_("other wishes about the volunteer"), blank=True)
    wants_same_mother_tongue = models.BooleanField(_("wishes a volunteer with the same mother tongue"), default=False)
    has_children = models.BooleanField(_("has children"), null=True, blank=True)
    availability = models.JSONField(_("when they can meet"), default=list, blank=True)
    mobility_limits = models.CharField(_("mobility limits"), max_length=200, blank=True)

    # The referral
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="participants", verbose_name=_("region"))
    treatment_centre = models.ForeignKey(
        TreatmentCentre,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("treatment centre"),
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("referred by"),
    )
    referral_reason = models.TextField(_("why now"), blank=True)
    motivation_confirmed = models.BooleanField(_("motivated and has the surplus for a relationship"), default=False)
    heavy_case = models.BooleanField(_("heavier case (professional volunteer only)"), default=False)

    # Lifecycle dates (the KPI reads these).
    status = models.CharField(_("status"), max_length=32, choices=S.choices, default=S.REFERRED)
    status_changed_on = models.DateField(_("status changed"), default=timezone.localdate)
    referred_on = models.DateField(_("referred on"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    # Waiting counts from here; kept when a declined proposal sends the person back.
    waiting_since = models.DateField(_("waiting since"), null=True, blank=True)
    priority = models.BooleanField(_("priority on the waiting list"), default=False)
    withdrawal_reason = models.ForeignKey(
        "WithdrawalReason",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reason for withdrawal"),
    )

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=Q(arrival_year__isnull=True)
                | Q(birth_year__isnull=True)
                | Q(arrival_year__gte=models.F("birth_year")),
                name="participant_arrival_after_birth",
            ),
            models.CheckConstraint(
                condition=Q(accepted_on__isnull=True)
                | Q(referred_on__isnull=True)
                | Q(accepted_on__gte=models.F("referred_on")),
                name="participant_accepted_after_referred",
            ),
        ]
        indexes = [
            # The duplicate check: same name (in any case: PostgreSQL compares UPPER(name), so the
            # index holds it that way; SQLite uses the birth year) and birth year, or the same phone.
            models.Index("birth_year", Upper("first_name"), Upper("last_name"), name="participant_name_upper"),
            models.Index(BarePhone("phone"), name="participant_bare_phone"),
            # The referral list's default order (referrals.selectors.referral_list).
            models.Index(
                AwaitingTriageFirst("status"), F("referred_on").desc(), F("id").desc(), name="participant_triage_order"
            ),
            # The waiting list and the status counts of a region.
            models.Index(fields=["region", "status"], name="participant_region_status"),
            # The report's intake figures (received, accepted per year, referred per centre and the
            # women among them) read from the index alone: the rows are wide, and reading 20,000
            # of them one page at a time took 20-37 ms per figure on SQLite nationally (now 7-9).
            models.Index(
                fields=["referred_on", "accepted_on", "treatment_centre", "gender", "region"],
                name="participant_intake",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.reference

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def birth_country_name(self) -> str:
        return names.country_name(self.birth_country)

    @property
    def language_names(self) -> list[str]:
        return [names.language_name(code) for code in self.languages]

    @property
    def mother_tongue(self) -> str | None:
        return self.languages[0] if self.languages else None

    def days_waiting(self, today: date) -> int | None:
        """Days on the waiting list, from the original waiting date (kept when a proposal falls through)."""
        since = self.waiting_since or self.accepted_on
        return (today - since).days if since else None

    @property
    def interpreter_language_name(self) -> str:
        return names.language_name(self.interpreter_language or self.mother_tongue)

    @property
    def need_labels(self) -> list[str]:
        return labels(Need, self.needs)

    @property
    def interest_labels(self) -> list[str]:
        return labels(Interest, self.interests)

    @property
    def availability_labels(self) -> list[str]:
        return labels(Availability, self.availability)

    @property
    def awaiting_triage(self) -> bool:
        return self.status in (S.REFERRED, S.INFO_REQUESTED)

    @property
    def can_withdraw(self) -> bool:
        """A referral, or a person on the waiting list; a matched person's match is ended first."""
        return self.status in WITHDRAWABLE_STATUSES


class ParticipantNote(models.Model):
    """A consultant's working note about a participant. Never shown to social workers."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("written by")
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("participant note")
        verbose_name_plural = _("participant notes")

    def __str__(self) -> str:
        return f"{self.participant.reference} {self.created_at:%Y-%m-%d}"


class ParticipantStatusChange(StatusChangeBase):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="status_changes")

    class Meta(StatusChangeBase.Meta):
        verbose_name = _("participant status change")
        verbose_name_plural = _("participant status changes")

    def get_to_status_display(self) -> str:
        return str(dict(S.choices).get(self.to_status, self.to_status))
