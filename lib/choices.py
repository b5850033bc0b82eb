"""Vocabularies shared by participants, volunteers and the matching engine."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    FEMALE = "female", _("Woman")
    MALE = "male", _("Man")
    OTHER = "other", _("Other")


class Need(models.TextChoices):
    SOCIAL = "social", _("Social company")
    ADVICE = "advice", _("Everyday advice")
    DANISH = "danish", _("Danish practice")


class Availability(models.TextChoices):
    WEEKDAY_DAYTIME = "weekday_daytime", _("Weekdays, daytime")
    WEEKDAY_EVENING = "weekday_evening", _("Weekdays, evening")
    WEEKEND = "weekend", _("Weekends")


class Interest(models.TextChoices):
    WALKS = "walks", _("Walks and nature")
    COOKING = "cooking", _("Cooking")
    CAFE = "cafe", _("Café visits and talks")
    MUSEUMS = "museums", _("Museums and culture")
    SPORT = "sport", _("Sport and exercise")
    FOOTBALL = "football", _("Football")
    CRAFTS = "crafts", _("Handicrafts")
    GARDENING = "gardening", _("Gardening")
    MUSIC = "music", _("Music")
    READING = "reading", _("Reading")
    CHILDREN = "children", _("Activities with children")
    CYCLING = "cycling", _("Cycling")
    SWIMMING = "swimming", _("Swimming")
    CITY = "city", _("Exploring the city")


class Strength(models.TextChoices):
    """What a volunteer brings that serves a participant's needs."""

    PUBLIC_SYSTEM = "public_system", _("Knows the public system")
    SOCIAL_WORK = "social_work", _("Social or health work")
    TEACHING = "teaching", _("Teaching")
    LANGUAGE_TEACHING = "language_teaching", _("Language teaching")
    JOB_MARKET = "job_market", _("Job market and education")
    HEALTH = "health", _("Health")


class DanishLevel(models.TextChoices):
    NONE = "none", _("None")
    SOME = "some", _("Some")
    GOOD = "good", _("Good")
    FLUENT = "fluent", _("Fluent")


def translated(choices: type[models.TextChoices]) -> dict[str, str]:
    """Code → label in the active language, translated once: for a list's rows (a model's
    get_FOO_display builds the choices and translates the label anew for every row)."""
    return {code: str(label) for code, label in choices.choices}


def labels(choices: type[models.TextChoices], codes) -> list[str]:
    names = dict(choices.choices)
    return [str(names.get(code, code)) for code in codes or ()]
