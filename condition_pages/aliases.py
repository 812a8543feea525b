"""A condition page is never aliased.

An alias is a second live page that mirrors another and is republished with it. For a
condition it would be the same article at a second address: twice in the A–Z, search,
the sitemap and both APIs, live the moment it is made, without a submission a
clinician saw. A hospital wants one article per condition; another name for it is
*Also known as* (search and the A–Z find it by that name), another address a redirect.
Copies stay allowed: a copy is a draft without a review record, and goes through the
Medical review like any new page."""

from django.apps import apps

from wagtail.admin.forms.pages import CopyForm
from wagtail.models import Page

REFUSED = (
    "A condition page cannot be aliased: it has one address and its own review. Add "
    "the other name under 'Also known as', or make a redirect, instead."
)


def alias_refused(page, recursive=False):
    """Why an alias of `page` (and its subtree, if `recursive`) is refused, or None."""
    pages = page.get_descendants(inclusive=True) if recursive else Page.objects.filter(pk=page.pk)
    # By name: the page models use this module for their copy form.
    if pages.type(apps.get_model("condition_pages", "ConditionPage")).exists():
        return REFUSED
    return None


class CopyWithoutAliasForm(CopyForm):
    """The admin's copy form (`copy_form_class`) for condition pages and the pages
    above them: no *Alias* box where the copy would alias a condition page, and an
    alias posted anyway is refused."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "alias" in self.fields and alias_refused(self.page):
            del self.fields["alias"]

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("alias") and (
            reason := alias_refused(self.page, recursive=cleaned_data.get("copy_subpages"))
        ):
            self.add_error(None, reason)
        return cleaned_data
