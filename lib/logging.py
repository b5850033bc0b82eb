import logging

from django.db import DatabaseError


class RedactDatabaseErrors(logging.Filter):
    """Database errors can quote the failing row ("Failing row contains (…)"), i.e. personal data.
    Keep the traceback for debugging, drop the message."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], DatabaseError):
            kind, _error, traceback = record.exc_info
            record.exc_info = (kind, kind("[redacted: database error detail may hold personal data]"), traceback)
            record.exc_text = None
        return True
