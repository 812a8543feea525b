"""Changing who owns a condition page (who is reminded of its reviews) without a
clinical review: the owner is not something patients read, so it is written straight
onto the page and onto its live and latest revisions, with no new revision to
approve, and logged in the page's history."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from wagtail.log_actions import log
from wagtail.models import Revision

from condition_pages.models import ConditionPage

OWNER_FIELDS = ["content_owner", "content_owner_email", "content_owner_group"]
LOG_ACTION = "clinical_review.change_owner"


class ContentOwnerForm(forms.ModelForm):
    class Meta:
        model = ConditionPage
        fields = OWNER_FIELDS


@transaction.atomic
def change_owner(page, data, user):
    ConditionPage.objects.filter(pk=page.pk).update(**data)
    shown = {page.live_revision_id, page.latest_revision_id}
    # A revision's content holds a related object as its id, as Wagtail serialises it.
    content = {name: getattr(value, "pk", value) for name, value in data.items()}
    for revision in Revision.objects.filter(pk__in=shown):
        revision.content.update(content)
        revision.save(update_fields=["content"])
    log(instance=page, action=LOG_ACTION, user=user, data=content)


def content_owner_view(request, page_id):
    page = get_object_or_404(ConditionPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    form = ContentOwnerForm(request.POST or None, instance=page)
    if request.method == "POST" and form.is_valid():
        data = {field: form.cleaned_data[field] for field in OWNER_FIELDS}
        change_owner(page, data, request.user)
        messages.success(request, f"The content owner of “{page.title}” is changed.")
        return redirect("condition_pages_reviews_due")
    return TemplateResponse(
        request, "clinical_review/content_owner.html", {"page": page, "form": form}
    )
