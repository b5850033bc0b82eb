"""Record ids from query strings and forms."""

import re

# At most 9 digits: fits every id column (PostgreSQL integer), so a huge number is "no such record", not a 500.
_ASCII_ID = re.compile(r"[0-9]{1,9}")


def parse_id(value) -> int | None:
    """A record id: ASCII digits only (str.isdigit() accepts "²", and int() accepts "٣" and
    "99999999999999999999", which overflows the database), else None."""
    value = str(value or "").strip()
    return int(value) if _ASCII_ID.fullmatch(value) else None
