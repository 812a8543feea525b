"""Typed schemas for a StreamField, derived from its block definitions.

Stock API v3 describes a StreamField as a list of anything. Here every block gets a
named schema built from its child blocks, so a new child block or treatment category
reaches the OpenAPI description by itself, and the stream is a list of items
discriminated by their `type`. A block that writes its own API representation must
say what that looks like in CUSTOM_REPRESENTATIONS, and a block type this module does
not know stops the app at start-up: the schema never quietly falls back to "anything".
"""

from functools import cache
from typing import Annotated, Literal, Union

from ninja import Schema
from pydantic import BeforeValidator, Field, create_model

from django.core.exceptions import ImproperlyConfigured

from wagtail import blocks

from ..blocks import (
    CallToActionBlock,
    CallToActionChooserBlock,
    CaptionedImageBlock,
    LinkBlock,
    SectionBlock,
)
from .schemas import ImageWithRenditions


def _none_as_empty(value):
    return "" if value is None else value


# A child block added after content was saved has no value there, which blocks give
# as null; apps get the empty string the editor's form would have saved.
Text = Annotated[str, BeforeValidator(_none_as_empty)]


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


class CaptionedImageBlockValue(Schema):
    image: ImageWithRenditions
    alt_text: str = Field(description="Empty when the image is decorative.")
    decorative: bool
    caption: Text


@cache
def call_to_action_snippet_schema():
    """A reusable call to action: the call_to_action block's value, and the snippet's
    id. Null when the snippet has been deleted."""
    return create_model(
        "CallToActionSnippet",
        __base__=struct_schema(CallToActionBlock()),
        __doc__="A reusable call to action (a snippet): a call_to_action block's value.",
        id=(int, Field(description="The call to action snippet's id.")),
    )


# Blocks whose get_api_representation is their own, and how to describe what it returns.
CUSTOM_REPRESENTATIONS = {
    CallToActionChooserBlock: lambda block: call_to_action_snippet_schema() | None,
    # Fills in `anchor`, one of its child blocks, with the section's fragment id, and
    # adds the block's schema.org `health_aspect` if it has one.
    SectionBlock: lambda block: struct_schema(block, extra=health_aspect_field(block)),
    CaptionedImageBlock: lambda block: CaptionedImageBlockValue,
    LinkBlock: lambda block: LinkBlockValue,
}

_struct_models = {}


def _description(block):
    description = getattr(block.meta, "description", None) or block.meta.label
    return str(description) if description else None


def struct_model(block, suffix, base, child_field, extra=None):
    """One schema per StructBlock class and direction (`suffix`: read or write), named
    after it, with a field per child block; `child_field(child)` gives its
    (annotation, default). `extra`: fields the block's representation adds."""
    key = (type(block), suffix)
    if key not in _struct_models:
        _struct_models[key] = create_model(
            f"{type(block).__name__}{suffix}",
            __base__=base,
            __doc__=_description(block),
            **{name: child_field(child) for name, child in block.child_blocks.items()},
            **(extra or {}),
        )
    return _struct_models[key]


def struct_schema(block, extra=None):
    """The read schema of a StructBlock: every child as the API gives it."""
    return struct_model(block, "Value", Schema, lambda child: (value_schema(child), ...), extra)


def health_aspect_field(block, *, write=False):
    """`health_aspect` of a section block that has one (blocks.SectionBlock): its
    schema.org HealthAspectEnumeration member, derived from the block type. A write
    may send it back as read (or leave it out); it is ignored."""
    aspect = block.meta.health_aspect
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


def choice_schema(block):
    values = [value for value, _label in block.field.choices if value != ""]
    if not block.required:
        values.append("")
    return Annotated[Literal[tuple(values)], BeforeValidator(_none_as_empty)]


def rich_text_schema(block):
    return Annotated[
        Text,
        Field(
            description="Rich text: HTML, or Markdown with `?rich_text_format=markdown`.",
            json_schema_extra={"x-rich-text-features": list(block.features or [])},
        ),
    ]


def _representation_owner(block):
    """The class whose get_api_representation the block uses."""
    return next(cls for cls in type(block).__mro__ if "get_api_representation" in vars(cls))


def value_schema(block):
    """The annotation of what `block.get_api_representation()` returns."""
    owner = _representation_owner(block)
    if owner in CUSTOM_REPRESENTATIONS:
        return CUSTOM_REPRESENTATIONS[owner](block)
    if not owner.__module__.startswith("wagtail."):
        raise ImproperlyConfigured(
            f"{owner.__name__} has its own get_api_representation: describe what it returns "
            "in condition_pages.api_v3.stream.CUSTOM_REPRESENTATIONS."
        )
    if isinstance(block, blocks.StructBlock):
        return struct_schema(block)
    if isinstance(block, blocks.ListBlock):
        return list[value_schema(block.child_block)]
    if isinstance(block, blocks.ChoiceBlock):
        return choice_schema(block)
    if isinstance(block, blocks.RichTextBlock):
        return rich_text_schema(block)
    if isinstance(block, blocks.CharBlock | blocks.TextBlock | blocks.URLBlock):
        return Text
    raise ImproperlyConfigured(
        f"No API v3 schema for {type(block).__name__}: teach "
        "condition_pages.api_v3.stream.value_schema its JSON shape."
    )


def _camel(name):
    return "".join(part.capitalize() for part in name.split("_"))


def stream_item_schema(stream_block):
    """The annotation of one item of the stream: `{type, id, value}` with one schema
    per block type, discriminated by `type`."""
    prefix = type(stream_block).__name__.removesuffix("Block")
    items = [
        create_model(
            f"{prefix}{_camel(name)}",
            __base__=Schema,
            __doc__=_description(child),
            type=(Literal[name], ...),
            id=(str, ...),
            value=(value_schema(child), ...),
        )
        for name, child in stream_block.child_blocks.items()
    ]
    return Annotated[Union[tuple(items)], Field(discriminator="type")]  # noqa: UP007
