from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.utils.functional import SimpleLazyObject, cached_property

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageLogEntry, PageViewRestriction
from wagtail.search import index

from .a_to_z import a_to_z
from .blocks import ConditionStreamBlock
from .serializers import (
    ClinicianSerializer,
    HeroImageSerializer,
    RelatedConditionsSerializer,
    SpecialtySerializer,
    SynonymsSerializer,
)


def is_public(path="path"):
    """A filter for pages (through `path`, e.g. "related_page__path") that no view
    restriction covers, on them or an ancestor: one SQL expression, where Wagtail's
    public() first runs a query of its own for the restrictions."""
    # A restriction applies when its page's path is a prefix of this page's path.
    restrictions = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef(path), 1, Length("page__path"))
    )
    return ~Exists(restrictions)


class Clinician(index.Indexed, models.Model):
    """A clinician who reviews articles; named on the page as the medical reviewer."""

    name = models.CharField(max_length=120)
    role = models.CharField(max_length=120, help_text="e.g. Consultant orthopaedic oncologist")
    credentials = models.CharField(
        max_length=160, blank=True, help_text="e.g. MBBS, MS (Ortho), MCh (Surgical Oncology)"
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("credentials")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.role}"


class Specialty(models.Model):
    """A medical specialty or body system that conditions are filed under."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True, help_text="Used in web and API filters.")

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "specialties"

    def __str__(self):
        return self.name


class ConditionIndexPage(Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["condition_pages.ConditionPage"]
    max_count = 1
    api_fields = [APIField("intro")]

    def route(self, request, path_components):
        # Wagtail routes a level at a time, a query for the child and another for its
        # specific page; a condition is fetched here in one, with what its page shows.
        if len(path_components) == 1:
            condition = (
                ConditionPage.objects.child_of(self)
                .select_related("hero_image", "reviewed_by")
                .filter(slug=path_components[0])
                .first()
            )
            if condition is None:
                raise Http404
            return condition.route(request, [])  # 404 unless live
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        conditions = ConditionPage.objects.live().public().child_of(self).defer_streamfields()
        context["specialties"] = Specialty.objects.filter(conditions__in=conditions).distinct()
        # A plain GET parameter, so the filter form works without JavaScript. It is
        # matched against the listed specialties: no raw input reaches the database.
        slug = request.GET.get("specialty", "")
        specialty = next((item for item in context["specialties"] if item.slug == slug), None)
        if slug:
            conditions = (
                conditions.filter(specialties=specialty) if specialty else conditions.none()
            )
        context["specialty"] = specialty
        context["conditions"] = conditions = conditions.order_by("title")
        # The A–Z list is cached as HTML under a summary of what it shows, read from
        # the database so every app server sees a change at once: Wagtail logs each
        # publish, unpublish, move, deletion and privacy change of any page.
        context["listing"] = {
            **conditions.aggregate(count=Count("pk"), updated=Max("last_published_at")),
            "logged": PageLogEntry.objects.aggregate(last=Max("pk"))["last"],
        }
        context["letters"] = SimpleLazyObject(lambda: a_to_z(conditions))
        return context


class ConditionPage(Page):
    summary = models.TextField(
        max_length=300,
        help_text="One or two plain sentences (300 characters at most). Shown in listings, "
        "search results, search engines and apps.",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    also_known_as = models.TextField(
        blank=True,
        help_text="Other names patients use for this condition, one per line "
        "(e.g. 'bone mets'). Used by search.",
    )
    specialties = ParentalManyToManyField(Specialty, blank=True, related_name="conditions")
    body = StreamField(ConditionStreamBlock())

    last_reviewed = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        Clinician,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_conditions",
    )
    content_owner = models.CharField(
        max_length=120, blank=True, help_text="The team responsible for keeping this page right."
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        InlinePanel("related_conditions", label="Related conditions"),
    ]
    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel(
            [FieldPanel("also_known_as"), FieldPanel("specialties")], heading="Finding this page"
        ),
    ]
    governance_panels = [
        FieldRowPanel([FieldPanel("last_reviewed"), FieldPanel("next_review_due")]),
        FieldPanel("reviewed_by"),
        FieldPanel("content_owner"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(governance_panels, heading="Medical review"),
            ObjectList(promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    parent_page_types = ["condition_pages.ConditionIndexPage"]
    subpage_types = []

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("also_known_as"),
        index.AutocompleteField("also_known_as"),
        index.SearchField("body"),
        index.FilterField("next_review_due"),
        index.RelatedFields("specialties", [index.FilterField("slug")]),
    ]

    api_fields = [
        # writable=True: API v3 takes these in the shape it gives them
        # (condition_pages/api_v3/writes.py types the ones Wagtail cannot).
        APIField("summary", writable=True),
        APIField("also_known_as", serializer=SynonymsSerializer(source="synonyms")),
        APIField("specialties", serializer=SpecialtySerializer(many=True)),
        APIField("hero_image", serializer=HeroImageSerializer()),
        APIField("body", writable=True),
        APIField("last_reviewed"),
        APIField("next_review_due"),
        APIField("reviewed_by", serializer=ClinicianSerializer()),
        APIField("content_owner", writable=True),
        APIField("related_conditions", serializer=RelatedConditionsSerializer(source="*")),
    ]

    @property
    def synonyms(self):
        return [line.strip() for line in self.also_known_as.splitlines() if line.strip()]

    @cached_property
    def sections(self):
        """(anchor, heading) of each titled section, in page order: the table of contents."""
        return [
            (child.value.section_id, child.value["heading"])
            for child in self.body
            if hasattr(child.value, "section_id")
        ]

    @cached_property
    def live_related_conditions(self):
        """Related conditions a visitor may see (live and public, never a draft), in
        the editor's order. Read from the in-memory links so previews show them too,
        or from `visible_related_links` where a listing prefetched them."""
        if hasattr(self, "visible_related_links"):
            return [link.related_page for link in self.visible_related_links]
        order = [link.related_page_id for link in self.related_conditions.all()]
        pages = ConditionPage.objects.live().filter(is_public(), pk__in=order)
        by_id = pages.exclude(pk=self.pk).in_bulk()
        return [by_id[pk] for pk in dict.fromkeys(order) if pk in by_id]

    @classmethod
    def filter_for_apps(
        cls, queryset, *, specialty=None, next_review_due_after=None, next_review_due_before=None
    ):
        """The filters both APIs offer apps: a specialty (its slug) and a window on
        next_review_due (for editors' tools). By primary key, so that they combine with
        a search, whose backends can only filter on the model's own indexed fields."""
        if specialty is None and next_review_due_after is None and next_review_due_before is None:
            return queryset
        conditions = cls.objects.all()
        if specialty is not None:
            conditions = conditions.filter(specialties__slug=specialty)
        if next_review_due_after is not None:
            conditions = conditions.filter(next_review_due__gte=next_review_due_after)
        if next_review_due_before is not None:
            conditions = conditions.filter(next_review_due__lte=next_review_due_before)
        return queryset.filter(pk__in=list(conditions.values_list("pk", flat=True)))

    @classmethod
    def with_api_relations(cls, queryset):
        """Everything the API serialises, fetched in a constant number of queries."""
        visible_links = RelatedCondition.objects.filter(
            is_public("related_page__path"), related_page__live=True
        ).exclude(related_page=F("page"))
        return queryset.select_related("locale", "hero_image", "reviewed_by").prefetch_related(
            "specialties",
            "hero_image__renditions",
            Prefetch(
                "related_conditions",
                queryset=visible_links.select_related("related_page").order_by("sort_order"),
                to_attr="visible_related_links",
            ),
        )

    def clean(self):
        super().clean()
        if (
            self.last_reviewed
            and self.next_review_due
            and self.next_review_due <= self.last_reviewed
        ):
            raise ValidationError(
                {"next_review_due": "The next review must be due after the last review."}
            )


class RelatedCondition(Orderable):
    page = ParentalKey(ConditionPage, on_delete=models.CASCADE, related_name="related_conditions")
    related_page = models.ForeignKey(
        ConditionPage, on_delete=models.CASCADE, related_name="+", verbose_name="condition"
    )

    panels = [PageChooserPanel("related_page", "condition_pages.ConditionPage")]
    # Lets API v3 bind the related page in the page form's formset when it writes.
    api_fields = [APIField("related_page", writable=True)]
