from django.db import models

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from condition_pages.aliases import CopyWithoutAliasForm
from condition_pages.models import ConditionPage
from condition_pages.visibility import is_visible


class HomePage(Page):
    hero_heading = models.CharField(max_length=120, default="Information about conditions")
    hero_text = RichTextField(blank=True, features=["bold", "italic", "link"])
    hero_cta_label = models.CharField("Button label", max_length=40, blank=True)
    hero_cta_page = models.ForeignKey(
        Page,
        verbose_name="Button links to",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_cta_label"),
                FieldPanel("hero_cta_page"),
            ],
            heading="Hero",
        ),
        InlinePanel("featured_conditions", label="Featured conditions", max_num=6),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["condition_pages.ConditionIndexPage"]
    max_count = 1
    copy_form_class = CopyWithoutAliasForm
    api_fields = [APIField("hero_heading"), APIField("hero_text")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        featured_ids = [link.condition_id for link in self.featured_conditions.all()]
        by_id = ConditionPage.objects.visible().in_bulk(featured_ids)
        context["featured_conditions"] = [by_id[pk] for pk in featured_ids if pk in by_id]
        # The hero button disappears while the page it leads to is hidden from visitors.
        context["hero_cta_page"] = self.hero_cta_page if is_visible(self.hero_cta_page) else None
        return context


class FeaturedCondition(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_conditions")
    condition = models.ForeignKey(ConditionPage, on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("condition", "condition_pages.ConditionPage")]
