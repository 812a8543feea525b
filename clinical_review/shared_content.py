"""Shared content that condition pages show but that has no review of its own.

Reusable calls to action go through the Medical review themselves (their drafts wait
for approval). Images and documents have no drafts in Wagtail, so the rule for them
is: once an image is shown on a live condition page (as its hero or in its body), or
a document is linked from one, only a clinical reviewer (or an administrator) may
change what patients see of it (for an image its file, alt text, title or focal
point; for a document its file or title) or delete it; editors may still upload them
and change any that no live page shows. Clinicians (named as "Reviewed by") are
managed by administrators only: no editor or reviewer group has permission to change
them."""

from typing import NamedTuple

from django import forms

from wagtail.documents import get_document_model
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permissions import register_permission_policy

from condition_pages.models import ConditionPage

from .medical_review import REVIEWERS_GROUP


class SharedKind(NamedTuple):
    noun: str
    shown: str  # how a live page shows it
    fields_patients_see: set
    instead: str  # what an editor can do instead, which goes through the review


KINDS = {
    "wagtailimages": SharedKind(
        "image",
        "shown on",
        {
            "file",
            "title",
            "description",
            "focal_point_x",
            "focal_point_y",
            "focal_point_width",
            "focal_point_height",
        },
        "Upload a new image and choose it on the page instead",
    ),
    "wagtaildocs": SharedKind(
        "document",
        "linked from",
        {"file", "title"},
        "Upload a new document and link it from the page instead",
    ),
}


def live_pages_showing(obj):
    """The live condition pages that show `obj` (Wagtail's reference index)."""
    page_type = ReferenceIndex._get_base_content_type(Page)
    ids = ReferenceIndex.get_references_to(obj).filter(base_content_type=page_type)
    return ConditionPage.objects.live().filter(
        pk__in=[int(pk) for pk in ids.values_list("object_id", flat=True)]
    )


def may_change_what_patients_see(user):
    return user.is_superuser or user.groups.filter(name=REVIEWERS_GROUP).exists()


def _refused(user, obj, verb):
    if not obj.pk or user is None or may_change_what_patients_see(user):
        return None
    pages = list(live_pages_showing(obj).values_list("title", flat=True)[:3])
    if not pages:
        return None
    kind = KINDS[obj._meta.app_label]
    return (
        f"This {kind.noun} is {kind.shown} live condition pages ({', '.join(pages)}), so "
        f"only a clinical reviewer may {verb}. {kind.instead}: that change goes through "
        "the Medical review."
    )


def refused_change(user, obj, changed_fields):
    """Why `user` may not make this change to an image or document (None when they may)."""
    if not set(changed_fields) & KINDS[obj._meta.app_label].fields_patients_see:
        return None
    return _refused(user, obj, "change what patients see of it")


def refused_deletion(user, obj):
    return _refused(user, obj, "delete it")


class ReviewedChangesForm:
    """For the admin's image and document forms (also used by API v3's writes): the
    form refuses, with the reason, a change patients would see unreviewed."""

    def __init__(self, *args, **kwargs):
        self.user = kwargs.get("user")  # Wagtail's collection form takes it off
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned_data = super().clean()
        if reason := refused_change(self.user, self.instance, self.changed_data):
            raise forms.ValidationError(reason)
        return cleaned_data


class ReviewedDocumentForm(ReviewedChangesForm, BaseDocumentForm):
    """WAGTAILDOCS_DOCUMENT_FORM_BASE."""


class ReviewedDeletionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's own policy for images and documents, except that deleting one a live
    condition page shows is the reviewers' (the admin's delete and bulk delete, and
    API v3, all ask the policy)."""

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "delete" and refused_deletion(user, instance):
            return False
        return super().user_has_permission_for_instance(user, action, instance)


def register_deletion_policies():
    """Called from ready(); `exact_class` wins over what Wagtail's own apps register
    for the same models later in their ready()."""
    for model, auth_model in (
        (get_image_model(), "wagtailimages.Image"),
        (get_document_model(), "wagtaildocs.Document"),
    ):
        policy = ReviewedDeletionPolicy(
            model, auth_model=auth_model, owner_field_name="uploaded_by_user"
        )
        register_permission_policy(model, policy, exact_class=True)
