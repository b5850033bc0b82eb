"""The one application error: an operation the rules refuse, for a reason the user can act on."""

from django.core.exceptions import ValidationError


class OperationRefused(ValidationError):
    """Raised by services with a translated message; nothing is saved (the transaction rolls back).

    Every app's error subclasses it (`ReferralError`, `VolunteerError`, `MatchError`, `FollowUpError`,
    `lib.lifecycle.InvalidTransition`). Views never build its message themselves: an action view
    (`lib.views.form_action`) shows it at the form; anywhere else it propagates and
    `lib.middleware.OperationRefusedMiddleware` shows it as a message on the page the user came from.
    """

    @property
    def text(self) -> str:
        return " ".join(self.messages)
