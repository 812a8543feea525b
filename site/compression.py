"""Brotli or gzip for the app's own answers: pages, API JSON, the sitemap, anything of a
text type. Done once, here, for every deploy: on a single server this is what the
phone receives, and behind Varnish (deploy/varnish/default.vcl) the cache stores the
compressed answer once per encoding and serves it as it is. Static files never come
here: collectstatic compresses them once at build time (WhiteNoise, with Brotli
installed) and WhiteNoise, which answers before this middleware, serves those copies.

Django's GZipMiddleware does gzip alone, and the maintained add-ons that add Brotli
(django-compression-middleware, last released for Django 4.1) compress every answer
whatever its type or what it carries; this is the same logic, with Brotli first and
these exceptions, left as they are:

- answers that hand out a CSRF token (the appointment form, the admin): compressing a
  secret beside text an attacker can make a page echo is what BREACH exploits;
  Django masks the token in every answer, but these pages are small and never
  cached, so they gain little from compression and give up nothing;
- answers to a request with a session cookie (signed-in staff), for the same reason;
- streaming answers (downloads, exports): sent as they stream, untouched;
- answers already encoded, short ones, and types that are compressed already
  (images, PDF).

It sits outside ConditionalGetMiddleware and the app caches: ETags are computed on the
uncompressed body and made weak when it is compressed (as GZipMiddleware does), so an
If-None-Match from a client holding either encoding still gets its 304; the page
cache keeps uncompressed answers, compressed again for each request."""

import gzip
import re

import brotli

from django.conf import settings
from django.utils.cache import patch_vary_headers

COMPRESSIBLE_TYPES = {
    "application/javascript",
    "application/json",
    "application/ld+json",
    "application/problem+json",
    "application/xml",
    "image/svg+xml",
    "text/css",
    "text/html",
    "text/javascript",
    "text/plain",
    "text/xml",
}
# Below this many bytes compression saves less than its headers cost.
MIN_LENGTH = 300
# Brotli's quality 5 costs about what gzip's level 6 does, and is ~15 % smaller.
BROTLI_QUALITY = 5
GZIP_LEVEL = 6
# Preference among the encodings a client accepts.
ENCODINGS = ("br", "gzip")
CODING = re.compile(r"^\s*([\w*-]+)\s*(?:;\s*q\s*=\s*([\d.]+))?\s*$")


def preferred_encoding(accept_encoding):
    """The encoding to answer with, from an Accept-Encoding header: br, else gzip, else
    None (q=0 refuses one; "*" accepts any not named)."""
    accepted = {}
    for part in accept_encoding[:500].lower().split(","):
        if match := CODING.match(part):
            try:
                quality = float(match.group(2) or 1)
            except ValueError:
                continue
            accepted[match.group(1)] = quality
    for encoding in ENCODINGS:
        if accepted.get(encoding, accepted.get("*", 0)) > 0:
            return encoding
    return None


def compress(encoding, content):
    if encoding == "br":
        return brotli.compress(content, quality=BROTLI_QUALITY)
    # mtime=0: the same body always compresses to the same bytes.
    return gzip.compress(content, compresslevel=GZIP_LEVEL, mtime=0)


def may_compress(request, response):
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return (
        content_type in COMPRESSIBLE_TYPES
        and not response.streaming
        and not response.has_header("Content-Encoding")
        and len(response.content) >= MIN_LENGTH
        # Django sets (or renews) the CSRF cookie on every answer that used a token.
        and settings.CSRF_COOKIE_NAME not in response.cookies
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


class CompressionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not may_compress(request, response):
            return response
        # Said whether or not this answer is compressed, so that caches keep apart
        # the answers to clients that accept different encodings.
        patch_vary_headers(response, ["Accept-Encoding"])
        encoding = preferred_encoding(request.headers.get("Accept-Encoding", ""))
        if encoding is None:
            return response
        content = compress(encoding, response.content)
        if len(content) >= len(response.content):
            return response
        response.content = content
        response["Content-Length"] = str(len(content))
        response["Content-Encoding"] = encoding
        # Another encoding is another representation: its ETag may only match weakly.
        if (etag := response.get("ETag")) and etag.startswith('"'):
            response["ETag"] = "W/" + etag
        return response
