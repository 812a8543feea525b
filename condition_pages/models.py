import re

from wagtail_localize.fields import SynchronizedField

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import translation
from django.utils.functional import cached_property

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import hooks
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
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import (
    DraftStateMixin,
    Orderable,
    Page,
    PageViewRestriction,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index

from core.content_version import content_version
from core.preview_modes import PREVIEW_MODES_HOOK
from editor_tools.panels import ReadabilityPanel

from .a_to_z import index_context, letter_page_paths, letter_slugs
from .aliases import CopyWithoutAliasForm
from .api_fields import PAGE_FIELDS
from .blocks import (
    LINK_PAGE_OPTIONS,
    LINK_PHONE_OPTIONS,
    LINK_URL_OPTIONS,
    CallToActionBlock,
    ConditionStreamBlock,
)
from .clinical_codes import CodeField, CodingSystem, validate_code
from .languages import in_language, in_source_language, language_of
from .page_form import ConditionPageForm
from .querysets import ConditionPageManager


class Clinician(index.Indexed, models.Model):
    """A clinician who reviews articles; named on the page as the medical reviewer."""

    name = models.CharField(max_length=120)
    role = models.CharField(max_length=120, help_text="e.g. Consultant orthopaedic oncologist")
    credentials = models.CharField(
        max_length=160, blank=True, help_text="e.g. MBBS, MS (Ortho), MCh (Surgical Oncology)"
    )
    # The reviewer's own sign-in: approving a Medical review records this clinician
    # as the page's reviewer, so nobody can name a clinician who did not approve it.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clinician",
        verbose_name="admin user",
        help_text="The clinician's own admin account; their approvals record them as reviewer.",
    )
    # A translation is clinical content: only a clinician who reads its language may
    # approve it (clinical_review.languages). Every clinician approves English pages,
    # the source, written and reviewed in the hospital's working language.
    languages = models.ManyToManyField(
        "wagtailcore.Locale",
        blank=True,
        related_name="+",
        limit_choices_to=~models.Q(language_code=settings.LANGUAGE_CODE),
        verbose_name="also reviews translations in",
        help_text="The languages besides English this clinician reads well enough to "
        "approve a translation in.",
    )

    # No `panels`: the snippet's form is every field in this order, Wagtail's default.
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.role}"


class Specialty(RevisionMixin, TranslatableMixin, models.Model):
    """A medical specialty or body system that conditions are filed under.

    Its name is translated (wagtail-localize), its slug is not: pages in every language
    are filed under the English rows (`ConditionPage.specialties`), the filters take
    the slug, and a page shows each name in its language (languages.in_language).
    Every change, a translation's included, is a revision, so the content version
    (core.content_version) sees it and no cached page keeps an old name."""

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, help_text="Used in web and API filters.")
    override_translatable_fields = [SynchronizedField("slug")]

    panels = [FieldPanel("name"), FieldPanel("slug")]
    # API v3's snippet endpoints list them (apps offer the filter) and, for users with
    # the snippet's permissions, write them through the admin's form.
    api_fields = [APIField("name", writable=True), APIField("slug", writable=True)]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name_plural = "specialties"
        unique_together = [("translation_key", "locale"), ("locale", "name"), ("locale", "slug")]

    def __str__(self):
        return self.name


class ConditionIndexPage(RoutablePageMixin, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["condition_pages.ConditionPage"]
    max_count = 1
    copy_form_class = CopyWithoutAliasForm
    api_fields = [APIField("intro")]

    def route(self, request, path_components):
        # Wagtail routes a level at a time, a query for the child and another for its
        # specific page; a condition is fetched here in one, with what its page shows.
        if len(path_components) == 1:
            condition = (
                ConditionPage.objects.child_of(self)
                .select_related("locale", "hero_image", "reviewed_by")
                .filter(slug=path_components[0])
                .first()
            )
            if condition is None:
                raise Http404
            return condition.route(request, [])  # 404 unless live
        return super().route(request, path_components)

    def get_cached_paths(self):
        # Letter pages are cached apart from the index, so a purge must name them too.
        return ["/", *(f"/{path}" for path in letter_page_paths(self.locale.language_code))]

    @path("letter/<str:slug>/")
    def letter_page(self, request, slug):
        """The conditions filed under one letter (see condition_pages.a_to_z)."""
        if slug not in letter_slugs():
            raise Http404
        # Page 2 on of a long letter; anything but a plain page number is not found.
        number = request.GET.get("page", "1")
        if not re.fullmatch(r"[1-9][0-9]{0,5}", number):
            raise Http404
        return self.render(request, letter_slug=slug, letter_page_number=int(number))

    def get_context(self, request, *args, letter_slug=None, letter_page_number=1, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            index_context(
                request,
                self,
                ConditionPage.objects.child_of(self).visible().defer_streamfields(),
                lambda conditions: sorted(
                    in_language(
                        Specialty.objects.filter(conditions__in=conditions).distinct(),
                        language_of(self),
                        request,
                    ),
                    key=lambda specialty: specialty.name,
                ),
                letter_slug=letter_slug,
                page=letter_page_number,
            )
        )
        return context


class ConditionPage(Page):
    # What a visitor may see and what apps may filter (condition_pages.querysets).
    objects = ConditionPageManager()

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
    # English specialties only: a translated page is filed under its English page's.
    specialties = ParentalManyToManyField(
        Specialty, blank=True, related_name="conditions", limit_choices_to=in_source_language
    )
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
    content_owner_email = models.EmailField(
        blank=True,
        help_text="Where review reminders go (the page's owner in the admin when empty "
        "and no group is chosen).",
    )
    content_owner_group = models.ForeignKey(
        "auth.Group",
        verbose_name="content owner group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A staff group whose members each get the review reminders, as well as "
        "the email above.",
    )

    # Other names are part of what the article says (they are shown, and searched),
    # so editors write them with the summary, not among the SEO settings.
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("also_known_as"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        ReadabilityPanel(heading="Readability"),
        InlinePanel("related_conditions", label="Related conditions"),
    ]
    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel([FieldPanel("specialties")], heading="Finding this page"),
        InlinePanel(
            "clinical_codes",
            heading="Clinical codes",
            label="Clinical code",
            help_text="The condition's SNOMED CT and ICD-10 codes: apps and record systems "
            "find the article by them.",
        ),
    ]
    # The review record is written by the Medical review workflow when a clinical
    # reviewer approves (clinical_review.medical_review); editors only read it.
    governance_panels = [
        FieldRowPanel(
            [
                FieldPanel("last_reviewed", read_only=True),
                FieldPanel("next_review_due", read_only=True),
            ]
        ),
        FieldPanel("reviewed_by", read_only=True),
        FieldPanel("content_owner"),
        FieldPanel("content_owner_email"),
        FieldPanel("content_owner_group"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(governance_panels, heading="Medical review"),
            ObjectList(promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    base_form_class = ConditionPageForm
    copy_form_class = CopyWithoutAliasForm
    # A review is for one page and one revision: a copy or a translation starts
    # without one, and gets its own when a clinician approves it.
    exclude_fields_in_copy = ["last_reviewed", "next_review_due", "reviewed_by"]
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
        # Searchable as well as a filter (see clinical_codes.index_published_codes).
        index.RelatedFields("clinical_codes", [index.SearchField("code")]),
    ]

    # Described once for API v2 and v3 (condition_pages.api_fields).
    api_fields = [field.api_field() for field in PAGE_FIELDS]

    def get_view_restrictions(self):
        # A page served from a route kept in the app cache (site_config.page_routes) is
        # known to have none: only routes to unrestricted pages are kept, under the
        # content version, which a privacy change renews.
        if getattr(self, "known_unrestricted", False):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The article's HTML is cached under its live revision and the site's content
        # version (core.content_version); previews are rendered afresh.
        context["cache_version"] = (
            None
            if getattr(request, "is_preview", False)
            else f"{self.live_revision_id}-{content_version(request)}"
        )
        return context

    @property
    def preview_modes(self):
        return [("", "Page"), *((mode.name, mode.label) for mode in self._extra_preview_modes())]

    def serve_preview(self, request, mode_name):
        # In the page's language, whatever the editor's admin language: the interface
        # text around the page, the JSON-LD and the API JSON as patients and apps get them.
        # A template response renders here, inside the language.
        with translation.override(language_of(self)):
            modes = [mode for mode in self._extra_preview_modes() if mode.name == mode_name]
            if modes:
                response = modes[0].serve(self, request)
            else:
                response = super().serve_preview(request, mode_name)
            if hasattr(response, "render"):
                response.render()
            return response

    def _extra_preview_modes(self):
        """The preview modes other apps add (the readability score, the API JSON), by
        the PREVIEW_MODES_HOOK: the article knows none of them."""
        return [
            mode
            for register in hooks.get_hooks(PREVIEW_MODES_HOOK)
            for mode in register()
            if mode.applies_to(self)
        ]

    @property
    def also_known_as_list(self):
        """The other names, one per line of `also_known_as`."""
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
        pages = ConditionPage.objects.filter(pk__in=order).visible()
        by_id = pages.exclude(pk=self.pk).in_bulk()
        return [by_id[pk] for pk in dict.fromkeys(order) if pk in by_id]

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


class ClinicalCode(Orderable):
    """A coded identity of the condition (condition_pages.clinical_codes): shown in
    the JSON-LD, given by both APIs, and what `?code=system:code` finds."""

    page = ParentalKey(ConditionPage, on_delete=models.CASCADE, related_name="clinical_codes")
    system = models.CharField(
        "coding system", max_length=10, choices=CodingSystem.choices, default=CodingSystem.SNOMED
    )
    code = CodeField(
        max_length=20,
        help_text="e.g. 94222008 (SNOMED CT concept id) or C79.5 (ICD-10).",
    )

    panels = [FieldRowPanel([FieldPanel("system"), FieldPanel("code")])]
    # Lets API v3 bind each code in the page form's formset when it writes.
    api_fields = [APIField("system", writable=True), APIField("code", writable=True)]

    class Meta(Orderable.Meta):
        verbose_name = "clinical code"
        constraints = [
            models.UniqueConstraint(
                fields=["page", "system", "code"], name="unique_clinical_code_per_page"
            )
        ]
        # ?code= looks pages up by system and code.
        indexes = [models.Index(fields=["system", "code"], name="clinical_code_lookup")]

    def __str__(self):
        return f"{self.get_system_display()} {self.code}"

    def clean(self):
        super().clean()
        if self.system and self.code:
            try:
                self.code = validate_code(self.system, self.code)
            except ValidationError as error:
                raise ValidationError({"code": error}) from error


class CallToAction(
    WorkflowMixin,
    DraftStateMixin,
    RevisionMixin,
    PreviewableMixin,
    TranslatableMixin,
    models.Model,
):
    """A call to action written once and chosen on many condition pages (e.g. "Get an
    appointment"), so that changing a phone number changes it everywhere.

    It holds what a call_to_action block holds, and is shown, serialised and checked by
    that block's own code: `block_value` gives the block's value, whose link keeps the
    block's rules (exactly one target; a page only while it is live).

    Patients read it on condition pages, so it changes like one: an edit is a draft
    revision that goes through the Medical review (its workflow is assigned to this
    model, clinical_review migration 0002), and pages show the published version only
    (its row; a draft lives in its revisions). One never published shows nowhere."""

    block = CallToActionBlock()

    headline = models.CharField(max_length=120)
    text = models.TextField(blank=True)
    button_label = models.CharField(max_length=40, default="Get an appointment")
    link_page = models.ForeignKey(
        Page,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="page",
        **LINK_PAGE_OPTIONS,
    )
    # The link block's own limits, rules and help (blocks.LINK_URL_OPTIONS, …).
    link_url = models.CharField("web address", blank=True, **LINK_URL_OPTIONS)
    link_phone = models.CharField("phone", blank=True, **LINK_PHONE_OPTIONS)

    panels = [
        FieldPanel("headline"),
        FieldPanel("text"),
        FieldPanel("button_label"),
        MultiFieldPanel(
            [FieldPanel("link_page"), FieldPanel("link_url"), FieldPanel("link_phone")],
            heading="Link",
            help_text="Fill in exactly one: a page, a web address or a phone number.",
        ),
    ]
    search_fields = [index.SearchField("headline"), index.AutocompleteField("headline")]
    # API v3's snippet endpoints list them and, for users with the snippet's
    # permissions, write them through the admin's form (all of the link's fields, which
    # its rule checks together).
    api_fields = [
        APIField(name, writable=True)
        for name in ("headline", "text", "button_label", "link_page", "link_url", "link_phone")
    ]

    # Revisions and workflow states point at a snippet through generic relations.
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="call_to_action")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="call_to_action",
        for_concrete_model=False,
    )

    class Meta(TranslatableMixin.Meta):
        ordering = ["headline"]
        verbose_name = "call to action"
        verbose_name_plural = "calls to action"

    def __str__(self):
        return self.headline

    @property
    def revisions(self):
        return self._revisions

    def get_preview_template(self, request, mode_name):
        return "condition_pages/call_to_action_preview.html"

    def get_preview_context(self, request, mode_name):
        return {
            **super().get_preview_context(request, mode_name),
            "call_to_action": self.block.render(self.block_value, {"request": request}),
        }

    LINK_FIELDS = {"page": "link_page", "url": "link_url", "phone": "link_phone"}

    @property
    def block_value(self):
        """The call_to_action block's value for this snippet."""
        link_block = self.block.child_blocks["link"]
        link = link_block.meta.value_class(
            link_block,
            [(target, getattr(self, field)) for target, field in self.LINK_FIELDS.items()],
        )
        return self.block.meta.value_class(
            self.block,
            [
                ("headline", self.headline),
                ("text", self.text),
                ("button_label", self.button_label),
                ("link", link),
            ],
        )

    def clean(self):
        super().clean()
        # Each target's own checks are its column's validators (the block's too), which
        # Django has run already: the block's rule across them is what is left, so that
        # no error is given twice.
        errors = self.block.child_blocks["link"].target_errors(self.block_value["link"])
        if errors:
            raise ValidationError(
                {self.LINK_FIELDS[target]: error for target, error in errors.items()}
            )


URGENT_HELP_NUMBER = "{number}"


@register_setting(icon="warning")
class UrgentHelpSettings(BaseSiteSetting):
    """The wording before a symptoms block's urgent signs, which patients read on every
    condition page that lists them. Site settings: only administrators change it."""

    urgent_help_lead = models.CharField(
        "urgent help line",
        max_length=200,
        default="Call {number} or go to the nearest emergency department if you have:",
        help_text="Shown above the urgent signs of a symptoms section. Write {number} "
        "where the emergency number goes (settings.EMERGENCY_PHONE_NUMBER).",
    )

    # Per-language fields rather than a translatable setting: wagtail-localize does not
    # translate BaseSiteSetting models well (docs/translations.md). Blank = the
    # interface catalogue's translation of the default line.
    urgent_help_lead_hi = models.CharField(
        "urgent help line in Hindi",
        max_length=200,
        blank=True,
        help_text="Shown on Hindi pages. Leave blank for the standard Hindi line. "
        "Write {number} where the emergency number goes.",
    )
    urgent_help_lead_mr = models.CharField(
        "urgent help line in Marathi",
        max_length=200,
        blank=True,
        help_text="Shown on Marathi pages. Leave blank for the standard Marathi line. "
        "Write {number} where the emergency number goes.",
    )

    class Meta:
        verbose_name = "urgent help"

    def lead_for(self, language):
        """The line for a language code ("en", "hi", "mr"), or "" when that language
        has none of its own (the caller then uses the catalogue's translation)."""
        if language == settings.LANGUAGE_CODE:
            return self.urgent_help_lead
        return getattr(self, f"urgent_help_lead_{language}", "")

    def clean(self):
        super().clean()
        errors = {}
        if self.urgent_help_lead.count(URGENT_HELP_NUMBER) != 1:
            errors["urgent_help_lead"] = "Write {number} once, where the emergency number goes."
        for name in ("urgent_help_lead_hi", "urgent_help_lead_mr"):
            value = getattr(self, name)
            if value and value.count(URGENT_HELP_NUMBER) != 1:
                errors[name] = "Write {number} once, where the emergency number goes."
        if errors:
            raise ValidationError(errors)
