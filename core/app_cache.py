"""The app cache (Redis, or each process's memory when there is none): whole answers
and costly parts of answers, kept under the site's content version
(core.content_version), so that every app server shows a publish, unpublish, move or
privacy change in its very next answer, with no purge.

What may be kept for everyone, said once:
- a whole answer only when it was computed for an anonymous read (`is_anonymous_read`):
  no API token, and no session, which is where Wagtail finds a signed-in user, a group
  member and every page password a visitor has typed. Any of those can be shown a
  private page; their answers are never stored, and never read from here either;
- a part built only from what every anonymous visitor may see
  (`ConditionPage.objects.visible()`: the A–Z index, search results, listing counts),
  whoever asked, since it is the same for everyone.

Every entry lives settings.APP_CACHE_SECONDS at most; a change makes a new key sooner.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from .content_version import content_version

_MISSING = object()


def has_credentials(request):
    """Whether anything in the request can let it see more than an anonymous visitor:
    an API token (`Authorization`) or a session (Wagtail's view restrictions accept a
    signed-in user, a group member or a typed page password, all kept in the session)."""
    return "HTTP_AUTHORIZATION" in request.META or settings.SESSION_COOKIE_NAME in request.COOKIES


def is_anonymous_read(request):
    """A GET or HEAD whose answer is the one every anonymous visitor gets: it may be
    kept for them all, and be answered from what was kept."""
    return request.method in ("GET", "HEAD") and not has_credentials(request)


def versioned_key(prefix, request, *parts):
    """A key for `parts` under the content version: a change makes every key new. The
    language a value was made in is part of its key, since interface text is translated
    (site_config.languages)."""
    digest = hashlib.sha256("\x00".join(map(str, (get_language(), *parts))).encode()).hexdigest()
    return f"{prefix}:{digest}:{content_version(request)}"


def url_key(prefix, request):
    """The key of the answer to `request`'s whole URL (host, path and query)."""
    return versioned_key(prefix, request, request.build_absolute_uri())


def remember(key, compute, *, keep=lambda value: True, seconds=None):
    """The value kept under `key`, or `compute()`'s, kept when `keep` says so, for
    `seconds` (settings.APP_CACHE_SECONDS unless given)."""
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        if keep(value):
            cache.set(key, value, seconds or settings.APP_CACHE_SECONDS)
    return value
