"""Tags for what search engines and link previews read in <head>: the canonical URL,
the share image and the condition article's JSON-LD."""

from django import template

from wagtail.models import Site

from condition_pages.structured_data import json_ld_script, medical_web_page

register = template.Library()

# The hero image's own rendition, so the share image costs no extra rendition.
SHARE_IMAGE_FILTER = "width-960"


@register.simple_tag(takes_context=True)
def canonical_url(context, page, subpage=""):
    """The page's absolute URL on its site's configured address, whatever host name or
    query string it was requested with; `subpage` is a routable page's own part
    (e.g. "letter/b/")."""
    return page.get_full_url(context.get("request")) + (subpage or "")


@register.simple_tag(takes_context=True)
def share_image_url(context, image):
    if not image:
        return ""
    url = image.get_rendition(SHARE_IMAGE_FILTER).url
    request = context.get("request")
    return request.build_absolute_uri(url) if request else url


def condition_structured_data(context, page):
    """The page's JSON-LD data, as the page publishes it (and the editor's preview
    panel shows it)."""
    site = Site.find_for_request(context.get("request"))
    return medical_web_page(
        page,
        url=canonical_url(context, page),
        site_name=site.site_name if site else "",
        site_url=site.root_url if site else "",
        image_url=share_image_url(context, page.hero_image),
    )


@register.simple_tag(takes_context=True)
def condition_json_ld(context, page):
    return json_ld_script(condition_structured_data(context, page))
