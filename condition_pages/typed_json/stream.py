"""Typed schemas for a StreamField, derived from its block definitions.

Stock API v3 describes a StreamField as a list of anything. Here every block gets a
named schema built from its child blocks, so a new child block or treatment category
reaches the OpenAPI description by itself, and the stream is a list of items
discriminated by their `type`. A block that writes its own API representation declares
what that looks like next to it, in its own class (`api_schema()`, and
`api_input_schema()` for writes: see condition_pages.blocks), and a block type this
module does not know stops the app at start-up: the schema never quietly falls back to
"anything".
"""

from typing import Annotated, Literal, Union

from ninja import Schema
from pydantic import BeforeValidator, Field, create_model

from django.core.exceptions import ImproperlyConfigured

from wagtail import blocks


def _none_as_empty(value):
    return "" if value is None else value


# A child block added after content was saved has no value there, which blocks give
# as null; apps get the empty string the editor's form would have saved.
Text = Annotated[str, BeforeValidator(_none_as_empty)]


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


def declared_schema(block, declaration):
    """The schema a block that writes its own API representation declares beside it
    (`declaration`: "api_schema" for what it reads as, "api_input_schema" for what it
    accepts), or None for a block Wagtail represents."""
    owner = _representation_owner(block)
    if owner.__module__.startswith("wagtail."):
        return None
    if declaration not in vars(owner):
        raise ImproperlyConfigured(
            f"{owner.__name__} has its own get_api_representation: declare its shape "
            f"beside it, as {owner.__name__}.{declaration}()."
        )
    return getattr(block, declaration)()


def value_schema(block):
    """The annotation of what `block.get_api_representation()` returns."""
    if (declared := declared_schema(block, "api_schema")) is not None:
        return declared
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
        "condition_pages.typed_json.stream.value_schema its JSON shape."
    )


def _camel(name):
    return "".join(part.capitalize() for part in name.split("_"))


def stream_union(stream_block, *, suffix, base, id_field, value_of):
    """The annotation of one item of the stream, `{type, id, value}`, with one schema
    per block type (named after the stream, the type and `suffix`), discriminated by
    `type`; `value_of(child)` gives the value's annotation."""
    prefix = type(stream_block).__name__.removesuffix("Block")
    items = [
        create_model(
            f"{prefix}{_camel(name)}{suffix}",
            __base__=base,
            __doc__=_description(child),
            type=(Literal[name], ...),
            id=id_field,
            value=(value_of(child), ...),
        )
        for name, child in stream_block.child_blocks.items()
    ]
    return Annotated[Union[tuple(items)], Field(discriminator="type")]  # noqa: UP007


def stream_item_schema(stream_block):
    """One item of the stream as read: every item has its `id`."""
    return stream_union(
        stream_block, suffix="", base=Schema, id_field=(str, ...), value_of=value_schema
    )
