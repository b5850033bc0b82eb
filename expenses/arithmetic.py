"""The allowance sums. Pure: amounts in, amounts out.

A match has one allowance per calendar year; an expense counts in the year of its date (not of its
submission or approval), once approved or paid. Going over needs the project leader's approval, so
`used` can exceed the allowance; `remaining` never goes below zero."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Standing:
    year: int
    allowance: Decimal
    used: Decimal
    pending: Decimal

    @property
    def remaining(self) -> Decimal:
        return max(self.allowance - self.used, Decimal("0"))

    @property
    def over(self) -> Decimal:
        return max(self.used - self.allowance, Decimal("0"))

    def would_exceed(self, amount: Decimal) -> bool:
        return self.used + amount > self.allowance


def standing(*, year: int, allowance, expenses) -> Standing:
    """`expenses`: (date, amount, counted) for any years; only `year`'s count. `counted` is True for
    approved or paid expenses, False for those still waiting for a decision (rejected ones left out)."""
    used = pending = Decimal("0")
    for spent_on, amount, counted in expenses:
        if spent_on.year != year:
            continue
        if counted:
            used += Decimal(amount)
        else:
            pending += Decimal(amount)
    return Standing(year=year, allowance=Decimal(allowance), used=used, pending=pending)
