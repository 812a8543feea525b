"""Template tags for the Medical review's emails."""

from django import template

from clinical_review.review_diff import changes_label, changes_url

register = template.Library()


@register.simple_tag
def review_changes(obj):
    """(label, admin path) of the comparison a reviewer needs, or None."""
    url = changes_url(obj)
    return (changes_label(obj), url) if url else None
