"""Every change this project makes inside Wagtail, in one place, each saying what it
changes and why. Written against the versions in WRITTEN_FOR: a Wagtail upgrade starts
here (the start-up check refuses other versions until each patch is checked again)."""

from wagtail.contrib.redirects import middleware as redirects_middleware


def apply():
    hide_redirects_to_hidden_pages()
    require_a_token_to_list_redirects()


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
