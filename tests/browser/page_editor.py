"""Steps in Wagtail's page editor that the browser tests share."""

from playwright.sync_api import expect


def wait_for_the_body_editor(page):
    """Wagtail's script builds the body's fields after the page loads. A form sent
    before then has no body, which the edit view takes as a change: a draft saved
    loses its blocks, and an approval saves a revision of the reviewer's own first,
    which four eyes refuses ("you do not have permission")."""
    expect(page.locator("input[name='body-count']")).to_be_attached()
