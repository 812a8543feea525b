"""The empty appointment form, rendered once and kept in the app cache: the same page
for every visitor but its CSRF token, which is put in for each request. Kept under the
content version and the condition a link chose (by id, so made-up `?condition=`
values share the page of none), so a publish shows at once. A visitor with a session
(staff, who may see Wagtail's user bar) always gets a page rendered for them."""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render

from core.app_cache import is_anonymous_read, remember, versioned_key

# Rendered where the token goes; tokens are letters and digits only, so it is never one.
TOKEN_PLACEHOLDER = "__appointment-form-csrf-token__"


def empty_form_page(request, template, form, condition):
    if not is_anonymous_read(request):
        return render(request, template, {"form": form, "languages_for_view": True})
    page = remember(
        versioned_key("appointment-form", request, condition.pk if condition else ""),
        lambda: render(
            request,
            template,
            {"form": form, "csrf_token": TOKEN_PLACEHOLDER, "languages_for_view": True},
        ).content.decode(),
    )
    return HttpResponse(page.replace(TOKEN_PLACEHOLDER, get_token(request)))
