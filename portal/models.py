from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from lib.tokens import hash_token
from matches.models import Match
from regions.models import Region
from volunteers.models import Volunteer


class LoginLinkQuerySet(models.QuerySet):
    def for_token(self, token: str):
        return self.filter(token_hash=hash_token(token))


class LoginLink(models.Model):
    """A volunteer's one-time login link: valid LINK_MINUTES, once, and only in the browser that
    asked for it (the digest of a random key kept in that browser's session). Only digests are
    stored: a copy of the database holds no working link."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="login_links")
    token_hash = models.CharField(max_length=64, unique=True)
    browser_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    objects = LoginLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("login link")
        verbose_name_plural = _("login links")

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class Category(models.TextChoices):
    PRACTICAL = "practical", _("Something practical")
    HEAVY_STORY = "heavy_story", _("I heard a heavy story")
    BOUNDARIES = "boundaries", _("Boundaries")
    NOT_WORKING = "not_working", _("The match is not working")
    PAUSE = "pause", _("I need a pause")
    STOP = "stop", _("I want to stop as a volunteer")
    SUPERVISION = "supervision", _("Supervision")
    OTHER = "other", _("Something else")


class CallbackQuerySet(models.QuerySet):
    def for_user(self, user):
        """Consultants see their regions' requests, the project leader all, nobody else any."""
        qs = self.select_related("volunteer", "match", "region")
        if user.role == Role.PROJECT_LEADER:
            return qs
        if user.role == Role.CONSULTANT:
            return qs.filter(region__in=user.regions.all())
        return qs.none()

    def open(self):
        return self.filter(handled_at__isnull=True)


class CallbackRequest(models.Model):
    """ "I need to talk to a consultant": the volunteer asks to be called; it waits on the today page."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="callback_requests")
    match = models.ForeignKey(Match, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("what it is about"), max_length=16, choices=Category.choices)
    message = models.TextField(_("a few words (optional)"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = CallbackQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("call-back request")
        verbose_name_plural = _("call-back requests")

    def __str__(self) -> str:
        return f"{self.volunteer.reference} {self.category}"
