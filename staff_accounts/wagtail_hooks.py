"""The second factor in the admin: its pages (under /admin/two-factor/) and a link in
the account menu. (API tokens wait for a second factor too: api_tokens.forms.)"""

from django.urls import path

from wagtail import hooks

from . import views


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("two-factor/verify/", views.VerifyView.as_view(), name="staff_accounts_verify"),
        path("two-factor/setup/", views.SetupView.as_view(), name="staff_accounts_setup"),
        path("two-factor/", views.AccountView.as_view(), name="staff_accounts_account"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    return {
        "url": "/admin/two-factor/",
        "label": "Two-factor sign-in",
        "help_text": "Your authenticator app and recovery codes.",
    }
