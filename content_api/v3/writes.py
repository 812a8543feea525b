"""Writing condition pages through API v3, in the shape the read API returns.

Wagtail generates create and patch schemas from the writable `api_fields`, but only
for plain model fields: a StreamField becomes a list of anything and every field with
a v2 serializer is left out, so they were silently dropped. Here each gets the type it
reads as (the body's typed blocks, specialties by slug, images and pages by id), and
dumps what the page's admin form binds, so Wagtail's own create and edit actions, the
form's validation and its permission checks still do the work.

An app may send back the whole document it read: the read-only fields (`id`, the
review record that the clinical review sets) are ignored when unchanged and refused
when changed, `meta`'s descriptive keys are ignored, and its `slug`, `seo_title`,
`search_description` and `show_in_menus` are written as if given at the top level.
Other unknown fields are refused with a 422. A block's own validation (a missing
symptom name, a bad link) reports the path of the value at fault,
`body[2].value.symptoms[0].name`. PATCH changes the fields it names; PUT (condition
pages only: Wagtail has no PUT for pages) replaces every writable field."""

import json
from typing import Annotated, Literal

from ninja import Body, Query
from ninja.schema import DjangoGetter
from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    field_serializer,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.html import strip_tags

from wagtail.actions import action_registry
from wagtail.actions.copy_page import CopyPageAction
from wagtail.actions.create_alias import CreatePageAliasAction
from wagtail.actions.create_page import CreatePageAction
from wagtail.actions.edit_page import EditPageAction
from wagtail.actions.move_page import MovePageAction
from wagtail.api.rich_text import RichTextOutputFormat
from wagtail.api.v3.errors import as_validation_error
from wagtail.api.v3.form_data import build_form_data, get_api_form_class, get_warnings
from wagtail.api.v3.registry import registry
from wagtail.api.v3.schemas.pages import PageUpdateMetaSchema
from wagtail.blocks import ListBlock, RichTextBlock, StreamBlock, StructBlock, StructValue
from wagtail.blocks.list_block import ListValue
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.rich_text import RichText
from wagtail.utils.forms import FormValidationError

from condition_pages.aliases import alias_refused
from condition_pages.api_fields import PAGE_FIELDS_BY_NAME
from condition_pages.clinical_codes import CodingSystem, validate_code
from condition_pages.languages import in_source_language
from condition_pages.models import ConditionPage, Specialty
from condition_pages.typed_json.stream_input import (
    InputSchema,
    reference_to,
    stream_input_schema,
)

ConditionStreamInputItem = stream_input_schema(ConditionPage._meta.get_field("body").stream_block)

UNCHANGED = "; send it unchanged or leave it out"
# Fields the read API gives that a write may not change.
READ_ONLY_FIELDS = {
    "id": "read-only: the page's id is in the URL" + UNCHANGED,
    "last_reviewed": "read-only: set by the clinical review" + UNCHANGED,
    "next_review_due": "read-only: set by the clinical review" + UNCHANGED,
    "reviewed_by": "read-only: set by the clinical review" + UNCHANGED,
}
# What the read API says about a page's languages: derived from its other pages
# (docs/translations.md), so a document sent back whole may carry it; never written.
LANGUAGE_FIELDS = ("translations", "translation")
# Page fields that the read API gives in `meta` and Wagtail's writes take at the top.
META_WRITABLE_FIELDS = ("slug", "seo_title", "search_description", "show_in_menus")


def _page_being_written(request):
    match = request and request.resolver_match
    page_id = match.kwargs.get("page_id") if match else None
    return page_id and ConditionPage.objects.filter(pk=page_id).first()


def _read_only_values(page):
    """The read-only fields as the read API gives them (all null for a new page)."""
    if not page:
        return dict.fromkeys(READ_ONLY_FIELDS)
    return {
        "id": page.pk,
        "last_reviewed": page.last_reviewed and page.last_reviewed.isoformat(),
        "next_review_due": page.next_review_due and page.next_review_due.isoformat(),
        "reviewed_by": PAGE_FIELDS_BY_NAME["reviewed_by"].as_json(page, request=None),
    }


def as_written(payload, request):
    """A page write's top-level fields as the schema takes them: `meta`'s writable
    fields lifted out of it, and the read-only fields the read gave left out when they
    are unchanged (changed, they stay, and are refused as read-only)."""
    if not isinstance(payload, dict):
        return payload
    payload = dict(payload)
    meta = payload.get("meta")
    if isinstance(meta, dict):
        for name in META_WRITABLE_FIELDS:
            if name in meta and name not in payload:
                payload[name] = meta[name]
    for name in LANGUAGE_FIELDS:
        payload.pop(name, None)
    read_only = READ_ONLY_FIELDS.keys() & payload.keys()
    current = _read_only_values(_page_being_written(request)) if read_only else {}
    for name in read_only:
        if payload[name] == current[name]:
            del payload[name]
    return payload


def _known_specialty(reference):
    if not Specialty.objects.filter(in_source_language(), slug=reference.slug).exists():
        raise ValueError(f"no specialty has the slug {reference.slug!r}")
    return reference


class SpecialtyReference(InputSchema):
    """A specialty as the read API gives it; `slug` says which."""

    slug: str
    name: str | None = Field(None, description="Ignored on write: the slug says which.")


def _not_the_page_itself(reference, info):
    page = _page_being_written((info.context or {}).get("request"))
    if page and reference.id == page.pk:
        raise ValueError(f"page {page.pk} cannot be related to itself")
    return reference


RelatedCondition = Annotated[
    reference_to(ConditionPage, what="condition page"), AfterValidator(_not_the_page_itself)
]


class ClinicalCodeInput(InputSchema):
    """A clinical code as the read API gives it, checked as the admin checks it."""

    system: Literal[tuple(CodingSystem.values)]
    code: str = Field(max_length=20)

    @field_validator("code")
    @classmethod
    def _well_formed(cls, code, info):
        if "system" not in info.data:
            return code  # its own error says the system is wrong
        try:
            return validate_code(info.data["system"], code)
        except ValidationError as error:
            raise PydanticCustomError("invalid_code", error.messages[0]) from error


def _lines(values):
    return "\n".join(value.strip() for value in values if value.strip())


def page_input_schema(generated, *, partial):
    """ConditionPage's create (or, with `partial`, patch) schema: `generated` is what
    Wagtail made of the plain fields (title, slug, summary, content_owner…)."""

    class ConditionPageInput(generated):
        model_config = ConfigDict(extra="forbid")

        @model_validator(mode="before")
        @classmethod
        def _as_written(cls, data, info):
            request = (info.context or {}).get("request")
            # Ninja validates the JSON object, then again wrapped in a DjangoGetter.
            if isinstance(data, DjangoGetter):
                return DjangoGetter(as_written(data._obj, request), cls, data._context)
            return as_written(data, request)

        # A summary is required to publish, so a write (a draft the app means to
        # submit) needs one too; left out of a PATCH, it is unchanged.
        if partial:
            summary: str = Field(None, min_length=1, max_length=300)
            body: list[ConditionStreamInputItem] = None
        else:
            summary: str = Field(..., min_length=1, max_length=300)
            body: list[ConditionStreamInputItem]
        also_known_as: list[str] = Field([], description="Other names patients use.")
        specialties: list[Annotated[SpecialtyReference, AfterValidator(_known_specialty)]] = []
        hero_image: reference_to(get_image_model, what="image") | None = Field(
            None, description="The image (its `id`), or null for none."
        )
        related_conditions: list[RelatedCondition] = Field(
            [], description="Condition pages (their `id`s), in the order to show them."
        )
        clinical_codes: list[ClinicalCodeInput] = Field(
            [], description="The condition's codes, each system and code at most once."
        )

        @field_validator("clinical_codes")
        @classmethod
        def _each_code_once(cls, codes):
            seen = set()
            for code in codes:
                if (code.system, code.code) in seen:
                    raise PydanticCustomError(
                        "duplicate_code",
                        f"{code.system}:{code.code} is given twice; a page has each code once.",
                    )
                seen.add((code.system, code.code))
            return codes

        @field_serializer("also_known_as")
        def _also_known_as_lines(self, value):
            return _lines(value)

        @field_serializer("specialties")
        def _specialty_ids(self, value):
            slugs = [reference.slug for reference in value]
            # Pages are filed under the English specialties (each slug is every language's).
            english = Specialty.objects.filter(in_source_language(), slug__in=slugs)
            return list(english.values_list("pk", flat=True))

        @field_serializer("related_conditions")
        def _related_rows(self, value):
            return [{"related_page": reference.id} for reference in value]

        @field_serializer("clinical_codes")
        def _code_rows(self, value):
            return [{"system": code.system, "code": code.code} for code in value]

    ConditionPageInput.__name__ = ConditionPageInput.__qualname__ = (
        "ConditionPagePatchSchema" if partial else "ConditionPageCreateSchema"
    )
    ConditionPageInput.model_rebuild(force=True)
    return ConditionPageInput


def replace_schema(create_schema):
    """PUT's body: the create schema, every writable field, with the meta of an edit
    (no parent: a replaced page stays where it is)."""

    class ConditionPageReplaceSchema(create_schema):
        # No default object: generators refuse a default for a schema-typed field.
        meta: PageUpdateMetaSchema | None = None

    ConditionPageReplaceSchema.model_rebuild(force=True)
    return ConditionPageReplaceSchema


def replace_page_view(schema):
    """PUT /api/v3/pages/<id>/: a new draft of a condition page with every writable
    field as given, and the ones left out at their defaults (empty), through the same
    admin form and edit action as Wagtail's PATCH."""

    def replace_page(
        request: HttpRequest,
        page_id: int,
        data: schema = Body(...),  # noqa: B008
        rich_text_format: RichTextOutputFormat | None = Query(None),  # noqa: B008
    ):
        page = get_object_or_404(ConditionPage, pk=page_id).get_latest_revision_as_object()
        form_class = get_api_form_class(ConditionPage)
        payload = data.dict(exclude={"meta"})
        # The address is the page's identity, not content: left out, it is kept.
        payload["slug"] = payload.get("slug") or page.slug
        form_data = build_form_data(form_class, payload, instance=page)
        page._meta_warnings = get_warnings(form_data)
        form = form_class(
            data=form_data, instance=page, parent_page=page.get_parent(), for_user=request.user
        )
        action_class = action_registry.get_action_class(ConditionPage, "edit")
        publish = data.meta is not None and data.meta.action == "publish"
        action_class(form.instance, user=request.user, form=form, publish=publish).execute()
        return form.instance

    return replace_page


def block_error_paths(block, error, path):
    """(path, message, code) for each message in a block's validation error, where
    path is a tuple such as ("body", 2, "value", "symptoms", 0, "name")."""
    children = getattr(error, "block_errors", None) or {}
    for key, child_error in children.items():
        if isinstance(block, StreamBlock):
            # A stream's errors are keyed by position; the child's type is in the data.
            child_block = None
            child_path = (*path, key, "value")
        elif isinstance(block, ListBlock):
            child_block = block.child_block
            child_path = (*path, key)
        elif isinstance(block, StructBlock):
            child_block = block.child_blocks.get(key)
            child_path = (*path, key)
        else:
            child_block, child_path = None, (*path, key)
        yield from block_error_paths(child_block, child_error, child_path)
    non_block = getattr(error, "non_block_errors", None)
    messages = non_block.as_data() if non_block is not None else ([] if children else [error])
    for message in messages:
        for text in message.messages:
            yield path, text, getattr(message, "code", None) or "invalid"


def blank_rich_text_as_empty(block, value):
    """An empty rich text field written through the API ("") is stored as "", as the
    admin stores it. Wagtail's form binding turns it into an editor state with one
    empty paragraph, which would read back as `<p data-block-key="…"></p>`."""
    if isinstance(block, RichTextBlock):
        blank = value is not None and not strip_tags(value.source).strip()
        return RichText("") if blank else value
    if isinstance(block, StreamBlock):
        for child in value:
            child.value = blank_rich_text_as_empty(child.block, child.value)
    elif isinstance(block, ListBlock):
        for index, item in enumerate(value):
            value[index] = blank_rich_text_as_empty(block.child_block, item)
    elif isinstance(block, StructBlock) and isinstance(value, StructValue):
        # (ImageBlock is a StructBlock whose value is an image.)
        for name, child_block in block.child_blocks.items():
            value[name] = blank_rich_text_as_empty(child_block, value[name])
    return value


def keep_list_item_ids(block, value, earlier):
    """A list item keeps its id across writes where it is unchanged and in the same
    place. Stream blocks keep theirs because the read gives them and the client sends
    them back; list items have none in the read, so each write would give every item a
    new one, and an unchanged article sent back would differ from what it replaced."""
    if isinstance(block, StreamBlock):
        before = {child.id: child for child in earlier or ()}
        for child in value:
            match = before.get(child.id)
            if match is not None and match.block_type == child.block_type:
                keep_list_item_ids(child.block, child.value, match.value)
    elif isinstance(block, ListBlock) and isinstance(value, ListValue):
        before = list(earlier.bound_blocks) if isinstance(earlier, ListValue) else []
        prep = block.child_block.get_prep_value
        for item, match in zip(value.bound_blocks, before, strict=False):
            keep_list_item_ids(block.child_block, item.value, match.value)
            if prep(item.value) == prep(match.value):
                item.id = match.id
    elif isinstance(block, StructBlock) and isinstance(value, StructValue):
        for name, child_block in block.child_blocks.items():
            earlier_child = earlier.get(name) if isinstance(earlier, StructValue) else None
            keep_list_item_ids(child_block, value.get(name), earlier_child)


class StreamAwareErrors:
    """Reports a StreamField's errors by the path of each value at fault, where
    Wagtail's form errors give only "Validation error in StreamBlock"; and saves
    blank rich text as the admin does."""

    def _clean_instance(self):
        """Validated as the admin validates a submission for review, not as it saves a
        draft (which lets required fields stay empty): an app's write is meant to be
        submitted, and what the admin would refuse then is refused now."""
        if self.form is None:
            return super()._clean_instance()
        if not self.form.is_valid():
            error = FormValidationError.from_form(self.form)
            raise self._with_block_paths(error) from error
        earlier = self._earlier_version()
        for name, field in self.form.fields.items():
            if isinstance(getattr(field, "block", None), StreamBlock):
                value = self.form.cleaned_data.get(name)
                if value is not None:
                    blank_rich_text_as_empty(field.block, value)
                    if earlier is not None:
                        keep_list_item_ids(field.block, value, getattr(earlier, name))

    def _earlier_version(self):
        """The page as it was before this write (its latest revision), or None for a
        new page: the form has already put the written values on `self.instance`."""
        pk = getattr(self.instance, "pk", None)
        page = pk and type(self.instance).objects.filter(pk=pk).first()
        return page.get_latest_revision_as_object() if page else None

    def _with_block_paths(self, error):
        errors = dict(error.loc_errors)
        for name, field in self.form.fields.items():
            block = getattr(field, "block", None)
            if block is None or name not in self.form.errors:
                continue
            errors.pop((name,), None)
            for field_error in self.form.errors.as_data()[name]:
                for path, message, code in block_error_paths(block, field_error, (name,)):
                    errors.setdefault(path, []).append((message, code))
        return FormValidationError(errors)


class CreateConditionPageAction(StreamAwareErrors, CreatePageAction):
    pass


class EditConditionPageAction(StreamAwareErrors, EditPageAction):
    pass


CHILD_POSITIONS = ("first-child", "last-child", "sorted-child")


class MoveWithinTheTreeAction(MovePageAction):
    """A move beside the root page (`left`, `right` or no position, which Wagtail
    reads as a sibling of the destination) has no parent to go under: a 422 naming
    `destination_id`, where Wagtail failed with a 500."""

    def execute(self, skip_permission_checks=False):
        if self.pos not in CHILD_POSITIONS and self.target.get_parent() is None:
            message = (
                "the root page has no siblings: move under it with `position` "
                "`first-child` or `last-child`"
            )
            raise as_validation_error(
                ValidationError(message), message, loc=("body", "data", "destination_id")
            )
        return super().execute(skip_permission_checks=skip_permission_checks)


def refuse_what_the_database_refuses(values):
    """A 422 naming a copy's new title or slug that is longer than its column or holds
    a NUL: PostgreSQL refuses either as the copy is saved (a 500), where SQLite would
    store it."""
    for name, value in values.items():
        limit = Page._meta.get_field(name).max_length
        message = None
        if isinstance(value, str) and limit and len(value) > limit:
            message = f"at most {limit} characters"
        elif isinstance(value, str) and "\x00" in value:
            message = "control characters (such as NUL) are not allowed"
        if message:
            raise as_validation_error(ValidationError(message), message, loc=("body", "data", name))


class CopyWithinLimitsAction(CopyPageAction):
    def execute(self, skip_permission_checks=False):
        refuse_what_the_database_refuses(self.update_attrs or {})
        return super().execute(skip_permission_checks=skip_permission_checks)


class AliasWithinLimitsAction(CreatePageAliasAction):
    def execute(self, skip_permission_checks=False):
        refuse_what_the_database_refuses({"slug": self.update_slug} if self.update_slug else {})
        # Not of a condition page, nor of a subtree holding one (condition_pages.aliases).
        if reason := alias_refused(self.page, recursive=self.recursive):
            raise as_validation_error(ValidationError(reason), reason, loc=("path", "page_id"))
        return super().execute(skip_permission_checks=skip_permission_checks)


def refuse_incomplete(page):
    """A 422 naming each field, and each block by its path, that the admin would
    refuse in this draft on its submission for review: a draft saved with a required
    field empty must not reach a reviewer, whose approval could not publish it."""
    errors = {}
    try:
        page.full_clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors[(name,)] = [(message, "invalid") for message in messages]
    body_block = type(page)._meta.get_field("body").stream_block
    try:
        body_block.clean(page.body)
    except ValidationError as error:
        errors.pop(("body",), None)
        for path, message, code in block_error_paths(body_block, error, ("body",)):
            errors.setdefault(path, []).append((message, code))
    if errors:
        raise FormValidationError(errors)


def submit_for_review(request: HttpRequest, page_id: int):
    """Start the workflow assigned to the page on its latest draft, as the admin's
    "Submit for moderation" does: reviewers then approve (which publishes) or ask for
    changes."""
    page = get_object_or_404(ConditionPage, pk=page_id)
    permissions = page.permissions_for_user(request.user)
    if not permissions.can_edit():
        raise PermissionDenied("You may not submit this page for review.")
    for refused, message in [
        (page.get_workflow() is None, "No workflow is assigned to this page."),
        (page.workflow_in_progress, "This page is already in review."),
        (not permissions.can_submit_for_moderation(), "This page is locked."),
    ]:
        if refused:
            raise as_validation_error(ValidationError(message), message)
    refuse_incomplete(page.get_latest_revision_as_object())
    workflow = page.get_workflow()
    if page.get_latest_revision() is None:
        page.save_revision(user=request.user)
    workflow.start(page, request.user)
    return page.get_latest_revision_as_object()


def error_path(loc):
    """`body[2].value.symptoms[0].name` for a location such as Ninja's
    ("body", "data", "condition_pages.ConditionPage", "body", 2, "symptoms", "value",
    "symptoms", 0, "name") or a form's ("body", 2, "value", "symptoms", 0, "name"):
    without where in the request it was or which member of a union matched."""
    parts = list(loc)
    if parts[:2] == ["body", "data"]:
        parts = parts[2:]
    parts = [part for part in parts if not (isinstance(part, str) and registry.has(part))]
    path = ""
    for index, part in enumerate(parts):
        if isinstance(part, int):
            path += f"[{part}]"
            continue
        after = parts[index + 1] if index + 1 < len(parts) else None
        previous = parts[index - 1] if index else None
        # A stream item's block type, named by the union it matched: not a key.
        if isinstance(previous, int) and after in STREAM_ITEM_KEYS and part not in STREAM_ITEM_KEYS:
            continue
        path += f".{part}" if path else part
    return path


STREAM_ITEM_KEYS = {"type", "id", "value"}


def _read_only(error):
    """A field that the read API gives but a write may not set says so."""
    name = (error.get("loc") or [None])[-1]
    if error.get("type") == "extra_forbidden" and name in READ_ONLY_FIELDS:
        return {"type": "read_only", "msg": READ_ONLY_FIELDS[name]}
    return {}


def with_error_paths(errors):
    """Each error of a refused write with its `path`, and a detail that lists them."""
    errors = [
        {**error, "path": error_path(error.get("loc") or ()), **_read_only(error)}
        for error in errors
    ]
    detail = "; ".join(
        f"{error['path']}: {error['msg']}" if error["path"] else error["msg"] for error in errors
    )
    return errors, detail


def unknown_fields(request, url_name, page_id=None):
    """Errors for the top-level fields of a page write that its schema does not have:
    Ninja picks the fields it knows out of a body and drops the rest unseen."""
    try:
        payload = as_written(json.loads(request.body), request)
    except ValueError:
        return []  # Ninja reports a body that is not JSON
    if not isinstance(payload, dict):
        return []
    meta = payload.get("meta")
    page_type = meta.get("type") if isinstance(meta, dict) else None
    if page_type is None and page_id is not None:
        page = Page.objects.filter(pk=page_id).select_related("content_type").first()
        page_type = page and page.content_type.model_class()._meta.label
    registration = page_type and registry.get(page_type)
    if not registration:
        return []
    schema = registration.create_schema if url_name == "create_page" else registration.patch_schema
    if schema is None:
        return []
    known = {field.alias or name for name, field in schema.model_fields.items()}
    return [
        {
            "type": "read_only" if name in READ_ONLY_FIELDS else "extra_forbidden",
            "loc": ["body", "data", name],
            "msg": READ_ONLY_FIELDS.get(name, "Extra inputs are not permitted"),
        }
        for name in payload
        if name not in known
    ]
