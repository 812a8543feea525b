"""Uploaded media (Wagtail images and documents) in the default single-server deploy.

Files live in MEDIA_ROOT, a volume, and the app servers serve the images from it with
Django's static file view (conditional GETs, content types, ranges) and cache headers
for browsers and the HTTP cache in front. Documents are never served from here: Wagtail
stores them in MEDIA_ROOT/documents/, and they go out only through Wagtail's document
view (/documents/<id>/<name>), which enforces collection and page privacy.

When app servers scale out, media move to S3-compatible object storage by settings alone
(site_config.storage; docs/operations.md, "Uploaded media"), and this view is not routed."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.urls import re_path
from django.views.static import serve

# Wagtail writes a rendition once, under a name made of the original's name, its filter
# and its focal point; a new file or focal point makes new renditions with new names.
RENDITION_CACHE_CONTROL = "public, max-age=31536000, immutable"
# An original keeps its name for its life, but deleting an image frees the name for a
# later upload, so caches keep originals for a day only.
ORIGINAL_CACHE_CONTROL = "public, max-age=86400"

RENDITIONS_FOLDER = "images/"
ORIGINALS_FOLDER = "original_images/"


def cache_control_for(name):
    """The Cache-Control of a stored media file, by its name in the storage."""
    return RENDITION_CACHE_CONTROL if name.startswith(RENDITIONS_FOLDER) else ORIGINAL_CACHE_CONTROL


def serve_image(request, path):
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = cache_control_for(path)
    return response


def media_urlpatterns():
    """The URL of local images, when media are local files under a relative MEDIA_URL."""
    storage = storages["default"]
    if not isinstance(storage, FileSystemStorage) or urlsplit(storage.base_url).netloc:
        return []
    folders = "|".join(re.escape(folder) for folder in (RENDITIONS_FOLDER, ORIGINALS_FOLDER))
    prefix = re.escape(storage.base_url.lstrip("/"))
    return [re_path(rf"^{prefix}(?P<path>(?:{folders})[^/]+)$", serve_image, name="media_image")]
