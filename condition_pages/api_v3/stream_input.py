"""What API v3 accepts for a StreamField: the same typed, discriminated union that it
returns (stream.py), so an app can GET a body, edit it and send it back.

Each schema validates the read shape and dumps what Wagtail's form binding reads
(`wagtail.api.v3.form_data.flatten_block_value`: a block's own stored value), so
every block's clean() still runs through the page's real admin form. Blocks whose
read shape differs from their stored value (an image with renditions, a link given
as `{type, href, page}`, a reusable call to action read as the snippet's content)
say how to turn one into the other in CUSTOM_INPUTS; a chooser block is written as the
id it reads as, `{"id": …}` where the read gives an object. Unknown keys
are refused everywhere, so a typo is an error, not silently dropped."""

from typing import Annotated, Literal, Union

from ninja import Schema
from pydantic import ConfigDict, Field, create_model, model_serializer, model_validator

from django.core.exceptions import ImproperlyConfigured

from wagtail import blocks
from wagtail.api.utils import get_base_url

from ..blocks import CallToActionChooserBlock, CaptionedImageBlock, LinkBlock, SectionBlock
from .stream import _camel, _description, choice_schema, health_aspect_field, struct_model


class InputSchema(Schema):
    model_config = ConfigDict(extra="forbid")


class ObjectReference(InputSchema):
    """Anything the read API gives with an `id`; written back, only `id` counts and the
    other fields the read gave (title, renditions, URLs…) are accepted and ignored."""

    model_config = ConfigDict(extra="allow")

    id: int = Field(description="The id of the object, as the read API gives it.")

    @model_serializer
    def _as_id(self):
        return self.id


class LinkInput(InputSchema):
    """Where a call to action goes, as the read API gives it: `type` says which of a
    page (`page.id`), a web address (`href`) or a phone number (`href`, `tel:…`)."""

    type: Literal["page", "url", "phone"]
    href: str = ""
    page: ObjectReference | None = None

    @model_validator(mode="after")
    def _path_on_this_site(self, info):
        """The read gives a path on this site (/appointments/) as an absolute URL;
        written back, it is that path again, so it keeps following the site."""
        request = (info.context or {}).get("request")
        base = get_base_url(request) if request else None
        if self.type == "url" and base and self.href.startswith(f"{base}/"):
            self.href = self.href.removeprefix(base)
        return self

    @model_serializer
    def _as_block_value(self):
        return {
            "page": self.page.id if self.type == "page" and self.page else None,
            "url": self.href if self.type == "url" else "",
            "phone": self.href.removeprefix("tel:") if self.type == "phone" else "",
        }


class CaptionedImageInput(InputSchema):
    image: ObjectReference
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


# Blocks whose read shape is their own (see stream.CUSTOM_REPRESENTATIONS), written back.
CUSTOM_INPUTS = {
    # Its `anchor` reads as the section's fragment id; written back, it fixes it. Its
    # `health_aspect` is derived from the block type: accepted as read, and ignored.
    SectionBlock: lambda block: struct_input(block, extra=health_aspect_field(block, write=True)),
    CaptionedImageBlock: lambda block: CaptionedImageInput,
    LinkBlock: lambda block: LinkInput,
    # Read as the snippet's content with its `id`; written back, the `id` chooses it.
    CallToActionChooserBlock: lambda block: ObjectReference,
}


def struct_input(block, extra=None):
    """The write schema of a StructBlock, beside its read schema (stream.struct_model)."""
    return struct_model(block, "Input", InputSchema, _child_field, extra)


def _child_field(block):
    """(annotation, default) of a child block: what the read API always gives (a
    struct, a required value) must be sent; the rest defaults to what a blank form
    field saves."""
    annotation = value_input(block)
    if isinstance(block, blocks.StructBlock) or block.required:
        return (annotation, ...)
    if isinstance(block, blocks.ListBlock) and block.meta.min_num:
        return (annotation, ...)
    if isinstance(block, blocks.ListBlock):
        return (annotation, [])
    if isinstance(block, blocks.ChooserBlock):
        return (annotation | None, None)
    return (annotation, "")


def _given(limits):
    return {name: value for name, value in limits.items() if value is not None}


def value_input(block):
    """The annotation of what a block accepts: what it reads as."""
    owner = next(cls for cls in type(block).__mro__ if "get_api_representation" in vars(cls))
    if owner in CUSTOM_INPUTS:
        return CUSTOM_INPUTS[owner](block)
    if isinstance(block, blocks.StructBlock):
        return struct_input(block)
    if isinstance(block, blocks.ListBlock):
        limits = {"min_length": block.meta.min_num, "max_length": block.meta.max_num}
        return Annotated[list[value_input(block.child_block)], Field(**_given(limits))]
    if isinstance(block, blocks.ChoiceBlock):
        return choice_schema(block)
    if isinstance(block, blocks.ChooserBlock):
        return int
    if isinstance(
        block, blocks.CharBlock | blocks.TextBlock | blocks.URLBlock | blocks.RichTextBlock
    ):
        # Checked here as well as by the block, because Wagtail lets a draft leave
        # required fields empty and an app's write should be complete.
        limits = {
            "min_length": 1 if block.required else None,
            "max_length": getattr(block.field, "max_length", None),
        }
        return Annotated[str, Field(**_given(limits))]
    raise ImproperlyConfigured(
        f"No API v3 input schema for {type(block).__name__}: teach "
        "condition_pages.api_v3.stream_input.value_input what it accepts."
    )


def stream_input_schema(stream_block):
    """One item of a stream as written: `{type, id, value}`, discriminated by `type`;
    `id` is optional (a new block gets one)."""
    prefix = type(stream_block).__name__.removesuffix("Block")
    items = [
        create_model(
            f"{prefix}{_camel(name)}Input",
            __base__=InputSchema,
            __doc__=_description(child),
            type=(Literal[name], ...),
            id=(str | None, None),
            value=(value_input(child), ...),
        )
        for name, child in stream_block.child_blocks.items()
    ]
    return Annotated[Union[tuple(items)], Field(discriminator="type")]  # noqa: UP007
