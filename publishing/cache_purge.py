"""Purging the shared HTTP cache (Varnish, or a CDN) when a page changes, through
Wagtail's frontend cache backends (settings.WAGTAILFRONTENDCACHE; nothing happens
when none is configured).

What a purge URL means to the cache (deploy/varnish/default.vcl): a path clears every
cached answer for that path, whatever its query string, so that purging
`/api/v2/pages/` clears every listing and `/conditions/` every filtered A–Z index; a
path ending in `*` clears everything under it, and `/*` the whole site.

`wagtail.contrib.frontend_cache` itself is not in INSTALLED_APPS: all the app adds is a
purge of the page alone on publish and unpublish, sent before the transaction commits.
The handlers here purge every URL that shows the page, after the commit, so that a
request in between cannot put the old answer back into the cache.
"""

import http.client
import logging
from urllib.error import HTTPError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.backends.http import PurgeRequest
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)

from condition_pages.models import CallToAction, Clinician, ConditionPage, Specialty

logger = logging.getLogger("wagtail.frontendcache")

EVERYTHING = "/*"
# API reads that list or find pages: purged as paths, so with every query string.
API_LISTINGS = [
    "/api/v2/pages/",
    "/api/v2/pages/find/",
    "/api/v3/pages/",
    "/api/v3/pages/find/",
    "/api/v3/conditions/",
]


def page_urls(page):
    """The page's own URLs: its address and any sub-paths it routes (get_cached_paths,
    e.g. letter pages of a paginated A–Z index)."""
    url = page.get_full_url()
    if url is None:
        return []
    return [url + path.lstrip("/") for path in page.specific_deferred.get_cached_paths()]


def api_detail_urls(root_url, page):
    return [f"{root_url}/api/v2/pages/{page.pk}/", f"{root_url}/api/v3/pages/{page.pk}/"]


def urls_showing(page):
    """Every URL whose HTML or API output shows `page`: the one place to extend when a
    new view starts showing pages.

    A condition is shown by its own page and API details, the A–Z index, the home page
    (featured conditions), the sitemap, the API listings and the conditions that list
    it as related (their HTML and API details). Any other page (the home page, the
    index) appears in the breadcrumbs, the layout or the API of every page beneath it,
    so a change to one clears the whole site: rare, and never stale."""
    url_parts = page.get_url_parts()
    if url_parts is None:  # not routable: nothing of it can be cached
        return []
    root_url = url_parts[1]
    page = page.specific_deferred
    if not isinstance(page, ConditionPage):
        return [root_url + EVERYTHING]

    urls = [
        *page_urls(page),
        *api_detail_urls(root_url, page),
        *page_urls(page.get_parent()),
        f"{root_url}/",
        f"{root_url}/sitemap.xml",
        *(root_url + path for path in API_LISTINGS),
    ]
    for referrer in ConditionPage.objects.filter(related_conditions__related_page=page).distinct():
        urls += page_urls(referrer) + api_detail_urls(root_url, referrer)
    return urls


class HTTPPurgeBackend(HTTPBackend):
    """Wagtail's HTTP purge backend (for Varnish), with a timeout. Wagtail's waits for
    ever on a cache that takes the connection and never answers, and so does the
    publish that sent the purge. Here a purge gives up after TIMEOUT seconds (5 unless
    set), and the rest of its batch is skipped, so such a cache delays a publish by one
    timeout; the skipped URLs are logged and expire by their s-maxage."""

    def __init__(self, params):
        self.timeout = params.get("TIMEOUT", 5)
        super().__init__(params)

    def purge(self, url):
        """Purges `url`; False when the cache could not be reached or did not answer."""
        parts = urlsplit(url)
        host = f"{parts.hostname}:{parts.port}" if parts.port else parts.hostname
        address = urlunsplit([self.cache_scheme, self.cache_netloc, *parts[2:]])
        headers = {"Host": host, "User-Agent": f"Wagtail-frontendcache/{wagtail_version}"}
        try:
            urlopen(PurgeRequest(address, headers=headers), timeout=self.timeout).close()
        except (OSError, http.client.HTTPException) as error:  # refused, timed out, cut
            logger.error("Couldn't purge '%s' from HTTP cache: %s", url, error)
            # An error status is an answer: the cache is there, the next URL may do.
            return isinstance(error, HTTPError)
        return True

    def purge_batch(self, urls):
        urls = list(urls)
        for done, url in enumerate(urls, start=1):
            if not self.purge(url):
                if skipped := len(urls) - done:
                    logger.error(
                        "Skipped purging %d more URLs: the HTTP cache did not answer", skipped
                    )
                return


def purge_after_commit(urls):
    """Purge once the change is committed: purged earlier, a request in between could
    cache the old answer again."""
    batch = PurgeBatch(urls)
    transaction.on_commit(batch.purge)


def cache_configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def page_changed(instance, **kwargs):
    """Publish and unpublish (which deletion, expiry and scheduled publishing go
    through too: Wagtail unpublishes a live page before deleting it)."""
    if cache_configured():
        purge_after_commit(urls_showing(instance))


def page_moved(instance, url_path_before, url_path_after, **kwargs):
    if not cache_configured():
        return
    if url_path_before == url_path_after:  # reordered among its siblings
        purge_after_commit(urls_showing(instance))
    else:  # every URL beneath it, and every link to them, changed
        url_parts = instance.get_url_parts()
        if url_parts is not None:
            purge_after_commit([url_parts[1] + EVERYTHING])


def privacy_changed(instance, **kwargs):
    """A view restriction added, changed or removed hides or shows the page and all
    the pages beneath it."""
    if not cache_configured():
        return
    try:
        page = instance.page
    except Page.DoesNotExist:  # deleted with its page, which purged itself
        return
    purge_after_commit(urls_showing(page))


def snippet_changed(instance, **kwargs):
    """Specialties, clinicians and calls to action appear on many articles, the A–Z
    filter and the API."""
    if cache_configured():
        purge_after_commit([site.root_url + EVERYTHING for site in Site.objects.all()])


def connect():
    page_published.connect(page_changed, dispatch_uid="cache_purge_published")
    page_unpublished.connect(page_changed, dispatch_uid="cache_purge_unpublished")
    post_page_move.connect(page_moved, dispatch_uid="cache_purge_moved")
    for signal in (post_save, post_delete):
        signal.connect(privacy_changed, sender=PageViewRestriction)
        for snippet in (Clinician, Specialty):
            signal.connect(snippet_changed, sender=snippet)
    # A call to action changes what patients read when a version is published (approved
    # in the Medical review) or unpublished, not when a draft is saved.
    for signal in (published, unpublished):
        signal.connect(snippet_changed, sender=CallToAction)
