"""The public appointment request form: plain Django views, since the page holds no
editorial content. POST, then redirect, then GET the thanks page, so a reload never
sends a request twice."""

import logging
import math

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.outages import DATABASE_RETRY_AFTER, DATABASE_UNAVAILABLE, appointments_phone

from .condition_lookup import by_id_or_slug
from .form_cache import empty_form_page
from .forms import AppointmentRequestForm
from .ratelimit import appointment_limit

logger = logging.getLogger(__name__)

TEMPLATE = "appointments/appointment_request.html"


@never_cache  # the form carries a CSRF token and, once posted, the patient's details
@require_http_methods(["GET", "HEAD", "POST"])
def appointment_request(request):
    if request.method != "POST":
        condition = by_id_or_slug(request.GET.get("condition", ""))
        form = AppointmentRequestForm(initial={"condition": condition})
        return empty_form_page(request, TEMPLATE, form, condition)

    try:
        return submit(request)
    except DATABASE_UNAVAILABLE:
        logger.exception("Appointment request not saved: the database is not answering.")
        return database_down(request)


def submit(request):
    form = AppointmentRequestForm(request.POST)
    if form.is_spam:
        # Pretend it worked, so the bot learns nothing; nothing is stored or sent.
        logger.info("Appointment request discarded: the honeypot field was filled in.")
        return redirect("appointments:thanks")
    if not form.is_valid():
        return render(request, TEMPLATE, {"form": form, "languages_for_view": True})

    if (retry_after := appointment_limit(request)) is not None:
        # The form comes back as it was typed, to send again later.
        response = render(
            request,
            TEMPLATE,
            {
                "form": form,
                "retry_minutes": math.ceil(retry_after / 60),
                "languages_for_view": True,
            },
            status=429,
        )
        response["Retry-After"] = str(retry_after)
        return response

    form.save_and_notify()
    return redirect("appointments:thanks")


def database_down(request):
    """The form again, as the patient typed it, with the appointments line to call:
    nothing they typed is lost, and nothing here needs the database. The form is
    unbound (what was typed is its initial data) because a bound form would validate
    itself, and checking the condition asks the database; rendered without the request
    for the same reason (see base.html), the CSRF token handed over by hand."""
    form = AppointmentRequestForm(initial=request.POST.dict())
    context = {"form": form, "database_down": True, "csrf_token": get_token(request)}
    response = HttpResponse(render_to_string(TEMPLATE, context | appointments_phone()), status=503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER)
    return response


def thanks(request):
    return render(request, "appointments/thanks.html", {"languages_for_view": True})
