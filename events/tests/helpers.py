from datetime import date

from events.models import Event, Kind


def make_event(region=None, *, kind=Kind.EXCHANGE, held_on=date(2024, 6, 1), capacity=None, **fields) -> Event:
    return Event.objects.create(
        kind=kind,
        title=fields.pop("title", "Erfaringsudveksling"),
        held_on=held_on,
        region=region,
        capacity=capacity,
        **fields,
    )
