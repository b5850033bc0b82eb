import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """Calendar months later; a day missing in the target month becomes its last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last_day))


def six_month_mark(start: date) -> date:
    return add_months(start, 6)
