from django.apps import AppConfig


class ConditionPagesConfig(AppConfig):
    name = "condition_pages"
    verbose_name = "Condition pages"

    def ready(self):
        from wagtail.api.rich_text import APIRichText

        from . import cache_purge, scheduling  # noqa: F401 (scheduling connects its receivers)
        from .api_v3 import register
        from .rich_text import markdown_with_visible_links

        register()
        cache_purge.connect()
        # Wagtail has no setting for an API rich text format's serialiser (APIRichText
        # names its own); tests/test_link_visibility.py fails if this stops taking effect.
        APIRichText._serialize_markdown = staticmethod(markdown_with_visible_links)
