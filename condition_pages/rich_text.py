"""Rich text links to pages, as the site, JSON-LD and both APIs render them."""

from wagtail.admin.rich_text.converters.markdown_db import MarkdownConverter
from wagtail.rich_text.pages import PageLinkHandler
from wagtail.rich_text.rewriters import LinkRewriter

from .visibility import pages_of_any_type, visible_page_ids


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


class HiddenPageUnlinker(LinkRewriter):
    """Rewrites database HTML so that a link to a page a visitor may not see is a bare
    `<a>`, as VisiblePageLinkHandler renders it; every other link stays as it is."""

    def get_tag_replacements(self, tag_type, attrs_list):
        if tag_type != "page":
            return []
        ids = [attrs.get("id", "") for attrs in attrs_list]
        visible = {str(pk) for pk in visible_page_ids(int(id_) for id_ in ids if id_.isdecimal())}
        return [f'<a linktype="page" id="{id_}">' if id_ in visible else "<a>" for id_ in ids]


unlink_hidden_pages = HiddenPageUnlinker()


def markdown_with_visible_links(value, *, features=None):
    """The API's `?rich_text_format=markdown`. Wagtail resolves its page links through
    the editor's converter, which gives any page's address, drafts' and private pages'
    too; here they pass through the visitor rule first, as the HTML format's do."""
    html = unlink_hidden_pages(value)
    return MarkdownConverter(features).from_database_format(html, resolved=True)
