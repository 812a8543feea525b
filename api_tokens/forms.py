"""The expiry field of the admin's API token forms (views.py)."""

from django_otp import user_has_device

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateTimeInput
from wagtail.models import APIToken
from wagtail.users.views.api_tokens import APITokenForm

from staff_accounts.policy import must_use_two_factor

from .models import expires_at, set_expiry


def expiry_field():
    return forms.DateTimeField(
        label="Expires",
        required=False,
        widget=AdminDateTimeInput,
        help_text="From this time on the token is refused, as a revoked one is. Leave it "
        "empty for a token that works until revoked.",
    )


def in_the_future(when):
    if when is not None and when <= timezone.now():
        raise ValidationError("Enter a time in the future: to stop a token now, revoke it.")
    return when


class APITokenCreateForm(APITokenForm):
    expires_at = expiry_field()

    def clean_user(self):
        """Staff who must sign in with a second factor get a token only once they
        have one: a token is a way in with no second factor of its own."""
        owner = self.cleaned_data["user"]
        if must_use_two_factor(owner) and not user_has_device(owner):
            raise ValidationError(
                f"{owner.get_username()} must sign in with a second factor and has not set "
                "one up yet: an API token would be a way in without it. Ask them to sign "
                "in once and set up their authenticator app first."
            )
        return owner

    def clean_expires_at(self):
        return in_the_future(self.cleaned_data["expires_at"])


class APITokenEditForm(WagtailAdminModelForm):
    expires_at = expiry_field()

    class Meta:
        model = APIToken
        fields = ["name"]

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        self.initial["expires_at"] = expires_at(instance)

    def clean_expires_at(self):
        # An expiry already past may stay as it is (when only the name is edited).
        if "expires_at" not in self.changed_data:
            return self.cleaned_data["expires_at"]
        return in_the_future(self.cleaned_data["expires_at"])

    def save(self, commit=True):
        token = super().save(commit=commit)
        set_expiry(token, self.cleaned_data["expires_at"])
        return token
