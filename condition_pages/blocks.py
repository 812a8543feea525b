"""The typed blocks a condition article is made of.

Every block renders through its own template under templates/condition_pages/blocks/
and serialises to typed JSON for the API (lists stay lists; rich text is HTML in the
format the API client asks for). A block that writes its own API representation
declares its shape beside it: `api_schema()` (what API v3 says it reads as) and
`api_input_schema()` (what a v3 write accepts and how it becomes the stored value);
condition_pages.typed_json.stream derives every other block's schema from its children.
The block names are also the article's *health
aspects* (symptoms, diagnosis, treatment, prognosis), which apps and JSON-LD rely on,
so they must not be renamed.
"""

import re
from functools import cache
from typing import Literal
from urllib.parse import parse_qsl, urlencode

from ninja import Schema
from pydantic import Field, create_model, model_serializer, model_validator

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator, validate_slug
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify

from wagtail import blocks
from wagtail.api.utils import get_base_url, get_full_url
from wagtail.blocks import BlockGroup, StructBlockValidationError
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.snippets.blocks import SnippetChooserBlock

from editor_tools.alt_text import ALT_TEXT_HELP, FILE_NAME_REFUSED, is_file_name

from .languages import in_language, language_of
from .renditions import image_representation
from .sections import UnknownSections, requested_sections
from .typed_json.fields import ImageWithRenditions
from .typed_json.stream import Text, struct_schema
from .typed_json.stream_input import InputSchema, reference_to, struct_input
from .visibility import is_visible, visible_page_ids

# Inline formatting only: sections provide the headings, so editors cannot break the
# page's heading order from inside a rich text field.
INLINE_FEATURES = ["bold", "italic", "link", "document-link"]
PARAGRAPH_FEATURES = [*INLINE_FEATURES, "ol", "ul"]

TREATMENT_CATEGORIES = [
    ("surgery", "Surgery"),
    ("radiotherapy", "Radiotherapy"),
    ("chemotherapy", "Chemotherapy"),
    ("targeted", "Targeted therapy"),
    ("immunotherapy", "Immunotherapy"),
    ("hormone", "Hormone therapy"),
    ("transplant", "Stem cell or bone marrow transplant"),
    ("bone-modifying", "Bone-modifying treatment"),
    ("pain-relief", "Pain relief"),
    ("palliative", "Palliative care"),
    ("supportive", "Supportive care"),
    ("other", "Other"),
]

CALLOUT_VARIANTS = [
    ("info", "Information"),
    ("warning", "Warning"),
    ("urgent", "Urgent: get help now"),
]


# A path on this site: one slash, then no second slash or backslash (browsers read
# `//host` and `/\host` as another site), and nowhere a backslash, a space or a
# control character (browsers drop tabs and newlines, so `/\t/host` is `//host`).
SITE_PATH = re.compile(r"/(?![/\\])[^\\\s\x00-\x1f\x7f]*")


def validate_link_url(value):
    """A web address (http or https) or a path on this site such as /appointments/."""
    if value.startswith("/"):
        if not SITE_PATH.fullmatch(value):
            raise ValidationError(
                "Enter a path on this site that starts with a single / and has no "
                "backslashes, spaces or control characters, e.g. /appointments/.",
                code="invalid_path",
            )
        return
    if "\\" in value:
        raise ValidationError("A web address cannot contain a backslash.", code="invalid")
    URLValidator(schemes=["http", "https"])(value)


# The number a button dials: the hospital's own line, as its editors write it. Only its
# shape is checked (a digit first, after an optional +; the tel: link keeps the digits
# and the +), not how many digits it has: a patient's callback number is held to that
# too (appointments.validators.validate_patient_phone).
validate_link_phone = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{4,}$",
    "Enter a phone number of digits, spaces, brackets or dashes, e.g. +91 22 1234 5678.",
)


# A link's three targets as LinkBlock and the CallToAction snippet's columns both take
# them: one set of limits, rules and help for the two.
LINK_PAGE_OPTIONS = {"help_text": "A page of this site."}
LINK_URL_OPTIONS = {
    "max_length": 500,
    "validators": [validate_link_url],
    "help_text": "https://… or a path on this site such as /appointments/",
}
LINK_PHONE_OPTIONS = {
    "max_length": 30,
    "validators": [validate_link_phone],
    "help_text": "e.g. +91 22 1234 5678: a tap-to-call link on phones.",
}


class SectionValue(blocks.StructValue):
    # Not called `anchor`: templates look a name up as a dict key before an attribute,
    # so the stored (possibly blank) anchor field would win.
    @property
    def section_id(self):
        """The section's fragment id: the editor's fixed anchor if set, so links to it
        survive a reworded heading, else one derived from the heading."""
        return self.get("anchor") or slugify(self.get("heading", "")) or "section"


# Each section block that covers one of schema.org's HealthAspectEnumeration members
# names it in Meta.health_aspect. schema.org has no diagnosis member:
# ScreeningHealthAspect ("how to screen or further filter a topic") is the nearest,
# and the tests themselves reach JSON-LD as the condition's typicalTest. A free text
# section is taken as the overview; FAQs and references have no aspect.
class SectionBlock(blocks.StructBlock):
    """A titled section of the article: it appears in the table of contents. A
    section that covers one schema.org health aspect names it in Meta.health_aspect;
    the APIs and JSON-LD give it, derived, never stored."""

    heading = blocks.CharBlock(max_length=120)
    anchor = blocks.CharBlock(
        required=False,
        max_length=60,
        validators=[validate_slug],
        label="Link anchor",
        help_text="Optional. Fixes this section's web address fragment (#anchor) so links "
        "keep working when the heading is reworded. Lowercase letters, numbers and dashes.",
    )

    class Meta:
        value_class = SectionValue
        health_aspect = None

    def get_preview_value(self):
        # The preview shows the heading a new section starts with in the editor.
        return self.normalize({**self.meta.default, **self.meta.preview_value})

    def get_form_layout(self):
        # The anchor is rarely needed: keep it in the collapsed settings area.
        content = [name for name in self.child_blocks if name != "anchor"]
        return BlockGroup(children=content, settings=["anchor"])

    def get_api_representation(self, value, context=None):
        representation = {
            **super().get_api_representation(value, context),
            "anchor": value.section_id,
        }
        if self.meta.health_aspect:
            representation["health_aspect"] = self.meta.health_aspect
        return representation

    def api_schema(self):
        """Every child block as the API gives it (`anchor` filled in with the
        section's fragment id), and `health_aspect` if the block has one."""
        return struct_schema(self, extra=self.health_aspect_field())

    def api_input_schema(self):
        """Written back, `anchor` fixes the fragment id; `health_aspect`, derived from
        the block type, is accepted as read and ignored."""
        return struct_input(self, extra=self.health_aspect_field(write=True))

    def health_aspect_field(self, *, write=False):
        """The `health_aspect` field of the API schema: its schema.org
        HealthAspectEnumeration member, derived from the block type. A write may send
        it back as read (or leave it out); it is ignored."""
        aspect = self.meta.health_aspect
        if not aspect:
            return {}
        description = (
            f"The section's schema.org health aspect (https://schema.org/{aspect}), "
            "derived from the block type."
        )
        if write:
            description = f"Read-only: {description} Accepted as read and ignored."
            field = Field(None, description=description, exclude=True)
            return {"health_aspect": (Literal[aspect] | None, field)}
        return {"health_aspect": (Literal[aspect], Field(description=description))}


class SymptomBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=120, help_text="e.g. Pain")
    detail = blocks.TextBlock(
        required=False, help_text="Optional plain-language detail, e.g. 'often worse at night'."
    )

    class Meta:
        icon = "list-ul"
        label_format = "{name}"


class SymptomsBlock(SectionBlock):
    intro = blocks.RichTextBlock(features=PARAGRAPH_FEATURES, required=False)
    symptoms = blocks.ListBlock(SymptomBlock(), min_num=1, label="Symptoms")
    urgent_signs = blocks.ListBlock(
        blocks.CharBlock(
            max_length=250,
            label="Urgent sign",
            help_text="e.g. Sudden weakness or numbness in the legs",
        ),
        default=[],
        label="When to get urgent help",
        help_text="Signs that need emergency care; shown in a warning box.",
    )

    class Meta:
        health_aspect = "SymptomsHealthAspect"
        icon = "warning"
        label = "Symptoms"
        description = "What the condition feels like, and when to get urgent help."
        template = "condition_pages/blocks/symptoms.html"
        group = "Condition sections"
        default = {"heading": "What are the symptoms?"}
        preview_value = {
            "intro": "<p>The most common symptom is pain.</p>",
            "symptoms": [
                {"name": "Pain", "detail": "It may be worse at night."},
                {"name": "Fatigue", "detail": ""},
            ],
            "urgent_signs": ["Sudden weakness or numbness in the legs"],
        }


class MedicalTestBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=120, help_text="e.g. CT scan")
    description = blocks.TextBlock(help_text="What the test is and why it is done.")

    class Meta:
        icon = "search"
        label_format = "{name}"


class DiagnosisBlock(SectionBlock):
    intro = blocks.RichTextBlock(features=PARAGRAPH_FEATURES, required=False)
    tests = blocks.ListBlock(MedicalTestBlock(), min_num=1, label="Tests")

    class Meta:
        health_aspect = "ScreeningHealthAspect"
        icon = "search"
        label = "Diagnosis"
        description = "How the condition is diagnosed: the tests a patient may have."
        template = "condition_pages/blocks/diagnosis.html"
        group = "Condition sections"
        default = {"heading": "How is it diagnosed?"}
        preview_value = {
            "intro": "<p>Your doctor may order these tests:</p>",
            "tests": [{"name": "X-ray", "description": "Pictures of your bones."}],
        }


class TreatmentOptionBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=120, help_text="e.g. Radiation therapy")
    category = blocks.ChoiceBlock(choices=TREATMENT_CATEGORIES, default="other")
    description = blocks.TextBlock()

    class Meta:
        icon = "plus-inverse"
        label_format = "{name}"


class TreatmentBlock(SectionBlock):
    intro = blocks.RichTextBlock(features=PARAGRAPH_FEATURES, required=False)
    options = blocks.ListBlock(TreatmentOptionBlock(), min_num=1, label="Treatment options")

    class Meta:
        health_aspect = "TreatmentsHealthAspect"
        icon = "plus-inverse"
        label = "Treatment"
        description = "The treatment options, each with its category."
        template = "condition_pages/blocks/treatment.html"
        group = "Condition sections"
        default = {"heading": "How is it treated?"}
        preview_value = {
            "intro": "<p>Treatment options include:</p>",
            "options": [
                {
                    "name": "Radiation therapy",
                    "category": "radiotherapy",
                    "description": "High-energy beams that kill cancer cells.",
                }
            ],
        }


class PrognosisBlock(SectionBlock):
    body = blocks.RichTextBlock(features=PARAGRAPH_FEATURES)

    class Meta:
        health_aspect = "PrognosisHealthAspect"
        icon = "doc-full"
        label = "Prognosis"
        description = "The outlook: what affects it, in plain language."
        template = "condition_pages/blocks/prognosis.html"
        group = "Condition sections"
        default = {"heading": "What is the outlook?"}
        preview_value = {
            "body": "<p>The outlook depends on many factors.</p>",
        }


class RichTextSectionBlock(SectionBlock):
    body = blocks.RichTextBlock(features=PARAGRAPH_FEATURES)

    class Meta:
        health_aspect = "OverviewHealthAspect"
        icon = "pilcrow"
        label = "Text section"
        description = "A titled section of free text, e.g. an overview."
        template = "condition_pages/blocks/section.html"
        group = "General"
        default = {"heading": "Overview"}
        preview_value = {
            "body": "<p>Plain-language text about the condition.</p>",
        }


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=250)
    answer = blocks.RichTextBlock(features=PARAGRAPH_FEATURES)

    class Meta:
        icon = "help"
        label_format = "{question}"


class FAQBlock(SectionBlock):
    questions = blocks.ListBlock(FAQItemBlock(), min_num=1)

    class Meta:
        icon = "help"
        label = "Questions and answers"
        description = "Frequently asked questions, each with its answer."
        template = "condition_pages/blocks/faq.html"
        group = "General"
        default = {"heading": "Common questions"}
        preview_value = {
            "questions": [{"question": "Is it painful?", "answer": "<p>It can be.</p>"}],
        }


class ReferenceBlock(blocks.StructBlock):
    citation = blocks.TextBlock(help_text="Authors, title, publication, year.")
    url = blocks.URLBlock(required=False, label="URL")

    class Meta:
        icon = "link"
        label_format = "{citation}"


class ReferencesBlock(SectionBlock):
    references = blocks.ListBlock(ReferenceBlock(), min_num=1)

    class Meta:
        icon = "link"
        label = "References"
        description = "Sources the article is based on."
        template = "condition_pages/blocks/references.html"
        group = "General"
        default = {"heading": "References"}
        preview_value = {
            "references": [{"citation": "Coleman RE. Clin Cancer Res. 2006.", "url": ""}],
        }


class CalloutBlock(blocks.StructBlock):
    variant = blocks.ChoiceBlock(choices=CALLOUT_VARIANTS, default="info")
    title = blocks.CharBlock(max_length=120)
    body = blocks.RichTextBlock(features=PARAGRAPH_FEATURES)

    class Meta:
        icon = "warning"
        label = "Callout"
        description = "A highlighted box: information, a warning, or when to get urgent help."
        template = "condition_pages/blocks/callout.html"
        group = "General"
        preview_value = {"variant": "urgent", "body": "<p>you suddenly cannot move your legs.</p>"}

    def get_preview_value(self):
        # The site's one emergency number, as every page gives it.
        title = f"Call {settings.EMERGENCY_PHONE_NUMBER} if"
        return self.normalize({**self.meta.preview_value, "title": title})


class CaptionedImageBlockValue(Schema):
    image: ImageWithRenditions
    alt_text: str = Field(description="Empty when the image is decorative.")
    decorative: bool
    caption: Text


class CaptionedImageInput(InputSchema):
    image: reference_to(get_image_model, what="image")
    alt_text: str = Field("", description="Required unless the image is decorative.")
    decorative: bool = False
    caption: str = ""

    @model_serializer
    def _as_block_value(self):
        return {
            "image": {
                "image": self.image.id,
                "alt_text": self.alt_text,
                "decorative": self.decorative,
            },
            "caption": self.caption,
        }


class PictureBlock(ImageBlock):
    """Wagtail's ImageBlock (the image with its alt text, or an explicit "decorative"),
    labelled for the article's image block, which is "Image" itself (Wagtail's own
    labels read "Image › Image › Image"), and refusing a file name as alt text, as the
    image library's form does. Migrations record it as Wagtail's ImageBlock."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.child_blocks["image"].label = "Picture"
        self.child_blocks["alt_text"].field.help_text = ALT_TEXT_HELP
        self.child_blocks["alt_text"].meta.help_text = ALT_TEXT_HELP

    def clean(self, value):
        value = super().clean(value)
        if (
            value
            and not value.decorative
            and is_file_name(value.contextual_alt_text or "", value.file.name)
        ):
            raise StructBlockValidationError(
                block_errors={"alt_text": ValidationError(FILE_NAME_REFUSED)}
            )
        return value


class CaptionedImageBlock(blocks.StructBlock):
    image = PictureBlock(label="Picture and alt text")
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        label = "Image"
        description = "An image with alternative text and an optional caption."
        template = "condition_pages/blocks/image.html"
        group = "General"

    def get_preview_value(self):
        # The library's latest image: a block preview cannot ship an image file.
        image = get_image_model().objects.order_by("-pk").first()
        if image:
            image.contextual_alt_text, image.decorative = image.default_alt_text, False
        return self.normalize({"image": image, "caption": "A caption under the image."})

    def get_api_representation(self, value, context=None):
        image = value["image"]
        return {
            "image": image_representation(image, context and context.get("request")),
            "alt_text": "" if image.decorative else image.contextual_alt_text,
            "decorative": image.decorative,
            "caption": value["caption"],
        }

    def api_schema(self):
        return CaptionedImageBlockValue

    def api_input_schema(self):
        return CaptionedImageInput


class LinkValue(blocks.StructValue):
    @property
    def live_page(self):
        """The chosen page while a visitor may see it: a link never leads to, or names,
        a draft, an expired page or a private one. LinkBlock.bulk_to_python checks
        every link of a page at once; a lone value checks itself."""
        if not hasattr(self, "_visible_page"):
            page = self.get("page")
            self._visible_page = page if is_visible(page) else None
        return self._visible_page

    @property
    def href(self):
        if page := self.live_page:
            return page.url
        if phone := self.get("phone"):
            return "tel:" + "".join(ch for ch in phone if ch.isdigit() or ch == "+")
        return self.get("url") or ""

    @property
    def type(self):
        """Which of the link's targets it follows: "page", "url", "phone", or None (a
        page a visitor may not see, or was deleted)."""
        if self.live_page:
            return "page"
        return next((target for target in ("url", "phone") if self.get(target)), None)

    def href_on(self, page):
        """The link as a button on `page` shows it (the HTML and both APIs): the
        appointment form, linked from an article, comes with that article's condition
        chosen. without_condition() undoes it for a link written back."""
        href = self.href
        if href in appointment_form_paths() and getattr(page, "slug", ""):
            return f"{href}?{urlencode({'condition': page.slug})}"
        return href


@cache
def appointment_form_paths():
    """The appointment form's path in every language (/appointments/, /hi/appointments/,
    …): a translated article may link to either, whatever language is active."""
    paths = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths.add(reverse("appointments:request"))
    return frozenset(paths)


def without_condition(href):
    """A link to the appointment form as stored: without the `?condition=` that
    LinkValue.href_on adds when it is shown, so an app's GET then PUT stores what it read."""
    path, _, query = href.partition("?")
    names = {name for name, _value in parse_qsl(query, keep_blank_values=True)}
    if path in appointment_form_paths() and names == {"condition"}:
        return path
    return href


class PageLink(Schema):
    id: int
    title: str


class LinkBlockValue(Schema):
    """Where a call to action goes. `type` and `page` are null, and `href` empty, when
    the page it linked to has been deleted, or is one a visitor may not see (a draft,
    expired, or behind a login, password or group)."""

    type: Literal["page", "url", "phone"] | None
    href: str = Field(description="An absolute URL, or a tel: URL for a phone number.")
    page: PageLink | None


class LinkInput(InputSchema):
    """Where a call to action goes, as the read API gives it: `type` says which of a
    page (`page.id`), a web address (`href`) or a phone number (`href`, `tel:…`)."""

    type: Literal["page", "url", "phone"]
    href: str = ""
    page: reference_to(Page, what="page") | None = None

    @model_validator(mode="after")
    def _path_on_this_site(self, info):
        """The read gives a path on this site (/appointments/) as an absolute URL;
        written back, it is that path again, so it keeps following the site, and the
        appointment form's `?condition=` that the read added is dropped."""
        request = (info.context or {}).get("request")
        base = get_base_url(request) if request else None
        if self.type == "url":
            if base and self.href.startswith(f"{base}/"):
                self.href = self.href.removeprefix(base)
            self.href = without_condition(self.href)
        return self

    @model_serializer
    def _as_block_value(self):
        return {
            "page": self.page.id if self.type == "page" and self.page else None,
            "url": self.href if self.type == "url" else "",
            "phone": self.href.removeprefix("tel:") if self.type == "phone" else "",
        }


class LinkBlock(blocks.StructBlock):
    """Where a button goes: exactly one of a page of this site, a web address or a
    phone number (a tap-to-call link on phones)."""

    page = blocks.PageChooserBlock(required=False, **LINK_PAGE_OPTIONS)
    url = blocks.CharBlock(required=False, label="Web address", **LINK_URL_OPTIONS)
    phone = blocks.CharBlock(required=False, **LINK_PHONE_OPTIONS)

    class Meta:
        value_class = LinkValue
        icon = "link"
        help_text = "Fill in exactly one: a page, a web address or a phone number."

    def bulk_to_python(self, values):
        # One query for the visibility of every page that a page's links choose.
        links = super().bulk_to_python(values)
        pages = [link.get("page") for link in links]
        visible_ids = visible_page_ids(page.pk for page in pages if page)
        for link, page in zip(links, pages, strict=True):
            link._visible_page = page if page and page.pk in visible_ids else None
        return links

    def clean(self, value):
        value = super().clean(value)
        if errors := self.target_errors(value):
            raise StructBlockValidationError(errors)
        return value

    @staticmethod
    def target_errors(value):
        """The rule across the three targets (each checks itself): exactly one."""
        chosen = [target for target in ("page", "url", "phone") if value.get(target)]
        if len(chosen) == 1:
            return {}
        message = "Choose exactly one of a page, a web address or a phone number."
        return {target: ValidationError(message) for target in chosen or ["page"]}

    def get_api_representation(self, value, context=None):
        page = value.live_page
        # The page the link is on (condition_pages.api_fields.stream_json), as in the HTML.
        href = value.href_on(context and context.get("page"))
        if href.startswith("/"):
            href = get_full_url(context and context.get("request"), href)
        return {
            "type": value.type,
            "href": href,
            "page": page and {"id": page.id, "title": page.title},
        }

    def api_schema(self):
        return LinkBlockValue

    def api_input_schema(self):
        return LinkInput


class CallToActionBlock(blocks.StructBlock):
    headline = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False)
    button_label = blocks.CharBlock(max_length=40, default="Get an appointment")
    link = LinkBlock()

    class Meta:
        icon = "date"
        label = "Call to action"
        description = "A prominent box with a button, e.g. 'Get an appointment'."
        template = "condition_pages/blocks/call_to_action.html"
        group = "General"
        preview_value = {
            "headline": "Expert cancer care is one call away",
            "text": "Appointments in as little as 24 hours.",
            "button_label": "Get an appointment",
            "link": {"url": "https://example.org/appointments/"},
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        # No button when the page it linked to has been unpublished or deleted (no href).
        context["button_href"] = value["link"].href_on(context.get("page"))
        return context


class CallToActionChooserBlock(SnippetChooserBlock):
    """A reusable call to action (condition_pages.CallToAction snippet): shown with
    the call_to_action block's template and serialised as that block's value, with
    the snippet's id. Only a published one: its row is the version a clinician
    approved (drafts live in its revisions), and one never published shows nowhere."""

    def __init__(self, target_model="condition_pages.CallToAction", **kwargs):
        super().__init__(target_model, **kwargs)

    class Meta:
        icon = "date"
        label = "Reusable call to action"
        description = "A call to action written once under Snippets and used on many pages."
        group = "General"

    def get_preview_value(self):
        # The most recent one, or the call_to_action block's own sample before any exists.
        sample = CallToActionBlock().meta.preview_value
        return self.target_model.objects.filter(live=True).order_by(
            "-pk"
        ).first() or self.target_model(
            headline=sample["headline"], text=sample["text"], button_label=sample["button_label"]
        )

    def shown(self, value, context):
        """The snippet a page shows for the chosen `value`: its published version in
        the page's language, else its published English one (languages.in_language)."""
        if value is None or value.pk is None:
            return value  # None, or the block preview's unsaved sample
        page = context.get("page") if context else None
        # Outside a page (the snippet's own preview), the language it was written in.
        code = language_of(page if isinstance(page, Page) else value)
        shown = in_language([value], code, context.get("request") if context else None)
        return shown[0] if shown else None

    def render(self, value, context=None):
        shown = self.shown(value, context)
        return shown.block.render(shown.block_value, context) if shown else ""

    def get_api_representation(self, value, context=None):
        shown = self.shown(value, context)
        if shown is None:
            return None
        return {
            "id": shown.pk,
            **shown.block.get_api_representation(shown.block_value, context),
        }

    def api_schema(self):
        """Null when the snippet has been deleted or was never published."""
        return call_to_action_snippet_schema() | None

    def api_input_schema(self):
        """Written back, the `id` chooses the snippet; the rest is ignored."""
        return reference_to(lambda: self.target_model)


@cache
def call_to_action_snippet_schema():
    """A reusable call to action as read: the call_to_action block's value, and the
    snippet's id."""
    return create_model(
        "CallToActionSnippet",
        __base__=struct_schema(CallToActionBlock()),
        __doc__="A reusable call to action (a snippet): a call_to_action block's value.",
        id=(int, Field(description="The call to action snippet's id.")),
    )


class ConditionStreamBlock(blocks.StreamBlock):
    symptoms = SymptomsBlock()
    diagnosis = DiagnosisBlock()
    treatment = TreatmentBlock()
    prognosis = PrognosisBlock()
    section = RichTextSectionBlock()
    callout = CalloutBlock()
    image = CaptionedImageBlock()
    faq = FAQBlock()
    references = ReferencesBlock()
    call_to_action = CallToActionBlock()
    reusable_call_to_action = CallToActionChooserBlock()

    def get_api_representation(self, value, context=None):
        # ?sections= (condition_pages.sections): checked by the API views, which answer
        # 400 to unknown names; any other reader gets the whole body.
        try:
            sections = requested_sections(context and context.get("request"), self.child_blocks)
        except UnknownSections:
            sections = None
        if sections is not None and value is not None:
            value = [child for child in value if child.block_type in sections]
        return super().get_api_representation(value, context)

    def clean(self, value):
        value = super().clean(value)
        # Two sections with one anchor would make the table of contents ambiguous.
        seen = {}
        errors = {}
        for index, child in enumerate(value):
            anchor = getattr(child.value, "section_id", None)
            if anchor is None:
                continue
            if anchor in seen:
                message = (
                    f"Another section already uses the link anchor “{anchor}”: "
                    "change this heading or set a different link anchor."
                )
                errors[index] = StructBlockValidationError({"anchor": ValidationError(message)})
            seen[anchor] = index
        if errors:
            raise blocks.StreamBlockValidationError(block_errors=errors)
        return value
