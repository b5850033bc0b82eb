from datetime import date

import factory
from factory.django import DjangoModelFactory

from volunteers.models import Campaign, Channel, Course


class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"Kampagne {n}")
    channel = Channel.SOCIAL_MEDIA
    region = None
    starts_on = date(2024, 1, 1)


class CourseFactory(DjangoModelFactory):
    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"Kursus {n}")
    held_on = date(2024, 3, 1)
