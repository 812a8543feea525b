"""Sign-ins, failed sign-ins and sign-outs into the audit trail (Django's signals, so
every login view is covered). A failed sign-in names the account only if it exists:
what was typed as a username may be a password typed in the wrong box."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit.models import AuditEvent, record


@receiver(user_logged_in)
def signed_in(sender, request, user, **kwargs):
    record(AuditEvent.Action.SIGNED_IN, request=request, actor=user)


@receiver(user_logged_out)
def signed_out(sender, request, user, **kwargs):
    if user is not None:
        record(AuditEvent.Action.SIGNED_OUT, request=request, actor=user)


@receiver(user_login_failed)
def sign_in_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get("username", "")
    account = get_user_model()._default_manager.filter(username=username).first()
    record(
        AuditEvent.Action.SIGN_IN_FAILED,
        request=request,
        actor=account,
        detail="" if account else "unknown username",
    )
