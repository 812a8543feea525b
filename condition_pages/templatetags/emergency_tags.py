"""The emergency number, for every template: a tag rather than a context processor
because error pages are rendered without a request (site_config.errors)."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def emergency_number():
    return settings.EMERGENCY_PHONE_NUMBER
