"""Editor-side panels of the condition page form."""

from wagtail.admin.panels import Panel

from .readability import PLAIN_ENGLISH, page_readability, scores_language_of


class ReadabilityPanel(Panel):
    """The Flesch reading ease of the page's patient text, as last saved, beside the
    body that it scores. (The preview panel's "Readability" mode scores the text as it
    is being typed.)"""

    class BoundPanel(Panel.BoundPanel):
        template_name = "editor_tools/readability_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["scored"] = scores_language_of(self.instance)
            context["readability"] = (
                page_readability(self.instance, {"request": self.request})
                if self.instance.body and context["scored"]
                else None
            )
            context["target"] = PLAIN_ENGLISH
            return context
