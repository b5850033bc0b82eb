import logging

from django.db import DatabaseError


def database_error_class(error: BaseException) -> str:
    """What kind of database error this is, without its message: the driver's class and code
    ("OperationalError SQLITE_BUSY", "UniqueViolation 23505"), never the row it may quote."""
    cause = error.__cause__ or error
    parts = [type(cause).__name__]
    code = getattr(cause, "sqlite_errorname", None) or getattr(cause, "sqlstate", None)
    if code:
        parts.append(str(code))
    return " ".join(parts)


class RedactDatabaseErrors(logging.Filter):
    """Database errors can quote the failing row ("Failing row contains (…)"), i.e. personal data.
    Keep the traceback and the error's class and code (so an operator can tell a lock from a
    constraint), drop the message."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], DatabaseError):
            kind, error, traceback = record.exc_info
            redacted = f"[{database_error_class(error)}; detail redacted: it may hold personal data]"
            record.exc_info = (kind, kind(redacted), traceback)
            record.exc_text = None
        return True
