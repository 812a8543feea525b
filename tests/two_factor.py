"""What the two-factor tests share: codes as an authenticator app computes them, and
the authenticator of staff who must have one."""

import base64

from django_otp.oath import TOTP


def totp_code(key):
    """The 6-digit code an authenticator app shows now for `key` (the device's
    bytes, or the base32 secret a person types into the app)."""
    if isinstance(key, str):
        key = base64.b32decode(key)
    return f"{TOTP(key=key, step=30, t0=0, digits=6).token():06d}"


def second_factor(user):
    """The authenticator of staff who must use a second factor (a confirmed one, made
    as enrolment would make it), or None. Called before the browser starts: the
    database cannot be used from Playwright's event loop."""
    from staff_accounts import devices
    from staff_accounts.policy import must_use_two_factor

    if not must_use_two_factor(user):
        return None
    return devices.authenticator_of(user) or devices.confirm(devices.pending_authenticator(user))
