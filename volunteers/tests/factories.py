from datetime import date

import factory
from factory.django import DjangoModelFactory

from volunteers.models import Campaign, Channel


class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"Kampagne {n}")
    channel = Channel.SOCIAL_MEDIA
    region = None
    starts_on = date(2024, 1, 1)
