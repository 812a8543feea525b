"""What API v3 accepts for a StreamField: the same typed, discriminated union that it
returns (stream.py), so an app can GET a body, edit it and send it back.

Each schema validates the read shape and dumps what Wagtail's form binding reads
(`wagtail.api.v3.form_data.flatten_block_value`: a block's own stored value), so
every block's clean() still runs through the page's real admin form. Blocks whose
read shape differs from their stored value (an image with renditions, a link given
as `{type, href, page}`, a reusable call to action read as the snippet's content)
say how to turn one into the other beside their read shape, in their
`api_input_schema()` (condition_pages.blocks); a chooser block is written as the id it
reads as, `{"id": …}` where the read gives an object. Unknown keys are refused
everywhere, so a typo is an error, not silently dropped."""

from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, model_serializer

from django.core.exceptions import ImproperlyConfigured

from wagtail import blocks

from .stream import choice_schema, declared_schema, stream_union, struct_model


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


def existing(model, queryset=None, what=None):
    """A validator of an id (or an ObjectReference) that names a `model` object, or one
    of `queryset(model)` (what can be chosen), as a 422 at the path the client sent:
    bound to the form, an unknown id would be dropped or stored as null unseen.
    `model` may be a function that gives it, for schemas built as models load."""

    def check(value):
        found = model if isinstance(model, type) else model()
        objects = queryset(found) if queryset else found._default_manager.all()
        pk = getattr(value, "id", value)
        if not objects.filter(pk=pk).exists():
            raise ValueError(f"no {what or found._meta.verbose_name} has the id {pk}")
        return value

    return AfterValidator(check)


def reference_to(model, queryset=None, what=None):
    """ObjectReference to an existing object of `model` (see `existing`)."""
    return Annotated[ObjectReference, existing(model, queryset, what)]


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
    if (declared := declared_schema(block, "api_input_schema")) is not None:
        return declared
    if isinstance(block, blocks.StructBlock):
        return struct_input(block)
    if isinstance(block, blocks.ListBlock):
        limits = {"min_length": block.meta.min_num, "max_length": block.meta.max_num}
        return Annotated[list[value_input(block.child_block)], Field(**_given(limits))]
    if isinstance(block, blocks.ChoiceBlock):
        return choice_schema(block)
    if isinstance(block, blocks.ChooserBlock):
        return Annotated[int, existing(lambda: block.target_model)]
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
        "condition_pages.typed_json.stream_input.value_input what it accepts."
    )


def stream_input_schema(stream_block):
    """One item of a stream as written: `id` is optional (a new block gets one)."""
    return stream_union(
        stream_block,
        suffix="Input",
        base=InputSchema,
        id_field=(str | None, None),
        value_of=value_input,
    )
