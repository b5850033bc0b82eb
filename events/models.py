"""Courses, webinars and experience-exchange meetings for volunteers: the event, who was invited,
who signed up (a place or a numbered place on the waiting list), who came, and what they thought."""

from datetime import datetime, time

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from regions.models import Region
from volunteers.models import Volunteer


class Kind(models.TextChoices):
    COURSE = "course", _("Course")
    WEBINAR = "webinar", _("Webinar")
    EXCHANGE = "exchange", _("Experience-exchange meeting")
    OTHER = "other", _("Other")


class Format(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class EventQuerySet(models.QuerySet):
    def for_user(self, user):
        """Consultants see their regions' events and the national ones; the project leader all."""
        qs = self.select_related("region")
        if user.role == Role.PROJECT_LEADER:
            return qs
        if user.role == Role.CONSULTANT:
            return qs.filter(Q(region__isnull=True) | Q(region__in=user.regions.all()))
        return qs.none()

    def upcoming(self, day):
        return self.filter(held_on__gte=day).order_by("held_on", "starts_at", "pk")

    def past(self, day):
        return self.filter(held_on__lt=day).order_by("-held_on", "-starts_at", "-pk")


class Event(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.COURSE)
    title = models.CharField(_("title"), max_length=200)
    topic = models.TextField(_("topic"), blank=True, help_text=_("The topic, or the theme of the short talk."))
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts"), null=True, blank=True)
    ends_at = models.TimeField(_("ends"), null=True, blank=True)
    format = models.CharField(_("format"), max_length=16, choices=Format.choices, default=Format.IN_PERSON)
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("region"),
        help_text=_("Empty for a national event."),
    )
    capacity = models.PositiveSmallIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty when there is no limit.")
    )
    format_notes = models.TextField(_("notes on the format"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-starts_at", "title"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1), name="event_capacity_at_least_one"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(starts_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("The event must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def start(self) -> datetime:
        """The start as an aware datetime (midnight when no time is set)."""
        return timezone.make_aware(datetime.combine(self.held_on, self.starts_at or time(0)))

    @property
    def end(self) -> datetime | None:
        if self.ends_at is None:
            return None
        return timezone.make_aware(datetime.combine(self.held_on, self.ends_at))

    def is_past(self, day) -> bool:
        return self.held_on < day


class Invitation(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="event_invitations")
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    emailed = models.BooleanField(_("e-mailed"), default=False)

    class Meta:
        ordering = ["-invited_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [models.UniqueConstraint(fields=["event", "volunteer"], name="event_invited_once")]

    def __str__(self) -> str:
        return f"{self.volunteer.reference} {self.event}"


class SignUp(models.Model):
    """A place at the event, or (with `waiting_position`) a numbered place on its waiting list."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="signups")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="event_signups")
    waiting_position = models.PositiveSmallIntegerField(_("place on the waiting list"), null=True, blank=True)
    signed_up_at = models.DateTimeField(_("signed up"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the volunteer signed up themselves."),
    )

    class Meta:
        ordering = ["waiting_position", "signed_up_at", "pk"]
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "volunteer"],
                name="event_signed_up_once",
                violation_error_message=_("The volunteer is already signed up."),
            ),
            models.UniqueConstraint(
                fields=["event", "waiting_position"],
                condition=Q(waiting_position__isnull=False),
                name="event_waiting_position_unique",
            ),
            models.CheckConstraint(
                condition=Q(waiting_position__isnull=True) | Q(waiting_position__gte=1),
                name="event_waiting_position_from_one",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer.reference} {self.event}"

    @property
    def is_waiting(self) -> bool:
        return self.waiting_position is not None


class Attendance(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendances")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="event_attendances")
    walk_in = models.BooleanField(_("came without signing up"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["-event__held_on", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "volunteer"],
                name="event_attended_once",
                violation_error_message=_("The volunteer is already registered as attending."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.volunteer.reference} {self.event}"


RATING_MIN, RATING_MAX = 1, 5


class Feedback(models.Model):
    """An attendee's short feedback: a rating 1-5 and a comment."""

    attendance = models.OneToOneField(Attendance, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)]
    )
    comment = models.TextField(_("comment"), blank=True)
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Staff who entered it; empty when the volunteer gave it themselves."),
    )

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=RATING_MIN) & Q(rating__lte=RATING_MAX), name="feedback_rating_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.attendance} {self.rating}"
