"""Wagtail's page-password form (/_util/authenticate_with_password/…), throttled: one
client address may try settings.PAGE_PASSWORD_RATE_LIMIT times, right or wrong, then
gets a 429 in the site's layout. Without it a password could be guessed at the
speed of the network."""

import math

from django_ratelimit.core import get_usage

from django.conf import settings
from django.shortcuts import render

from wagtail.views import authenticate_with_password

from core.client_address import client_ip


def throttled_authenticate_with_password(request, page_view_restriction_id, page_id):
    if request.method == "POST":
        usage = get_usage(
            request,
            group="wagtail.page_password",
            key=lambda group, request: client_ip(request),
            rate=settings.PAGE_PASSWORD_RATE_LIMIT,
            increment=True,
        )
        if usage is not None and usage["should_limit"]:
            retry_after = max(usage["time_left"], 1)
            response = render(
                request,
                "security/page_password_limited.html",
                {"retry_minutes": math.ceil(retry_after / 60)},
                status=429,
            )
            response["Retry-After"] = str(retry_after)
            return response
    return authenticate_with_password(request, page_view_restriction_id, page_id)
