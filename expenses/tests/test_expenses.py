"""Expenses: the receipt checked by its content, the allowance per year, the approval steps, and
nobody sees another volunteer's expenses."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from expenses import arithmetic, receipts, services
from expenses.models import Allowance, Expense, ExpenseStatus
from factories import (
    HEIC_BYTES,
    JPEG_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    ExpenseFactory,
    VolunteerFactory,
    active_match_for,
)

S = ExpenseStatus


@pytest.fixture
def match(volunteer_user, consultant_h):
    return active_match_for(volunteer_user.volunteer, consultant=consultant_h)


def _claim(client, match, upload, amount="120.50"):
    return client.post(
        "/portal/expenses/new/",
        {"match": match.pk, "spent_on": "2024-05-02", "amount": amount, "category": "cafe", "receipt": upload},
    )


@pytest.mark.parametrize("content", [JPEG_BYTES, PNG_BYTES, PDF_BYTES, HEIC_BYTES])
@time_machine.travel(date(2024, 6, 1))
def test_a_receipt_is_accepted_by_its_content(client, volunteer_user, match, content):
    client.force_login(volunteer_user)
    response = _claim(client, match, SimpleUploadedFile("whatever.bin", content, content_type="text/plain"))
    assert response.status_code == 302
    expense = Expense.objects.get()
    assert expense.status == S.SUBMITTED and expense.amount == Decimal("120.50")
    assert receipts.path(expense.receipt_name).read_bytes() == content
    assert "whatever" not in expense.receipt_name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("receipt.jpg", b"<html><script>alert(1)</script>", "skal være et foto"),
        ("receipt.pdf", b"MZ\x90\x00 an executable", "skal være et foto"),
        ("big.jpg", JPEG_BYTES + b"\x00" * (10 * 1024 * 1024), "større end 10 MB"),
    ],
)
@time_machine.travel(date(2024, 6, 1))
def test_wrong_type_or_size_is_refused_in_danish_and_nothing_saved(
    client, volunteer_user, match, name, content, message
):  # noqa: E501
    client.force_login(volunteer_user)
    before = set(receipts.root().iterdir())
    response = _claim(client, match, SimpleUploadedFile(name, content, content_type="image/jpeg"))
    assert response.status_code == 400 and message in response.content.decode()
    assert not Expense.objects.exists() and set(receipts.root().iterdir()) == before


def test_allowance_arithmetic_counts_each_year_on_its_own():
    expenses = [
        (date(2024, 12, 31), Decimal("700"), True),
        (date(2025, 1, 1), Decimal("300"), True),
        (date(2025, 3, 1), Decimal("50"), False),
    ]
    year_2024 = arithmetic.standing(year=2024, allowance=1000, expenses=expenses)
    year_2025 = arithmetic.standing(year=2025, allowance=800, expenses=expenses)
    assert (year_2024.used, year_2024.remaining, year_2024.pending) == (700, 300, 0)
    assert (year_2025.used, year_2025.remaining, year_2025.pending) == (300, 500, 50)
    assert year_2025.would_exceed(Decimal("500.01")) and not year_2025.would_exceed(Decimal("500"))
    over = arithmetic.standing(year=2024, allowance=500, expenses=expenses)
    assert (over.remaining, over.over) == (0, 200)


def test_the_allowance_is_the_regions_then_the_years_default(hovedstaden, syddanmark):
    Allowance.objects.create(region=None, year=2025, amount=1200)
    Allowance.objects.create(region=hovedstaden, year=2025, amount=1500)
    assert Allowance.objects.amount_for(region=hovedstaden, year=2025) == 1500
    assert Allowance.objects.amount_for(region=syddanmark, year=2025) == 1200
    assert Allowance.objects.amount_for(region=syddanmark, year=2024) == 1000


def test_approval_within_then_over_the_allowance_then_payment(match, consultant_h, leader):
    Allowance.objects.create(region=None, year=2024, amount=300)
    first = ExpenseFactory(match=match, amount=200, spent_on=date(2024, 5, 1))
    second = ExpenseFactory(match=match, amount=150, spent_on=date(2024, 5, 2))
    next_year = ExpenseFactory(match=match, amount=250, spent_on=date(2025, 1, 2))
    assert services.expense_approve(expense=first, by=consultant_h).status == S.APPROVED
    assert services.expense_approve(expense=second, by=consultant_h).status == S.OVER_ALLOWANCE
    assert services.expense_approve(expense=next_year, by=consultant_h).status == S.APPROVED
    assert services.allowance_standing(match=match, year=2024).remaining == 100
    services.expense_approve_over(expense=second, by=leader)
    standing = services.allowance_standing(match=match, year=2024)
    assert (standing.used, standing.remaining, standing.over) == (350, 0, 50)
    paid = services.expense_pay(expense=first, by=leader, on=date(2024, 6, 1))
    assert paid.status == S.PAID and services.allowance_standing(match=match, year=2024).used == 350
    with pytest.raises(services.ExpenseError):
        services.expense_approve(expense=first, by=consultant_h)


def test_reject_needs_a_reason_and_frees_the_allowance(client, match, consultant_h):
    expense = ExpenseFactory(match=match, amount=100)
    client.force_login(consultant_h)
    assert client.post(f"/expenses/{expense.pk}/reject/", {"reason": ""}).status_code == 400
    assert client.post(f"/expenses/{expense.pk}/reject/", {"reason": "Ingen kvittering"}).status_code == 302
    expense.refresh_from_db()
    assert expense.status == S.REJECTED
    assert services.allowance_standing(match=match, year=2024).pending == 0


def test_a_volunteer_never_sees_another_volunteers_expenses(client, volunteer_user, match, hovedstaden):
    other = active_match_for(VolunteerFactory(region=hovedstaden, approved=True))
    theirs = ExpenseFactory(match=other, note="Andens udlæg")
    mine = ExpenseFactory(match=match)
    client.force_login(volunteer_user)
    assert client.get(f"/portal/expenses/{mine.pk}/receipt/").status_code == 200
    assert client.get(f"/portal/expenses/{theirs.pk}/receipt/").status_code == 404
    assert "Andens udlæg" not in client.get("/portal/expenses/").content.decode()
    # A volunteer cannot claim on someone else's match either.
    response = _claim(client, other, SimpleUploadedFile("r.png", PNG_BYTES))
    assert response.status_code == 400 and not Expense.objects.filter(match=other).exclude(pk=theirs.pk).exists()


def test_staff_outside_the_region_get_404_for_receipts(client, match, consultant_s, consultant_h):
    expense = ExpenseFactory(match=match)
    client.force_login(consultant_s)
    assert client.get(f"/expenses/{expense.pk}/receipt/").status_code == 404
    client.force_login(consultant_h)
    assert client.get(f"/expenses/{expense.pk}/receipt/").status_code == 200


def test_the_export_has_numbers_as_numbers_and_no_formulas(client, match, leader):
    ExpenseFactory(match=match, amount=Decimal("99.95"), note='=HYPERLINK("http://x")', spent_on=date(2024, 5, 1))
    client.force_login(leader)
    response = client.get("/expenses/export/", {"start": "2024-01-01", "end": "2024-12-31"})
    assert response.status_code == 200
    from io import BytesIO

    sheet = load_workbook(BytesIO(response.content)).active
    row = [cell.value for cell in sheet[2]]
    assert Decimal(str(row[6])) == Decimal("99.95")
    assert row[-1].startswith("'=")


def test_the_match_page_shows_the_allowance_to_casework(client, match, consultant_h):
    Allowance.objects.create(region=None, year=date.today().year, amount=900)
    client.force_login(consultant_h)
    page = client.get(f"/matches/{match.pk}/").content.decode()
    assert "Rådighedsbeløb" in page and "900,00 kr." in page
