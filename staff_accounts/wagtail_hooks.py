"""The second factor in the admin: its pages (under /admin/two-factor/), a link in the
account menu, and API tokens, which staff who must use a second factor get only once
they have one (an API token is a way in with no second factor of its own)."""

from django_otp import user_has_device

from django import forms
from django.urls import path

from wagtail import hooks
from wagtail.users.views.api_tokens import APITokenForm, APITokenViewSet

from . import views
from .policy import must_use_two_factor


class EnrolledOwnerAPITokenForm(APITokenForm):
    def clean_user(self):
        owner = self.cleaned_data["user"]
        if must_use_two_factor(owner) and not user_has_device(owner):
            raise forms.ValidationError(
                f"{owner.get_username()} must sign in with a second factor and has not set "
                "one up yet: an API token would be a way in without it. Ask them to sign "
                "in once and set up their authenticator app first."
            )
        return owner


class TwoFactorAPITokenViewSet(APITokenViewSet):
    """Wagtail's API token views, with the form above. Not registered (Wagtail's own
    viewset keeps its menu item and URL names); only its add view is used, at the
    add view's own address, ahead of Wagtail's (hooks with order < 0 come first)."""

    def get_form_class(self, for_update=False):
        return super().get_form_class(for_update) if for_update else EnrolledOwnerAPITokenForm


API_TOKENS = TwoFactorAPITokenViewSet("wagtailusers_api_tokens", url_prefix="api-tokens")


@hooks.register("register_admin_urls", order=-1)
def register_two_factor_urls():
    return [
        path("two-factor/verify/", views.VerifyView.as_view(), name="staff_accounts_verify"),
        path("two-factor/setup/", views.SetupView.as_view(), name="staff_accounts_setup"),
        path("two-factor/", views.AccountView.as_view(), name="staff_accounts_account"),
        path("api-tokens/new/", API_TOKENS.add_view),
    ]


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    return {
        "url": "/admin/two-factor/",
        "label": "Two-factor sign-in",
        "help_text": "Your authenticator app and recovery codes.",
    }
