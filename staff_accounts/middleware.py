"""A password alone reaches nothing for staff who must use a second factor.

After Django's and django-otp's middleware, which say who the user is and whether a
second factor verified this session: a signed-in user who must use one
(staff_accounts.policy), or who has set one up, and whose session it has not
verified, is sent from any admin page to the second step (or, without a factor yet, to
setting one up); outside the admin they are anonymous, so a password alone shows no
draft, private page or userbar either.

A session verified by a factor that no longer exists (removed or replaced, as when a
lost phone is reset) is ended: changing the second factor signs out every session it
had let in. Django itself ends sessions when the password changes (the session holds
a hash of it)."""

from django_otp import DEVICE_ID_SESSION_KEY, user_has_device

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.urls import Resolver404, resolve, reverse

from .policy import must_use_two_factor

# Admin pages a user signed in with a password alone may still open.
OPEN_BEFORE_SECOND_FACTOR = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "staff_accounts_verify",
    "staff_accounts_setup",
}


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # No session cookie, no user: leave the session untouched (it would add
        # `Vary: Cookie` to every public answer).
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)
        verified_by = request.session.get(DEVICE_ID_SESSION_KEY)
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        if verified_by:
            # OTPMiddleware found the device gone or unconfirmed.
            logout(request)
            if is_admin(request):
                messages.info(request, "Your second factor changed: sign in again.")
                return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
            return self.get_response(request)
        has_factor = user_has_device(user)
        if not (has_factor or must_use_two_factor(user)):
            return self.get_response(request)
        if not is_admin(request):
            request.user = AnonymousUser()
            return self.get_response(request)
        if url_name(request) in OPEN_BEFORE_SECOND_FACTOR:
            return self.get_response(request)
        step = "staff_accounts_verify" if has_factor else "staff_accounts_setup"
        return redirect_to_login(request.get_full_path(), reverse(step))


def is_admin(request):
    return request.path_info.startswith("/admin/")


def url_name(request):
    try:
        return resolve(request.path_info).url_name
    except Resolver404:
        return None
