"""`Idempotency-Key` for apps' appointment requests (IETF draft
"The Idempotency-Key HTTP Header Field"): a retry under the same key gets the first
answer again and stores nothing; the key used for a different request is a 422.

Only a request that was stored is remembered. A refused one (422, 429) is not, so the
app may correct it and send it again under the same key."""

import datetime
import hashlib
import json
import logging

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.http import JsonResponse
from django.utils import timezone

from wagtail.api.v3.errors import problem_response

from .models import IdempotencyKey

logger = logging.getLogger(__name__)

REPLAYED_HEADER = "Idempotent-Replayed"


def fingerprint(payload):
    """The request body as the API understood it: the same request sent with other
    spacing or key order is the same request."""
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _cutoff():
    return timezone.now() - datetime.timedelta(hours=settings.APPOINTMENTS_IDEMPOTENCY_KEY_HOURS)


def earlier_response(user, key, request_fingerprint):
    """The answer already given under this key, if it has not expired: the same answer
    again, or a 422 when the key was used for a different request."""
    earlier = IdempotencyKey.objects.filter(user=user, key=key, created_at__gte=_cutoff()).first()
    if earlier is None:
        return None
    if earlier.fingerprint != request_fingerprint:
        return problem_response(
            status=422,
            detail=f"Idempotency-Key {key!r} was already used for a different request "
            f"in the last {settings.APPOINTMENTS_IDEMPOTENCY_KEY_HOURS} hours; "
            "send a new request under a new key.",
            errors=[
                {
                    "type": "idempotency_key_reused",
                    "loc": ["header", "Idempotency-Key"],
                    "msg": "already used for a different request body",
                    "path": "Idempotency-Key",
                }
            ],
        )
    response = JsonResponse(earlier.response_body, status=earlier.response_status)
    response[REPLAYED_HEADER] = "true"
    return response


def store_once(user, key, request_fingerprint, store):
    """Runs `store()` (which saves the request and returns its status and JSON body)
    and remembers its answer under the key, in one transaction. When a concurrent
    request under the same key got there first, the database's unique constraint
    refuses this one, `store()` is rolled back with it, and the first answer is given
    instead."""
    if not key:
        with transaction.atomic():
            status, body = store()
        return JsonResponse(body, status=status)
    try:
        with transaction.atomic():
            # An expired use of the key no longer holds it.
            IdempotencyKey.objects.filter(user=user, key=key, created_at__lt=_cutoff()).delete()
            status, body = store()
            IdempotencyKey.objects.create(
                user=user,
                key=key,
                fingerprint=request_fingerprint,
                response_status=status,
                response_body=body,
            )
    except IntegrityError:
        concurrent = earlier_response(user, key, request_fingerprint)
        if concurrent is None:
            raise  # not the key's constraint
        return concurrent
    transaction.on_commit(forget_expired)
    return JsonResponse(body, status=status)


def forget_expired():
    """Drops every app's expired keys. Best effort, after the request is committed: a
    key left over one more request is harmless."""
    try:
        IdempotencyKey.objects.filter(created_at__lt=_cutoff()).delete()
    except DatabaseError:
        logger.warning("Expired idempotency keys not deleted this time.", exc_info=True)
