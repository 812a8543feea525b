"""A cache for counters that must keep counting when the shared cache is gone.

The rate limits (page passwords, appointment requests) count in Redis, shared by every
app server. The site's own cache ignores a Redis outage and answers as a miss
(IGNORE_EXCEPTIONS), which for a counter means "nothing counted": every limit switched
off while Redis was down. This backend asks Redis and, whenever that fails, this
process's memory instead, so each app server keeps its own count through an outage
(a limit of N then allows up to N per server, never unlimited)."""

import logging

from django_redis.cache import RedisCache

from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache

logger = logging.getLogger(__name__)


class RedisWithLocalFallback(BaseCache):
    def __init__(self, location, params):
        super().__init__(params)
        # Without IGNORE_EXCEPTIONS: a failure must raise to be noticed.
        self.shared = RedisCache(location, {"OPTIONS": params.get("OPTIONS", {})})
        self.local = LocMemCache(f"fallback:{location}", {})

    def _call(self, method, *args, **kwargs):
        try:
            return getattr(self.shared, method)(*args, **kwargs)
        except ValueError:  # incr() of a missing key: the answer, not a failure
            raise
        except Exception:
            logger.warning("Redis failed: counting in this process's memory instead")
            return getattr(self.local, method)(*args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def clear(self):
        self.local.clear()
        return self._call("clear")
