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
    """The site's urgent help line (UrgentHelpSettings) in the page's language, with
    the emergency number. A Hindi or Marathi line left blank in the setting is the
    interface catalogue's translation of the default line."""
    number = settings.EMERGENCY_PHONE_NUMBER
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    request = context.get("request")
    lead = (
        UrgentHelpSettings.for_request(request) if request is not None else UrgentHelpSettings()
    ).lead_for(language)
    if not lead:
        return _("Call %(number)s or go to the nearest emergency department if you have:") % {
            "number": number
        }
    return lead.replace(URGENT_HELP_NUMBER, number)
