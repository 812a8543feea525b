"""Error answers that need nothing that may be down: pages in the site's layout
rendered without the request (so nothing looks up the Wagtail site, the user or the
session), API errors as problem+json. handler500 turns "the database is not
answering" into a 503 that tells browsers and load balancers when to come back."""

import sys

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views.defaults import server_error as django_server_error

from wagtail.api.v3.errors import problem_response

from core.outages import DATABASE_RETRY_AFTER, DATABASE_UNAVAILABLE, appointments_phone


def is_api(request):
    return request.path.startswith("/api/")


def error_response(request, status, *, title, detail, template, context=None, headers=None):
    """A problem+json answer for the API, else `template` in the site's layout."""
    if is_api(request):
        response = problem_response(status=status, detail=detail, title=title)
    else:
        response = HttpResponse(render_to_string(template, context), status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def database_unavailable(request):
    return error_response(
        request,
        503,
        title="Service Unavailable",
        detail="The service is briefly unavailable. Please try again shortly.",
        template="503.html",
        context=appointments_phone(),
        headers={"Retry-After": str(DATABASE_RETRY_AFTER)},
    )


def server_error(request, *args, **kwargs):
    """handler500: Django calls it while handling the exception, so sys.exc_info()
    says what went wrong (Django has already logged it with its traceback). The APIs
    answer problem+json (apps parse what they are given), the site its own page."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return database_unavailable(request)
    if is_api(request):
        return problem_response(status=500, detail="The server could not answer this request.")
    return django_server_error(request, *args, **kwargs)
