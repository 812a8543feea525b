"""The public appointment request form: plain Django views, since the page holds no
editorial content. POST, then redirect, then GET the thanks page, so a reload never
sends a request twice."""

import logging
import math
import re
from functools import partial

from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .forms import PAGE_ID, AppointmentRequestForm, public_conditions
from .notifications import notify_staff
from .ratelimit import appointment_limit

logger = logging.getLogger(__name__)

TEMPLATE = "appointments/appointment_request.html"
SLUG = re.compile(r"[-\w]{1,255}")


def condition_from_link(value):
    """The condition a link's ?condition=<page id or slug> names, if it is live and
    public; anything else (a draft, a private page, garbage) names none."""
    if PAGE_ID.fullmatch(value):
        return public_conditions().filter(pk=int(value)).first()
    if SLUG.fullmatch(value):
        return public_conditions().filter(slug=value).first()
    return None


@never_cache  # the form carries a CSRF token and, once posted, the patient's details
@require_http_methods(["GET", "HEAD", "POST"])
def appointment_request(request):
    if request.method != "POST":
        condition = condition_from_link(request.GET.get("condition", ""))
        form = AppointmentRequestForm(initial={"condition": condition})
        return render(request, TEMPLATE, {"form": form})

    form = AppointmentRequestForm(request.POST)
    if form.is_spam:
        # Pretend it worked, so the bot learns nothing; nothing is stored or sent.
        logger.info("Appointment request discarded: the honeypot field was filled in.")
        return redirect("appointments:thanks")
    if not form.is_valid():
        return render(request, TEMPLATE, {"form": form})

    if (retry_after := appointment_limit(request)) is not None:
        # The form comes back as it was typed, to send again later.
        response = render(
            request,
            TEMPLATE,
            {"form": form, "retry_minutes": math.ceil(retry_after / 60)},
            status=429,
        )
        response["Retry-After"] = str(retry_after)
        return response

    # Stored first; the email goes only once the request is safely committed.
    with transaction.atomic():
        appointment = form.save()
        transaction.on_commit(partial(notify_staff, appointment))
    return redirect("appointments:thanks")


def thanks(request):
    return render(request, "appointments/thanks.html")
