"""The second step of signing in, setting up a second factor (on first sign-in, or
anew), recovery codes, and the account page that shows them. Codes are throttled by
django-otp: after each wrong code on a device the next is refused for twice as long
(1 s, 2 s, 4 s, … OTP_TOTP_THROTTLE_FACTOR, OTP_STATIC_THROTTLE_FACTOR)."""

import re

import django_otp
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import View

from audit.models import AuditEvent, record

from . import devices
from .policy import must_use_two_factor

TOTP_CODE = re.compile(r"\d{6}")


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        return re.sub(r"\s", "", self.cleaned_data["code"]).lower()


def next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


def too_many(wait):
    return f"Too many wrong codes: try again in {wait} second{'' if wait == 1 else 's'}."


def throttled_for(device):
    """Seconds before `device` takes another code, or None."""
    allowed, detail = device.verify_is_allowed()
    if allowed or not detail or "locked_until" not in detail:
        return None if allowed else 1
    return max(1, round((detail["locked_until"] - timezone.now()).total_seconds()))


def check_code(user, device, code):
    """The device, if `code` is right for it (one check, throttled, as django-otp
    does it: inside a transaction, the device locked)."""
    return django_otp.verify_token(user, device.persistent_id, code)


class StepView(View):
    template_name = "staff_accounts/step.html"

    def render(self, **context):
        context.setdefault("next", next_url(self.request))
        return TemplateResponse(self.request, self.template_name, context)


@method_decorator(sensitive_post_parameters("code"), name="post")
@method_decorator(never_cache, name="dispatch")
class VerifyView(StepView):
    """The second step of signing in: a code from the authenticator app, or one of
    the recovery codes."""

    template_name = "staff_accounts/verify.html"

    def get(self, request):
        if request.user.is_verified() or not user_has_device(request.user):
            return redirect(next_url(request))
        return self.render(form=CodeForm())

    def post(self, request):
        user = request.user
        form = CodeForm(request.POST)
        if not form.is_valid():
            return self.render(form=form)
        code = form.cleaned_data["code"]
        kind = TOTPDevice if TOTP_CODE.fullmatch(code) else StaticDevice
        device = kind.objects.filter(user=user, confirmed=True).first()
        if device is not None and (wait := throttled_for(device)):
            form.add_error("code", too_many(wait))
            return self.render(form=form)
        if device is not None and check_code(user, device, code):
            django_otp.login(request, device)
            record(AuditEvent.Action.TWO_FACTOR_PASSED, request=request, detail=device.name)
            return redirect(next_url(request))
        record(AuditEvent.Action.TWO_FACTOR_FAILED, request=request)
        form.add_error(
            "code",
            "That code is not right. Enter the 6-digit code your authenticator app shows "
            "now, or one of your recovery codes.",
        )
        return self.render(form=form)


@method_decorator(sensitive_post_parameters("code"), name="post")
@method_decorator(never_cache, name="dispatch")
class SetupView(StepView):
    """Setting up an authenticator app: on first sign-in when the account must have
    one, or from the account page to replace one. Someone holding only the password
    of an account that has a second factor cannot set up another."""

    template_name = "staff_accounts/setup.html"

    def dispatch(self, request, *args, **kwargs):
        if user_has_device(request.user) and not request.user.is_verified():
            return redirect_to_login(next_url(request), reverse("staff_accounts_verify"))
        return super().dispatch(request, *args, **kwargs)

    def context(self, form):
        device = devices.pending_authenticator(self.request.user)
        return {
            "form": form,
            "qr_code": devices.qr_code_svg(device),
            "secret": devices.secret(device),
            "required": must_use_two_factor(self.request.user),
        }

    def get(self, request):
        return self.render(**self.context(CodeForm()))

    def post(self, request):
        form = CodeForm(request.POST)
        if not form.is_valid():
            return self.render(**self.context(form))
        device = devices.pending_authenticator(request.user)
        if wait := throttled_for(device):
            form.add_error("code", too_many(wait))
            return self.render(**self.context(form))
        if not check_code(request.user, device, form.cleaned_data["code"]):
            form.add_error(
                "code",
                "That code is not right. Check that the app shows this account, and enter "
                "the code it shows now.",
            )
            return self.render(**self.context(form))
        devices.confirm(device)
        codes = devices.new_recovery_codes(request.user)
        django_otp.login(request, device)
        record(AuditEvent.Action.TWO_FACTOR_ENROLLED, request=request)
        return self.render(template="staff_accounts/recovery_codes.html", codes=codes)

    def render(self, template=None, **context):
        if template:
            self.template_name = template
        return super().render(**context)


@method_decorator(never_cache, name="dispatch")
class AccountView(StepView):
    """The account's second factor: what it has, new recovery codes, a new app, and
    for those who need none, turning it off."""

    template_name = "staff_accounts/account.html"

    def get(self, request):
        user = request.user
        recovery = StaticDevice.objects.filter(user=user).first()
        return self.render(
            authenticator=devices.authenticator_of(user),
            codes_left=recovery.token_set.count() if recovery else 0,
            required=must_use_two_factor(user),
        )

    def post(self, request):
        user = request.user
        if request.POST.get("action") == "recovery_codes" and devices.authenticator_of(user):
            codes = devices.new_recovery_codes(user)
            record(AuditEvent.Action.RECOVERY_CODES_MADE, request=request)
            self.template_name = "staff_accounts/recovery_codes.html"
            return self.render(codes=codes, next=reverse("staff_accounts_account"))
        if request.POST.get("action") == "turn_off" and not must_use_two_factor(user):
            devices.remove_all(user)
            # This session stays signed in; others that a factor verified end.
            request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
            record(AuditEvent.Action.TWO_FACTOR_RESET, request=request, detail="turned off")
            messages.success(request, "Two-factor sign-in is off for your account.")
        return redirect("staff_accounts_account")
