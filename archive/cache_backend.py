"""The shared cache (Redis), for a site that must stay up when Redis does not.

Everything the site keeps in the cache can be rebuilt from the database: pages, the
figures many pages share, rendered Markdown, feed entries. So when Redis cannot be
reached, a read is a miss and a write is skipped, with a warning in the log: pages are
built from the database and served fresh, slower but right. After a failure the cache
is left alone for `PAUSE_SECONDS`, so a Redis that hangs costs one timeout (the
`socket_timeout` in settings), not one per request.

What may never be skipped is retiring pages. An edit whose generation bump (`incr`) was
lost would leave the old pages to be served once Redis is back, a withdrawn article
among them. `incr`, `decr`, `delete`, `delete_many` and `clear` therefore still raise,
and the save that needed them fails (its transaction rolls back): `archive.cache` raises
`ChangeNotAnnounced`, which `CacheUnavailableMiddleware` answers with a 503 that says
nothing was saved. Any other error, an `OSError` from a full disk among them, stays a
server error with its traceback.
"""

import logging
import time
from functools import partial

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

log = logging.getLogger(__name__)
PAUSE_SECONDS = 5
RETRY_AFTER_SECONDS = 30
_paused_until = {}  # Redis address -> monotonic time; shared by every thread's client


def unreachable_errors():
    """What a Redis that is down, refusing or too slow raises."""
    import redis

    return (redis.RedisError, OSError)


class ChangeNotAnnounced(Exception):
    """The content generation could not be bumped: the change that needed it is not saved."""


class RedisCache(DjangoRedisCache):
    """Django's Redis cache, with reads and writes that fail as misses (module docstring)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._address = tuple(self._servers)

    def paused(self):
        """Whether Redis is being left alone after a failure."""
        return time.monotonic() < _paused_until.get(self._address, 0)

    def _pause(self, error):
        _paused_until[self._address] = time.monotonic() + PAUSE_SECONDS
        log.warning(
            "Redis is unreachable (%s): pages are built from the database, and the "
            "cache is left alone for %s s.",
            error,
            PAUSE_SECONDS,
        )

    def _or(self, fallback, call):
        if self.paused():
            return fallback
        try:
            return call()
        except unreachable_errors() as error:
            self._pause(error)
            return fallback

    def incr(self, key, delta=1, version=None):
        # Raises (module docstring), but pauses like a read: a missed bump is made up for at
        # the next request (archive.cache), which must not wait on a hung Redis each time.
        try:
            return super().incr(key, delta, version)
        except unreachable_errors() as error:
            self._pause(error)
            raise

    def get(self, key, default=None, version=None):
        return self._or(default, partial(super().get, key, default, version))

    def get_many(self, keys, version=None):
        return self._or({}, partial(super().get_many, keys, version))

    def has_key(self, key, version=None):
        return self._or(False, partial(super().has_key, key, version))

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._or(None, partial(super().set, key, value, timeout, version))

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(list(data), partial(super().set_many, data, timeout, version))

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(False, partial(super().add, key, value, timeout, version))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(False, partial(super().touch, key, timeout, version))


class CacheUnavailableMiddleware:
    """A change that could not retire the cached pages (Redis down) was not saved: say so,
    with a 503 and Retry-After, instead of the generic error page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        # Only the lost bump: the page blames Redis, and answering here keeps Django from
        # logging the traceback a disk or a socket error elsewhere needs.
        if not isinstance(exception, ChangeNotAnnounced):
            return None
        log.error("A change was refused: Redis is unreachable (%s).", exception.__cause__)
        response = render(
            request,
            "cache_unavailable.html",
            {"retry_seconds": RETRY_AFTER_SECONDS},
            status=503,
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response
