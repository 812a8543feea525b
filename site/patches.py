"""Every change this project makes inside Wagtail and django-ninja, in one place: each
function says what it changes and why, and calls the code that does it. (What
Wagtail offers as extension points, such as hooks, `action_registry` and
`api.add_router`, is used where it is needed and is not listed here.)

They were written against the versions in WRITTEN_FOR, and the project refuses to
start on any other (`check_versions`): a Wagtail or ninja upgrade starts here, by
reading each patch against the new release, then moving WRITTEN_FOR on.

Applied by site_config.apps, the first app in INSTALLED_APPS: Wagtail freezes API v3's
page schemas into its page router's unions when that module is first imported, which
Wagtail's images, documents and snippets apps do from their own ready()."""

from importlib.metadata import version

from django.core.exceptions import ImproperlyConfigured

# Distribution name: the release (major.minor) each patch was read against.
WRITTEN_FOR = {"wagtail": "8.0", "django-ninja": "1.7"}


def check_versions():
    for distribution, written_for in WRITTEN_FOR.items():
        installed = version(distribution)
        if not (installed == written_for or installed.startswith(f"{written_for}.")):
            raise ImproperlyConfigured(
                f"site_config/patches.py was written for {distribution} {written_for}, and "
                f"{installed} is installed: check each patch against it, then update "
                "WRITTEN_FOR."
            )


def apply():
    check_versions()
    type_condition_pages_in_api_v3()
    add_last_published_at_to_api_v3_pages()
    validate_condition_page_writes_like_the_admin()
    add_replace_and_submit_to_api_v3_pages()
    add_review_actions_to_api_v3_pages()
    keep_rich_text_keys_written_through_api_v3()
    answer_bad_api_v3_queries_with_a_400()
    describe_api_v3_reads_and_parameters()
    link_markdown_only_to_visible_pages()
    hide_redirects_to_hidden_pages()
    require_a_token_to_list_redirects()
    refuse_expired_api_tokens()
    show_api_token_expiry_in_the_admin()
    offer_the_schedule_only_with_its_fields()


def type_condition_pages_in_api_v3():
    """Wagtail 8.0 describes a StreamField in API v3 as `list[Any]` and a page's other
    fields loosely; condition pages get a typed read schema (each block its own shape,
    a union keyed on `type`) by replacing their registry entry's `read_schema`.
    Must run before Wagtail's page router is first imported (see above): the router
    builds its response unions from the registry at import."""
    from wagtail.api.v3.registry import registry

    from condition_pages.models import ConditionPage
    from content_api.v3.pages import typed_condition_page_schema

    registration = registry.get(ConditionPage._meta.label)
    registration.read_schema = typed_condition_page_schema(registration.read_schema)


def add_last_published_at_to_api_v3_pages():
    """Apps staying in sync need when a page was last published, as API v2's meta
    says; Wagtail 8.0's v3 schemas leave it out. Every page type's read schema, and
    the page listing's BasePageSchema (which Wagtail's page router imports from
    wagtail.api.v3.schemas), get `meta.last_published_at`."""
    import wagtail.api.v3.schemas
    from wagtail.api.v3.registry import registry
    from wagtail.models import get_page_models

    from content_api.v3.publish_times import with_last_published_at

    for model in get_page_models():
        page_registration = registry.get(model._meta.label)
        page_registration.read_schema = with_last_published_at(page_registration.read_schema)
    wagtail.api.v3.schemas.BasePageSchema = with_last_published_at(
        wagtail.api.v3.schemas.BasePageSchema
    )


def validate_condition_page_writes_like_the_admin():
    """Wagtail generates create and patch schemas from the writable `api_fields`, but
    takes a StreamField as anything and drops what it does not know. Condition pages'
    create and patch schemas become typed (the body as the read's union, references by
    id, unknown fields refused), and their create and edit actions report stream errors
    by the path the client sent (content_api.v3.writes)."""
    from wagtail.actions import action_registry
    from wagtail.api.v3.registry import registry

    from condition_pages.models import ConditionPage
    from content_api.v3.writes import (
        CreateConditionPageAction,
        EditConditionPageAction,
        page_input_schema,
    )

    registration = registry.get(ConditionPage._meta.label)
    registration.create_schema = page_input_schema(registration.create_schema, partial=False)
    registration.patch_schema = page_input_schema(registration.patch_schema, partial=True)
    action_registry.register(ConditionPage, CreateConditionPageAction)
    action_registry.register(ConditionPage, EditConditionPageAction)


def add_replace_and_submit_to_api_v3_pages():
    """Wagtail's page router has no PUT and no way to start a workflow: `PUT
    /pages/{id}/` (a whole new draft) and `POST /pages/{id}/actions/submit/` (submit
    for the Medical review) are added to Wagtail's own routers, so they sit under the
    same paths, tags and operation ids as its page operations."""
    from wagtail.api.v3.auth import BearerTokenAuth
    from wagtail.api.v3.permissions import require_any_permission
    from wagtail.api.v3.registry import registry
    from wagtail.api.v3.routers.pages import PageDetailSchema, actions_router
    from wagtail.api.v3.routers.pages import router as pages_router
    from wagtail.models import Page

    from condition_pages.models import ConditionPage
    from content_api.v3.writes import replace_page_view, replace_schema, submit_for_review

    registration = registry.get(ConditionPage._meta.label)
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


def add_review_actions_to_api_v3_pages():
    """A clinical reviewer approves or requests changes from the admin only; an
    approval tool gets `POST /pages/{id}/actions/approve/` and `…/request-changes/`,
    added to Wagtail's actions router beside `submit`. The Medical review task decides
    who may do what (content_api.v3.review)."""
    from wagtail.api.v3.routers.pages import PageDetailSchema, actions_router

    from content_api.v3.review import approve, request_changes

    actions_router.post(
        "/{page_id}/actions/approve/",
        response=PageDetailSchema,
        url_name="pages_actions_approve",
        summary="Approve a condition page's medical review",
        description="For a clinical reviewer whose review the page awaits (not its "
        "author's): records the review (reviewer, today, the next review date) and "
        "publishes the page, as *Approve* in the admin. A 403 when the review does not "
        "offer this user an approval; a 422 when the page is not in review or the date "
        "is later than the usual interval.",
        operation_id="pages_actions_approve",
    )(approve)
    actions_router.post(
        "/{page_id}/actions/request-changes/",
        response=PageDetailSchema,
        url_name="pages_actions_request_changes",
        summary="Request changes in a condition page's medical review",
        description="For a clinical reviewer: sends the page back to its editors with "
        "the comment, as *Request changes* in the admin. A 403 when the review does not "
        "offer this user the action; a 422 when the page is not in review.",
        operation_id="pages_actions_request_changes",
    )(request_changes)


def keep_rich_text_keys_written_through_api_v3():
    """Wagtail's sanitiser of rich text written through API v3 drops the paragraph
    keys (`data-block-key`) that the read gave, so every write re-keyed every
    paragraph. DbHTMLConverter looks its whitelister class up in its module when
    first used: replaced there by one that keeps them
    (content_api.v3.rich_text_input)."""
    from wagtail.admin.rich_text.converters import db_html

    from content_api.v3.rich_text_input import KeyKeepingWhitelister

    db_html.DbHtmlInputWhitelister = KeyKeepingWhitelister


def answer_bad_api_v3_queries_with_a_400():
    """Wagtail answers an invalid query parameter with 422 and lets a few values reach
    the database as a 500; ninja's exception handlers (its private
    `_exception_handlers`, read to keep Wagtail's for bodies) are replaced so that a
    bad query is a 400 problem+json naming the parameter (content_api.v3.errors)."""
    from wagtail.api.v3.api import api

    from content_api.v3.errors import register_exception_handlers

    register_exception_handlers(api)


def describe_api_v3_reads_and_parameters():
    """Wagtail 8.0's OpenAPI description lists an `AllowAnonymous` security scheme
    that OpenAPI 3.1 forbids, leaves out the bounds of integer parameters and our
    `?sections=`; the schema generation is wrapped to correct it
    (content_api.v3.openapi), so that it validates and generators make usable
    clients."""
    from wagtail.api.v3.api import api

    from content_api.v3.openapi import describe_public_reads_and_limits, describe_sections_parameter

    describe_public_reads_and_limits(api)
    describe_sections_parameter(api)


def link_markdown_only_to_visible_pages():
    """Wagtail has no setting for an API rich text format's serialiser (APIRichText
    names its own), and its Markdown resolves page links through the editor's
    converter, which gives any page's URL: drafts and private pages lose their
    address, as in HTML. tests/test_link_visibility.py fails if this stops working."""
    from wagtail.api.rich_text import APIRichText

    from condition_pages.rich_text import markdown_with_visible_links

    APIRichText._serialize_markdown = staticmethod(markdown_with_visible_links)


def hide_redirects_to_hidden_pages():
    """Wagtail's RedirectMiddleware follows an old path to its page whatever the page's
    state, so a visitor learns the new address (the slug) of a draft, an expired or a
    private page. For visitors who are not signed in, such a redirect is not there:
    the middleware's module-level `get_redirect` is wrapped."""
    from wagtail.contrib.redirects import middleware

    from condition_pages.visibility import is_visible

    find = middleware.get_redirect

    def get_visible_redirect(request, path):
        redirect = find(request, path)
        if (
            redirect is not None
            and redirect.redirect_page_id is not None
            and not request.user.is_authenticated
            and not is_visible(redirect.redirect_page)
        ):
            return None
        return redirect

    middleware.get_redirect = get_visible_redirect


def require_a_token_to_list_redirects():
    """API v3 lets anyone list, find and read every redirect, those to drafts and
    private pages included (by id and path). Reading them needs a token here, as
    writing them does (API v2 has no redirects endpoint): each operation's ninja
    `auth_callbacks` are replaced."""
    from wagtail.api.v3.auth import BearerTokenAuth
    from wagtail.contrib.redirects.api.v3.router import router

    for path_view in router.path_operations.values():
        for operation in path_view.operations:
            operation.auth_callbacks = [BearerTokenAuth()]


def refuse_expired_api_tokens():
    """Wagtail's API tokens work until revoked by hand; staff may give one an expiry
    (api_tokens.models.TokenExpiry). Wagtail's routers make their BearerTokenAuth
    instances when imported, and the project's own routes and checks use the class
    too, so its `authenticate` itself is replaced by one that does not find an expired
    token, as it does not find a revoked one (api_tokens.auth)."""
    from wagtail.api.v3.auth import BearerTokenAuth

    from api_tokens.auth import authenticate

    BearerTokenAuth.authenticate = authenticate


def show_api_token_expiry_in_the_admin():
    """Settings → API tokens is registered by wagtail.users' own hook, which looks up
    `APITokenViewSet` in its views module when the admin's URLs are built: replaced
    there by a subclass whose forms and listing carry the expiry (api_tokens.views)."""
    from wagtail.users.views import api_tokens as wagtail_views

    from api_tokens.views import APITokenViewSet

    wagtail_views.APITokenViewSet = APITokenViewSet


def offer_the_schedule_only_with_its_fields():
    """The status panel's *Set schedule* / *Edit schedule* open the go-live and expiry
    dialog, which Wagtail renders only when the form has those fields. Wagtail shows
    the buttons whenever the form *class* declares them, so an editor of a condition
    page (whose form takes the dates off: condition_pages.page_form) got a button that
    did nothing. They follow the form's own fields instead."""
    from wagtail.admin.forms.models import WagtailAdminDraftStateFormMixin

    WagtailAdminDraftStateFormMixin.show_schedule_publishing_toggle = property(
        lambda form: "go_live_at" in form.fields
    )
