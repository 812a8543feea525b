"""Every change this project makes inside Wagtail, in one place, each saying what it
changes and why. Written against the versions in WRITTEN_FOR: a Wagtail upgrade starts
here (the start-up check refuses other versions until each patch is checked again)."""

from wagtail.contrib.redirects import middleware as redirects_middleware


def apply():
    hide_redirects_to_hidden_pages()
    require_a_token_to_list_redirects()
    refuse_expired_api_tokens()
    show_api_token_expiry_in_the_admin()


def hide_redirects_to_hidden_pages():
    """Wagtail's RedirectMiddleware follows an old path to its page whatever the page's
    state, so a visitor learns the new address (the slug) of a draft, an expired or a
    private page. For visitors who are not signed in, such a redirect is not there."""
    from condition_pages.visibility import is_visible

    find = redirects_middleware.get_redirect

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

    redirects_middleware.get_redirect = get_visible_redirect


def require_a_token_to_list_redirects():
    """API v3 lets anyone list, find and read every redirect, those to drafts and
    private pages included (by id and path). Reading them needs a token here, as
    writing them does; API v2 has no redirects endpoint at all."""
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
