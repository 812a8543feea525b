"""Preview modes that apps add to a page type's preview panel, besides the page
itself, through a Wagtail hook: the page model serves whichever are registered, so
it never imports the apps that build them (editor_tools' readability score,
content_api's API JSON and JSON-LD).

    @hooks.register(PREVIEW_MODES_HOOK)
    def my_modes():
        return [PreviewMode("name", "Label", serve)]
"""

from collections.abc import Callable
from dataclasses import dataclass

PREVIEW_MODES_HOOK = "register_preview_modes"


@dataclass(frozen=True)
class PreviewMode:
    name: str
    label: str
    # serve(page, request) -> the preview's response
    serve: Callable
    # Only for a page that has been saved (one with an id).
    saved_only: bool = False

    def applies_to(self, page):
        return page.pk is not None or not self.saved_only
