"""Whether the revision in review would make a valid page or snippet once published.

A draft saved through API v3 or in code may skip the admin form's checks; publishing
it would then fail inside the approval. The Medical review asks here first, so an
invalid revision is refused with its reasons, never approved into an error, and the
admin refuses to put one into review."""

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError


def revision_problems(obj):
    """Sentences naming what is wrong with `obj`'s latest revision ([] when valid)."""
    revision = obj.get_latest_revision()
    candidate = revision.as_object() if revision is not None else obj
    try:
        candidate.full_clean()
    except ValidationError as error:
        return [
            f"{label(candidate, field)}{message}"
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return []


def label(obj, field):
    if field == NON_FIELD_ERRORS:
        return ""
    try:
        name = obj._meta.get_field(field).verbose_name
    except FieldDoesNotExist:  # a form-level or child-object key, not a model field
        name = field
    return f"{str(name).capitalize()}: "
