"""The public page cache: anonymous GETs served from Django's cache, never stale.

Correctness rests on one number, the *content generation*, kept in the cache:

* every stored page carries the generation it was built under and is served
  only while that is still current, so bumping it retires every stored page
  at once (an old entry is replaced at the next visit);
* it is bumped, now and again after the transaction commits, by `post_save`, `post_delete`
  and `m2m_changed` of every model of the content apps (`CONTENT_APPS`: archive,
  citations, appearances, found by app label, never imported), and by
  `post_migrate`, so a deploy starts clean;
* code that changes content without signals (`QuerySet.update()`,
  `bulk_create()`, raw SQL) calls `content_changed()` itself, as the admin's
  bulk publish/unpublish actions do;
* content can also change with no save at all: a scheduled article appears
  when its date comes. Apps register `@next_change` functions returning the
  next such moment; a page is never kept past it.

What is cached: GET requests without a session or messages cookie (so the
visitor is certainly anonymous) whose response is a 200, not streamed, sets no
cookie and does not say `private`/`no-store`/`no-cache` (`@never_cache` views,
the admin, draft previews). Staff, signed-in users and POSTs always reach the
view. Stored pages carry an ETag and answer `If-None-Match` with 304.

A page is keyed on its address and on the query parameters its view reads, which
each view declares with `@reads_query(...)`; the view then sees only those (in one
order), so `?zz=1` or `?utm_source=...` is served the stored page and makes no entry
of its own, and nothing it did not read can leak into a stored page. A view that
declares nothing is cached only when the address has no query string. A view that
answers a request it could not use (a filter's error, a page past the end) calls
`keep_out_of_page_cache(response)`: a page per junk value would fill the cache too.

`per_generation(name, compute)` keeps a value many pages share (the published
counts per country, theme...) under the same rules, so even a page that is not
served from the cache need not count the whole archive.

`PAGE_CACHE_SECONDS` (setting) is the longest a page is kept; 0 turns the
cache off. The generation lives in the cache itself, so several server
processes need a shared cache (Redis via REDIS_URL); the deploy check W001
says so when they would not have one.
"""

import hashlib
import logging
import threading
import time
from functools import lru_cache
from operator import itemgetter
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core import checks
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control

from . import purge, surrogate
from .cache_backend import ChangeNotAnnounced, unreachable_errors

log = logging.getLogger(__name__)
CONTENT_APPS = {"archive", "citations", "appearances"}
GENERATION_KEY = "content:generation"
NEXT_CHANGE_KEY = "content:next-change:{}"
PAGE_KEY = "page:{}"
UNCACHEABLE = ("private", "no-store", "no-cache")
DATA_SECONDS = 24 * 3600
_next_change_sources = []
_missed_bump = threading.Event()  # a bump after a commit that Redis did not get (_bump_again)


def next_change(fn):
    """Register `fn() -> datetime | None`: the next moment public content changes by itself
    (e.g. a scheduled article's publication). Called at most once per generation."""
    _next_change_sources.append(fn)
    return fn


def generation():
    """The current content generation; None while the cache cannot be reached (then nothing
    may be served from it or stored in it)."""
    _make_up_missed_bump()
    value = cache.get(GENERATION_KEY)
    if value is None:
        # A fresh value, never a reused one: pages stored under an evicted
        # generation must not become visible again.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


def _bump():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # missing (evicted or never set): start afresh
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
    except unreachable_errors() as error:
        raise ChangeNotAnnounced(str(error)) from error


def content_changed(keys=None):
    """Retire every cached page now, and again once the current transaction commits;
    then purge `keys` (surrogate keys; None: every page) from the front caches.

    The second bump is the one that matters: between the first and the commit,
    a request can still read the old rows and store them under the new number."""
    _bump()
    transaction.on_commit(_bump_again)
    purge.after_commit(keys or {surrogate.SITE})


def _bump_again():
    """The bump after the commit. The change is saved by now, so a Redis gone in between is
    logged rather than raised: the author must not be told that nothing was saved. The
    bump is still owed: a page read before the commit may be stored under the first bump's
    number, and Redis may come back with it. This process makes it at its first request
    once Redis answers (`_make_up_missed_bump`)."""
    try:
        _bump()
    except ChangeNotAnnounced as error:
        _missed_bump.set()
        log.error("Saved, but the pages could not be retired again after the commit: %s", error)


def _make_up_missed_bump():
    paused = getattr(cache, "paused", None)  # archive.cache_backend's Redis only
    if not _missed_bump.is_set() or (paused is not None and paused()):
        return
    _missed_bump.clear()
    try:
        _bump()
    except ChangeNotAnnounced:
        _missed_bump.set()  # the backend pauses: tried again after that, not per request
    else:
        log.warning("The pages a missed bump left current are retired now.")


def _content_signal(sender, **kwargs):
    if surrogate.tracked(sender):
        content_changed(surrogate.keys_for_change(sender, **kwargs))


def _migrated(sender, **kwargs):
    try:
        _bump()
    except Exception as exc:  # noqa: BLE001 - a cache that is down must not stop a migration
        import warnings

        warnings.warn(f"Could not retire cached pages after migrating: {exc}", stacklevel=1)


def seconds_until_next_change(gen, limit):
    """How long something computed now may be kept: until the next scheduled change, at
    most `limit` seconds. The moment is itself looked up once per generation."""
    key = NEXT_CHANGE_KEY.format(gen)
    moment = None if gen is None else cache.get(key)
    if moment is None:
        moments = [m for m in (fn() for fn in _next_change_sources) if m is not None]
        moment = min(moments).timestamp() if moments else 0.0
        horizon = moment - time.time() if moment else DATA_SECONDS
        if gen is not None:
            cache.set(key, moment, timeout=int(max(1, min(horizon, DATA_SECONDS))))
    if moment:
        limit = min(limit, moment - time.time())
    return int(limit)


def per_generation(name, compute):
    """`compute()`'s result, computed once per content generation and kept no longer than
    the next scheduled change: for figures many pages share (counts per country...).
    The result must pickle, and must depend only on the content apps' rows and the time."""
    gen = generation()
    if gen is None:
        return compute()
    key = f"data:{gen}:{name}"
    stored = cache.get(key)
    if stored is None:
        # The records it was computed from are the surrogate keys of every page using it.
        with surrogate.collecting() as found:
            value = compute()
        stored = (value, found.records, found.models)
        timeout = seconds_until_next_change(gen, DATA_SECONDS)
        if timeout > 0:
            cache.set(key, stored, timeout)
    else:
        surrogate.add_keys(stored[1], stored[2])
    return stored[0]


def reads_query(*names):
    """Declare, on a view (a function, a class-based view or a Feed class), the query
    parameters it reads: its pages are cached per value of those alone, and it sees no
    other. `@reads_query()` declares a view that reads none."""

    def declare(view):
        view.page_cache_query = frozenset(names)
        return view

    return declare


def keep_out_of_page_cache(response):
    """Serve `response`, but do not store it (see the module docstring)."""
    response.page_cache_skip = True
    return response


@lru_cache(maxsize=4096)
def _declared_query(urlconf, path):
    """The query parameters the view at `path` reads, None when it declares none, or False
    when nothing answers there."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return False
    view = getattr(match.func, "view_class", match.func)
    return getattr(view, "page_cache_query", None)


def _keyed_query(request):
    """Narrow the request's query to what its view reads, and return it as the text the page
    is keyed on; None when the page must neither come from nor go to the cache."""
    if not request.META.get("QUERY_STRING"):
        return ""
    names = _declared_query(get_urlconf() or settings.ROOT_URLCONF, request.path_info)
    if names is None or names is False:
        return None
    return _narrow(request, names)


def _narrow(request, names):
    """Keep only `names` in the query string, sorted by name (repeated values in their
    order), and let `request.GET` be read afresh from it. Parsed with urllib rather than a
    QueryDict: a cache hit never needs one, and building it cost more than the hit."""
    raw = request.META["QUERY_STRING"]
    try:  # WSGI hands over the bytes as latin-1; Django reads them as UTF-8, as here
        text = raw.encode("latin-1").decode("utf-8", "replace")
    except UnicodeEncodeError:
        text = raw
    pairs = parse_qsl(text, keep_blank_values=True, errors="replace")
    kept = urlencode(sorted((pair for pair in pairs if pair[0] in names), key=itemgetter(0)))
    if kept != raw:
        request.META["QUERY_STRING"] = kept
        request.__dict__.pop("GET", None)  # a cached_property: parsed again when read
    return kept


def _anonymous(request):
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _cacheable_request(request):
    return request.method == "GET" and _anonymous(request)


def _cacheable_response(request, response):
    match = getattr(request, "resolver_match", None)
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not getattr(response, "page_cache_skip", False)
        and match is not None
        and "admin" not in match.namespaces
        and not any(word in control for word in UNCACHEABLE)
    )


class PageCacheMiddleware:
    """Serves anonymous GETs of public pages from the cache (see the module docstring).

    Sits above the session middleware: a hit never loads a session or a user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            not settings.PAGE_CACHE_SECONDS
            or not _cacheable_request(request)
            or request.path_info.startswith(tuple(settings.PAGE_CACHE_SKIP))
            or _keyed_query(request) is None
        ):
            return self.get_response(request)
        digest = hashlib.md5(
            request.build_absolute_uri().encode(), usedforsecurity=False
        ).hexdigest()
        key = PAGE_KEY.format(digest)
        _make_up_missed_bump()
        # One round trip for both: a page is stored with the generation it was built
        # under, and served only while that is still the current one.
        found = cache.get_many([GENERATION_KEY, key])
        gen = found.get(GENERATION_KEY) or generation()
        stored = found.get(key)
        if gen is None:
            return self.get_response(request)
        if stored is not None and stored[0] == gen:
            _, status, headers, content = stored
            response = HttpResponse(content, status=status, headers=headers)
            response.page_cache_hit = True
            return get_conditional_response(request, etag=response["ETag"], response=response)
        response = self.get_response(request)
        if not _cacheable_response(request, response):
            return response
        response.page_cache_hit = True  # what FrontCacheMiddleware may share
        digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
        response["ETag"] = f'"{digest}"'
        timeout = seconds_until_next_change(gen, settings.PAGE_CACHE_SECONDS)
        if timeout > 0:
            stored = (gen, response.status_code, dict(response.items()), response.content)
            cache.set(key, stored, timeout)
        return get_conditional_response(request, etag=response["ETag"], response=response)


def _shared(request, response):
    """May a shared cache keep this response (see FrontCacheMiddleware)?"""
    if response.status_code not in (200, 304):
        return False
    if getattr(response, "page_cache_hit", False):
        return True
    return _cacheable_response(request, response) if response.status_code == 200 else False


class FrontCacheMiddleware:
    """Says who may keep a response. An anonymous public page the page cache would keep
    is `public` for shared caches (a front cache, a CDN) for `FRONT_CACHE_SECONDS`
    (`s-maxage`, never past the next scheduled change), which may then serve it stale
    while refetching (`stale-while-revalidate`) or while the site is down
    (`stale-if-error`); browsers revalidate every time (`max-age=0`, the ETag makes that
    a 304). The front caches are purged by surrogate keys on every change
    (archive/purge.py), so a long `s-maxage` is still fresh. Anything else that reaches
    it (signed in, errors, redirects, responses setting a cookie) is `private` (and
    `no-store` for POSTs; the admin, previews and exports say so themselves) and loses its
    surrogate keys. Above the page cache,
    which marks the pages it serves or stores."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        shared = (
            request.method in ("GET", "HEAD")
            and _anonymous(request)
            and not request.path_info.startswith(tuple(settings.PAGE_CACHE_SKIP))
            and _keyed_query(request) is not None
        )
        response = self.get_response(request)
        if shared and _shared(request, response):
            seconds = settings.FRONT_CACHE_SECONDS
            if seconds:
                seconds = seconds_until_next_change(generation(), seconds)
            if seconds <= 0:
                patch_cache_control(response, no_cache=True)
                return response
            patch_cache_control(
                response,
                public=True,
                max_age=0,
                s_maxage=seconds,
                stale_while_revalidate=settings.FRONT_CACHE_STALE_WHILE_REVALIDATE,
                stale_if_error=settings.FRONT_CACHE_STALE_IF_ERROR,
            )
            if settings.FRONT_CACHE_TAG_HEADER and "xkey" in response:
                # Cloudflare reads its own header, comma-separated.
                response[settings.FRONT_CACHE_TAG_HEADER] = response["xkey"].replace(" ", ",")
            return response
        # Signed-in pages may stay in the visitor's own browser (back button); what must
        # not (the admin, previews, exports) says no-store itself, and so does a POST's.
        patch_cache_control(response, private=True)
        if request.method not in ("GET", "HEAD"):
            patch_cache_control(response, no_store=True)
        for header in ("xkey", "Surrogate-Key"):
            if header in response:
                del response[header]
        return response


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.PAGE_CACHE_SECONDS and backend.endswith("LocMemCache"):
        return [
            checks.Warning(
                "The page cache uses local memory: with more than one server process, an edit "
                "retires cached pages only in the process that made it.",
                hint="Set REDIS_URL so every process shares one cache.",
                id="archive.W001",
            )
        ]
    return []


def connect_signals():
    from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_content_signal, dispatch_uid=f"page-cache-{id(signal)}")
    post_migrate.connect(_migrated, dispatch_uid="page-cache-migrate")


def scheduled_articles():
    """The archive's own scheduled change: the next published article whose date is ahead."""
    from .models import Article, Status

    return (
        Article.objects.live()
        .filter(status=Status.PUBLISHED, published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


next_change(scheduled_articles)
