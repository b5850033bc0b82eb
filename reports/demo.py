"""Demo configuration: the demo treatment centres' share of women among their patients."""

from datetime import date

from regions.models import TreatmentCentre

from .models import CentrePatientProfile


def build(*, rng, today: date, users) -> None:
    for centre in TreatmentCentre.objects.all():
        for year in range(2022, today.year + 1):
            CentrePatientProfile.objects.get_or_create(
                centre=centre, year=year, defaults={"share_women_pct": rng.randint(45, 62)}
            )
