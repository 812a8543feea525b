"""Wagtail API v3 (`/api/v3/`) for condition pages: a typed schema for the article and
each of its blocks, `/conditions/` with the filters apps need, and a 400 for every bad
query instead of a 422 or a 500."""

import sys

from django.core.exceptions import ImproperlyConfigured


def register():
    """Called from the app's ready(). Wagtail freezes the registered page schemas into
    the unions of its page router when that module is first imported (Wagtail's images,
    documents and snippets apps import it from their own ready()), so condition_pages
    must come before them in INSTALLED_APPS."""
    if "wagtail.api.v3.routers.pages" in sys.modules:
        raise ImproperlyConfigured(
            "condition_pages must come before Wagtail's apps in INSTALLED_APPS, "
            "or API v3 describes condition pages without their types."
        )
    import wagtail.api.v3.schemas
    from wagtail.api.v3.registry import registry
    from wagtail.models import get_page_models

    from ..models import ConditionPage
    from .pages import typed_condition_page_schema
    from .publish_times import with_last_published_at

    registration = registry.get(ConditionPage._meta.label)
    registration.read_schema = typed_condition_page_schema(registration.read_schema)
    for model in get_page_models():
        page_registration = registry.get(model._meta.label)
        page_registration.read_schema = with_last_published_at(page_registration.read_schema)
    # The page listing's schema, which Wagtail's page router imports from here.
    wagtail.api.v3.schemas.BasePageSchema = with_last_published_at(
        wagtail.api.v3.schemas.BasePageSchema
    )

    from wagtail.actions import action_registry

    from .writes import (
        CreateConditionPageAction,
        EditConditionPageAction,
        page_input_schema,
        replace_page_view,
        replace_schema,
        submit_for_review,
    )

    registration.create_schema = page_input_schema(registration.create_schema, partial=False)
    registration.patch_schema = page_input_schema(registration.patch_schema, partial=True)
    action_registry.register(ConditionPage, CreateConditionPageAction)
    action_registry.register(ConditionPage, EditConditionPageAction)

    from wagtail.api.v3.api import api
    from wagtail.api.v3.auth import BearerTokenAuth
    from wagtail.api.v3.permissions import require_any_permission
    from wagtail.api.v3.routers.pages import PageDetailSchema, actions_router
    from wagtail.api.v3.routers.pages import router as pages_router
    from wagtail.models import Page

    pages_router.put(
        "/{page_id}/",
        response=PageDetailSchema,
        url_name="replace_page",
        summary="Replace a condition page",
        description="A new draft with every writable field as given and the others "
        "empty: send back what `GET` gave, edited. Condition pages only; `PATCH` "
        "changes only the fields it names.",
        operation_id="pages_replace",
        auth=BearerTokenAuth(),
    )(
        require_any_permission(Page, ("change",))(
            replace_page_view(replace_schema(registration.create_schema))
        )
    )

    actions_router.post(
        "/{page_id}/actions/submit/",
        response=PageDetailSchema,
        url_name="pages_actions_submit",
        summary="Submit a condition page for review",
        description="Starts the workflow assigned to the page (the medical review) on "
        "its latest draft. Editors who may not publish use this instead of `publish`.",
        operation_id="pages_actions_submit",
    )(submit_for_review)

    from .changes import router as changes_router
    from .errors import register_exception_handlers
    from .openapi import describe_public_reads_and_limits, describe_sections_parameter
    from .router import router

    api.add_router("/conditions/", router)
    api.add_router("/changes/", changes_router)
    register_exception_handlers(api)
    describe_public_reads_and_limits(api)
    describe_sections_parameter(api)
