"""Headless preview: a signed, expiring token that names one saved revision, so an
app front end can show a draft without anyone being able to reach it otherwise."""

from django.conf import settings
from django.core import signing

from wagtail.models import Revision

SALT = "content_api.preview"


class PreviewTokenError(Exception):
    pass


def preview_token(revision):
    # signing.dumps timestamps the value; SECRET_KEY signs it, so it cannot be forged.
    return signing.dumps({"revision": revision.pk}, salt=SALT)


def revision_for_token(token):
    if not token:
        raise PreviewTokenError("A preview token is required.")
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.PREVIEW_TOKEN_MAX_AGE)
    except signing.SignatureExpired as error:
        raise PreviewTokenError(
            "This preview link has expired: open the preview again from the page editor."
        ) from error
    except signing.BadSignature as error:
        raise PreviewTokenError("This preview token is not valid.") from error
    revision = Revision.page_revisions.filter(pk=data.get("revision")).first()
    if revision is None:
        raise PreviewTokenError("The previewed revision no longer exists.")
    return revision
