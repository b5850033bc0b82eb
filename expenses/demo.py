"""Demo allowances (this year's default and Hovedstaden's own) and expenses of some running DEMO-
matches, with tiny generated receipt images. Idempotent: the DEMO- matches' expenses go with the
matches on every rebuild, receipt files no expense names any more are swept away."""

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from matches.models import Match, MatchStatus
from regions.models import Region

from . import receipts
from .models import Allowance, Category, Expense, ExpenseStatus

# A 1×1 white PNG: a receipt that is a real image.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8ffff3f0005fe02fe"
    "a7d6a4b40000000049454e44ae426082"
)


def build(*, rng, today, users) -> None:
    Allowance.objects.update_or_create(region=None, year=today.year, defaults={"amount": 1200})
    hovedstaden = Region.objects.filter(slug="hovedstaden").first()
    if hovedstaden:
        Allowance.objects.update_or_create(region=hovedstaden, year=today.year, defaults={"amount": 1500})
    running = Match.objects.filter(
        reference__startswith="DEMO-", status=MatchStatus.ACTIVE, started_on__lte=today - timedelta(days=30)
    ).order_by("pk")
    Expense.objects.filter(match__in=running).delete()
    for match in list(running)[:40]:
        for _ in range(rng.randint(0, 3)):
            spent_on = max(match.started_on, today - timedelta(days=rng.randint(1, 120)))
            status = rng.choice([ExpenseStatus.SUBMITTED, ExpenseStatus.APPROVED, ExpenseStatus.PAID])
            Expense.objects.create(
                match=match,
                volunteer=match.volunteer,
                spent_on=spent_on,
                amount=Decimal(rng.choice([45, 60, 85, 120, 150, 230])),
                category=rng.choice(Category.values),
                receipt_name=receipts.save(SimpleUploadedFile("r.png", PNG), "image/png"),
                receipt_type="image/png",
                receipt_size=len(PNG),
                status=status,
                paid_on=today if status == ExpenseStatus.PAID else None,
            )
    receipts.sweep(keep=set(Expense.objects.values_list("receipt_name", flat=True)))
