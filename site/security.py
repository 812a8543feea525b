"""How django-axes counts failed logins (by the client address of
core.client_address, which the rate limits count too)."""

from axes.handlers.database import AxesDatabaseHandler

from django.conf import settings


class LoginFailuresHandler(AxesDatabaseHandler):
    """django-axes' database handler with two limits instead of one.

    Axes counts failures for each entry of AXES_LOCKOUT_PARAMETERS (here: the
    username from this address, then the username from anywhere) and locks when the
    largest count reaches AXES_FAILURE_LIMIT. A username guessed from many addresses
    deserves a higher limit than one address (a lockout by username alone also locks
    out its rightful owner), so the username's count is scaled to the same limit: it
    reaches AXES_FAILURE_LIMIT exactly when the username has failed
    LOGIN_FAILURE_LIMIT_PER_USERNAME times."""

    def get_failures(self, request, credentials=None):
        by_pair, by_username = (
            sum(attempts.values_list("failures_since_start", flat=True))
            for attempts in self.get_user_attempts(request, credentials)
        )
        limit = settings.AXES_FAILURE_LIMIT
        return max(by_pair, by_username * limit // settings.LOGIN_FAILURE_LIMIT_PER_USERNAME)
