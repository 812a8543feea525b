from django.apps import AppConfig


class EditorToolsConfig(AppConfig):
    """Aids for editors that know nothing of the article model: the readability score
    of patient text, its panel and its preview."""

    name = "editor_tools"
    verbose_name = "Editor tools"
