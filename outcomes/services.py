"""Changing the star and recording readings: each a transaction, each audited."""

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import audit_record
from lib import names
from lib.tokens import hash_token, new_token
from matches.models import Match

from . import selectors
from .models import (
    LINK_DAYS,
    SCALE,
    SOURCE_LANGUAGE,
    AreaText,
    NotThisTime,
    Reading,
    ReadingLink,
    Score,
    StarArea,
    StarVersion,
)

TEXT_FIELDS = ("name", "low", "middle", "high")
ATTENTION_CHUNK = 500  # matches per refresh query (bound parameters)


class ReadingError(ValidationError):
    """A reading or link refused, with a message for the person filling it in."""


def current_version() -> StarVersion:
    return StarVersion.objects.prefetch_related("areas__texts").order_by("-number").first()


# --- The star (project leader) -------------------------------------------------------------


@transaction.atomic
def star_publish(*, by, interval_months: int, areas: list[dict], note: str = "") -> StarVersion:
    """Publish a new version with these areas in this order, each {code, name, low, middle, high} in
    Danish. Past readings keep the version they were made with. Translations are copied from the
    current version; one whose Danish wording changed is marked to be checked again."""
    codes = [area["code"] for area in areas]
    if not codes or len(set(codes)) != len(codes):
        raise ValidationError(_("The star needs at least one area, each with its own code."))
    previous = StarVersion.objects.select_for_update().order_by("-number").first()
    before = {area.code: area for area in previous.areas.prefetch_related("texts")} if previous else {}
    version = StarVersion.objects.create(
        number=(previous.number + 1) if previous else 1, interval_months=interval_months, note=note, created_by=by
    )
    for order, data in enumerate(areas, start=1):
        area = StarArea.objects.create(version=version, code=data["code"], order=order * 10)
        danish = {name: data[name].strip() for name in TEXT_FIELDS}
        AreaText.objects.create(area=area, language=SOURCE_LANGUAGE, **danish)
        old = before.get(data["code"])
        if old is None:
            continue
        old_danish = old.text(SOURCE_LANGUAGE)
        changed = old_danish is None or any(getattr(old_danish, name) != danish[name] for name in TEXT_FIELDS)
        AreaText.objects.bulk_create(
            AreaText(
                area=area,
                language=text.language,
                needs_check=text.needs_check or changed,
                **{name: getattr(text, name) for name in TEXT_FIELDS},
            )
            for text in old.texts.all()
            if text.language != SOURCE_LANGUAGE
        )
    audit_record(actor=by, action=Action.CREATE, target=version, detail="star version")
    return version


@transaction.atomic
def translation_save(*, version: StarVersion, language: str, texts: dict[str, dict], checked: bool, by) -> None:
    """Set the current version's wording in one language (not Danish, the source): per area code
    all four texts, or none (the area then shows in Danish only)."""
    if language == SOURCE_LANGUAGE or not names.is_language(language):
        raise ValidationError(_("Choose a language other than Danish."))
    for area in version.areas.all():
        values = {name: (texts.get(area.code) or {}).get(name, "").strip() for name in TEXT_FIELDS}
        if not any(values.values()):
            AreaText.objects.filter(area=area, language=language).delete()
            continue
        AreaText.objects.update_or_create(area=area, language=language, defaults={**values, "needs_check": not checked})
    audit_record(actor=by, action=Action.CHANGE, target=version, detail=f"star translation {language}")


# --- Readings -------------------------------------------------------------------------------


def _check_reading(*, match: Match, version: StarVersion, on: date, scores: dict, not_this_time: str) -> None:
    if match.started_on is None or on < match.started_on:
        raise ReadingError(_("A reading cannot be dated before the match started."))
    if match.ended_on is not None and on > match.ended_on:
        raise ReadingError(_("A reading cannot be dated after the match ended."))
    if on > timezone.localdate():
        raise ReadingError(_("A reading cannot be dated in the future."))
    if not_this_time and scores:
        raise ReadingError(_("Choose either scores or “not this time”, not both."))
    if not not_this_time and not scores:
        raise ReadingError(_("Choose a number for at least one area, or “not this time” with a reason."))
    if not_this_time and not_this_time not in NotThisTime.values:
        raise ReadingError(_("Choose a reason."))
    codes = {area.code for area in version.areas.all()}
    if set(scores) - codes or any(value not in SCALE for value in scores.values()):
        raise ReadingError(_("Each score is a whole number from 1 to 10 for an area of the star."))


@transaction.atomic
def reading_record(
    *,
    match: Match,
    on: date,
    filled_by: str,
    scores: dict[str, int],
    not_this_time: str = "",
    comment: str = "",
    by=None,
    link: ReadingLink | None = None,
) -> Reading:
    """Record a reading made with the current star. Through a link (by None) it uses the link up:
    a second submission of the same link, or an expired one, is refused and nothing is saved."""
    version = current_version()
    _check_reading(match=match, version=version, on=on, scores=scores, not_this_time=not_this_time)
    if link is not None:
        link = ReadingLink.objects.select_for_update().get(pk=link.pk)
        if link.match_id != match.pk or link.is_used or link.is_expired:
            raise ReadingError(_("This link no longer works."))
    try:
        with transaction.atomic():
            reading = Reading.objects.create(
                match=match,
                version=version,
                on=on,
                filled_by=filled_by,
                not_this_time=not_this_time,
                comment=comment.strip(),
                recorded_by=by,
            )
    except IntegrityError:
        raise ReadingError(_("There is already a reading of this match on that date.")) from None
    Score.objects.bulk_create(Score(reading=reading, area=code, value=value) for code, value in scores.items())
    attention_refresh([match.pk])
    if link is not None:
        link.used_at = timezone.now()
        link.reading = reading
        link.save(update_fields=["used_at", "reading"])
    audit_record(actor=by, action=Action.CREATE, target=reading, detail="star reading" + (" via link" if link else ""))
    return reading


def attention_refresh(match_ids) -> None:
    """Match.star_fell_on again from the readings of `match_ids` (the today page's "needs
    attention"); every write to readings or scores calls it, inside its transaction."""
    match_ids = sorted(set(match_ids))
    for start in range(0, len(match_ids), ATTENTION_CHUNK):
        chunk = match_ids[start : start + ATTENTION_CHUNK]
        fell_on = {match_id: on for match_id, on, *_drop in selectors.fell(Match.objects.filter(pk__in=chunk))}
        Match.objects.filter(pk__in=chunk).exclude(pk__in=fell_on).update(star_fell_on=None)
        by_day = defaultdict(list)
        for match_id, on in fell_on.items():
            by_day[on].append(match_id)
        for on, ids in by_day.items():
            Match.objects.filter(pk__in=ids).update(star_fell_on=on)


# --- The volunteer's link -------------------------------------------------------------------


@transaction.atomic
def link_issue(*, match: Match, by, email: bool = True) -> tuple[ReadingLink, str, bool]:
    """A new single-use link for the match's volunteer, valid for 14 days; earlier unused links of
    the match stop working. Returns (link, its secret, whether it was e-mailed). Only the hash of
    the secret is stored, so the address exists only in this answer and the e-mail. `email` False:
    the volunteer opens it at once (the portal), so it is not e-mailed."""
    now = timezone.now()
    ReadingLink.objects.filter(match=match, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    secret = new_token()
    address = match.volunteer.email
    emailed = bool(email and settings.EMAIL_ENABLED and address)
    link = ReadingLink.objects.create(
        match=match,
        token_hash=hash_token(secret),
        created_at=now,
        expires_at=now + timedelta(days=LINK_DAYS),
        created_by=by,
        emailed=emailed,
    )
    url = settings.SITE_URL + reverse("outcomes:fill", kwargs={"link_token": secret})
    if emailed:
        transaction.on_commit(lambda: _send_link(address, url))
    audit_record(actor=by, action=Action.CREATE, target=match, detail="star link" + (" e-mailed" if emailed else ""))
    return link, secret, emailed


def _send_link(address: str, url: str) -> None:
    """No personal data in the subject (nor in the body beyond the link itself)."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Forandringsstjernen: time for a reading")
        body = _(
            "Hello,\n\nHere is a link to fill in Forandringsstjernen together. It takes a couple of minutes "
            "on a phone and is entirely voluntary: you can also answer “not this time”.\n\n%(url)s\n\n"
            "The link works once and for %(days)s days.\n\nBest wishes,\nLivet Går Videre"
        ) % {"url": url, "days": LINK_DAYS}
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=True)


def link_for_token(token: str) -> ReadingLink | None:
    return ReadingLink.objects.for_token(token).select_related("match__participant").first()
