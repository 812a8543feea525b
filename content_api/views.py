from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from wagtail.models import Page

from .preview import preview_token


def app_preview(request, page_id):
    """Send an editor to the app front end's preview of the page's latest saved draft
    (or, with no front end configured, to the JSON the app would receive)."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    revision = page.latest_revision or page.save_revision(user=request.user)
    token = quote(preview_token(revision))
    if settings.HEADLESS_PREVIEW_URL:
        return redirect(settings.HEADLESS_PREVIEW_URL.format(token=token))
    return redirect(f"{reverse('wagtailapi:page_preview:detail')}?token={token}")
