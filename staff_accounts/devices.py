"""The two factors a staff member can hold (django-otp's devices): an authenticator
app (TOTP, RFC 6238: a code that changes every 30 seconds) and a set of single-use
recovery codes, for when the phone is lost or not at hand."""

import io
from base64 import b32encode

import segno
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.db import transaction

RECOVERY_CODES = 10


def authenticator_of(user, confirmed=True):
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


def pending_authenticator(user):
    """The authenticator being set up: the same secret on every reload of the page,
    until it is confirmed with a code."""
    return authenticator_of(user, confirmed=False) or TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=False
    )


def secret(device):
    """The key as authenticator apps take it when typed in (base32)."""
    return b32encode(device.bin_key).decode()


def qr_code_svg(device):
    out = io.BytesIO()
    segno.make(device.config_url).save(
        out, kind="svg", scale=4, xmldecl=False, svgns=True, title="QR code to scan"
    )
    return out.getvalue().decode()


@transaction.atomic
def confirm(device):
    """Makes `device` the user's one authenticator: any earlier one is removed, which
    ends the sessions it verified (staff_accounts.middleware)."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save()
    return device


@transaction.atomic
def new_recovery_codes(user):
    """A fresh set of recovery codes, replacing any earlier ones; returns them (they
    are shown once)."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": "Recovery codes", "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def remove_all(user):
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
