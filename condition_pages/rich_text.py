"""Rich text links to pages, as the site, JSON-LD and both APIs render them."""

from wagtail.rich_text.pages import PageLinkHandler

from .visibility import pages_of_any_type


class VisiblePageLinkHandler(PageLinkHandler):
    """Wagtail's page link handler, for pages a visitor may see only: a link to a
    draft, an expired or a private page renders as `<a>` without an address, its
    words as plain text, as Wagtail renders a link to a deleted page."""

    @classmethod
    def get_many(cls, attrs_list):
        ids = [attrs.get("id") for attrs in attrs_list]
        pages = pages_of_any_type().filter(id__in=ids).visible().defer_streamfields().specific()
        by_id = {str(page.id): page for page in pages}
        return [by_id.get(str(id_)) for id_ in ids]
