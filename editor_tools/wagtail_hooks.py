from wagtail import hooks

from core.preview_modes import PREVIEW_MODES_HOOK, PreviewMode

from .readability_preview import serve_readability_preview


@hooks.register(PREVIEW_MODES_HOOK)
def readability_mode():
    return [PreviewMode("readability", "Readability", serve_readability_preview)]
