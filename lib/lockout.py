"""Login lock-out (django-axes) that counts per account as well as per account and address."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class AccountLockoutHandler(AxesDatabaseHandler):
    """Axes locks a username at one address after AXES_FAILURE_LIMIT failures. On top of that, an
    account is locked after ACCOUNT_FAILURE_LIMIT failures from all addresses together within the
    cool-off, so guessing from many addresses (or a forged proxy header) buys no more tries."""

    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or self._account_locked(request, credentials)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        # Axes shows its lock-out page only when its own count decided; ours decides too.
        if request is not None and self._account_locked(request, credentials):
            request.axes_locked_out = True
            request.axes_credentials = credentials

    def _account_locked(self, request, credentials) -> bool:
        username = get_client_username(request, credentials)
        if not username:
            return False
        failures = AccessAttempt.objects.filter(
            username=username, attempt_time__gte=get_cool_off_threshold(request)
        ).aggregate(total=Sum("failures_since_start"))["total"]
        return (failures or 0) >= settings.ACCOUNT_FAILURE_LIMIT
