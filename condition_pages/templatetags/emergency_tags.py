"""The emergency number, for every template: a tag rather than a context processor
because error pages are rendered without a request (site_config.errors)."""

from django import template
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from condition_pages.models import URGENT_HELP_NUMBER, UrgentHelpSettings

register = template.Library()


@register.simple_tag
def emergency_number():
    return settings.EMERGENCY_PHONE_NUMBER


@register.simple_tag(takes_context=True)
def urgent_help_lead(context):
    """The site's urgent help line (UrgentHelpSettings), with the emergency number. In
    Hindi and Marathi the line is the interface catalogue's: the setting is English."""
    number = settings.EMERGENCY_PHONE_NUMBER
    if get_language() != settings.LANGUAGE_CODE:
        return _("Call %(number)s or go to the nearest emergency department if you have:") % {
            "number": number
        }
    request = context.get("request")
    lead = (
        UrgentHelpSettings.for_request(request) if request is not None else UrgentHelpSettings()
    ).urgent_help_lead
    return lead.replace(URGENT_HELP_NUMBER, number)
