"""What the two-factor tests share: codes as an authenticator app computes them."""

import base64

from django_otp.oath import TOTP


def totp_code(key):
    """The 6-digit code an authenticator app shows now for `key` (the device's
    bytes, or the base32 secret a person types into the app)."""
    if isinstance(key, str):
        key = base64.b32decode(key)
    return f"{TOTP(key=key, step=30, t0=0, digits=6).token():06d}"
