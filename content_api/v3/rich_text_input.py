"""Rich text written through API v3 keeps the paragraph keys it was read with.

The read gives each paragraph, heading and list item its editor key
(`<p data-block-key="x31zq">`), which comments and translations anchor to. Wagtail's
sanitiser of written rich text (DbHtmlInputWhitelister) drops every attribute that
its feature rules do not name, the key among them, so the editor gave each block a new
one on every write and an unchanged article sent back made a different revision.
Here the key survives where its element does; a key that is malformed or already used
in the same field is dropped, and the editor gives that block a fresh one."""

import re

from wagtail.admin.rich_text.converters.db_html import DbHtmlInputWhitelister
from wagtail.admin.rich_text.converters.html_to_contentstate import BLOCK_KEY_NAME

BLOCK_KEY = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


class KeyKeepingWhitelister(DbHtmlInputWhitelister):
    def clean(self, html):
        self._keys_used = set()
        return super().clean(html)

    def clean_tag_node(self, doc, tag):
        key = tag.attrs.get(BLOCK_KEY_NAME)
        super().clean_tag_node(doc, tag)
        kept = tag.parent is not None and not tag.decomposed
        if kept and key and BLOCK_KEY.match(key) and key not in self._keys_used:
            self._keys_used.add(key)
            tag.attrs[BLOCK_KEY_NAME] = key
