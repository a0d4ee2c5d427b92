"""Purging the front caches (Varnish, a CDN) by surrogate key, after the commit.

`content_changed(keys)` (archive/cache.py) hands every change's keys to `after_commit`:
keys of one transaction are gathered and sent once it commits, to every backend that
`FRONT_CACHES` names (`DJANGO_FRONT_CACHES`, comma-separated):

* `varnish:http://127.0.0.1:6081` sends `PURGE /` with `xkey-purge: <keys>`, which
  deploy/varnish.vcl answers from the loopback only (a hard purge: the next request is
  fetched afresh, never served stale);
* `fastly:<service id>` (token in `FASTLY_API_TOKEN`) and `cloudflare:<zone id>` (token
  in `CLOUDFLARE_API_TOKEN`; set `DJANGO_FRONT_CACHE_TAG_HEADER=Cache-Tag` so pages carry
  the header Cloudflare reads) call their HTTP APIs' purge-by-key.

A purge that fails (the cache down, a timeout, an error status) is logged and kept in the
`PurgeRequest` table, never raised: the save has already happened. Kept purges are sent
again, oldest first and with a growing delay, at the next purge and by
`manage.py purge_front_caches` (run it every minute from cron); until then, a page is
at most `FRONT_CACHE_SECONDS` old.
"""

import json
import logging
import threading
import urllib.error
import urllib.request
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

log = logging.getLogger(__name__)
_pending = threading.local()
RETRY_BATCH = 20


class Varnish:
    """A Varnish running deploy/varnish.vcl (the xkey module)."""

    batch = 200

    def __init__(self, address):
        parts = urlsplit(address)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"A Varnish address is http://host:port, not {address!r}.")
        self.url = f"{parts.scheme}://{parts.netloc}/"

    def send(self, keys):
        request = urllib.request.Request(  # noqa: S310 - the address is a setting, http(s)
            self.url, method="PURGE", headers={"xkey-purge": " ".join(keys)}
        )
        _call(request)


class Fastly:
    """Fastly's purge by surrogate key (up to 256 keys a call)."""

    batch = 256

    def __init__(self, service):
        self.url = f"https://api.fastly.com/service/{service}/purge"

    def send(self, keys):
        request = urllib.request.Request(  # noqa: S310 - a fixed https address
            self.url,
            method="POST",
            headers={
                "Fastly-Key": settings.FASTLY_API_TOKEN,
                "Surrogate-Key": " ".join(keys),
                "Accept": "application/json",
            },
        )
        _call(request)


class Cloudflare:
    """Cloudflare's purge by cache tag (up to 30 tags a call)."""

    batch = 30

    def __init__(self, zone):
        self.url = f"https://api.cloudflare.com/client/v4/zones/{zone}/purge_cache"

    def send(self, keys):
        request = urllib.request.Request(  # noqa: S310 - a fixed https address
            self.url,
            method="POST",
            data=json.dumps({"tags": list(keys)}).encode(),
            headers={
                "Authorization": f"Bearer {settings.CLOUDFLARE_API_TOKEN}",
                "Content-Type": "application/json",
            },
        )
        _call(request)


KINDS = {"varnish": Varnish, "fastly": Fastly, "cloudflare": Cloudflare}


def _call(request):
    with urllib.request.urlopen(request, timeout=settings.FRONT_CACHE_PURGE_TIMEOUT) as answer:  # noqa: S310
        answer.read()


def backends():
    """`(name, backend)` for each entry of FRONT_CACHES ("kind:where")."""
    found = []
    for entry in settings.FRONT_CACHES:
        kind, _, where = entry.partition(":")
        if kind not in KINDS or not where:
            raise ValueError(
                f"DJANGO_FRONT_CACHES: {entry!r} is not one of "
                "varnish:<address>, fastly:<service id>, cloudflare:<zone id>."
            )
        found.append((entry, KINDS[kind](where)))
    return found


def after_commit(keys):
    """Purge `keys` once the current transaction commits (at once outside one)."""
    if not settings.FRONT_CACHES:
        return
    if not hasattr(_pending, "keys"):
        _pending.keys = set()
    _pending.keys |= set(keys)
    # Every change registers the flush; the first to run sends them all, the others find
    # nothing. Keys left by a rolled-back transaction go with the next purge: harmless.
    transaction.on_commit(flush)


def flush():
    keys, _pending.keys = getattr(_pending, "keys", set()), set()
    if not keys:
        return
    try:
        chosen = backends()
    except ValueError as exc:  # a wrong setting must not break the save either
        log.error("%s Nothing purged.", exc)
        return
    for name, backend in chosen:
        if not send(name, backend, sorted(keys)):
            continue
        retry_due(name, backend)


def send(name, backend, keys):
    """Send `keys` in batches; what fails is logged and kept to be sent again."""
    from .models import PurgeRequest

    ok = True
    for start in range(0, len(keys), backend.batch):
        part = keys[start : start + backend.batch]
        try:
            backend.send(part)
        except (OSError, urllib.error.URLError, ValueError) as exc:
            ok = False
            log.warning(
                "Purging %d keys from %s failed (%s); kept to retry.", len(part), name, exc
            )
            PurgeRequest.objects.create(
                backend=name,
                keys=" ".join(part),
                last_error=str(exc)[:500],
                next_attempt_at=timezone.now() + timedelta(seconds=10),
            )
    return ok


def retry_due(name=None, backend=None, limit=RETRY_BATCH):
    """Send again the kept purges whose time has come; returns (sent, still failing)."""
    from .models import PurgeRequest

    chosen = dict(backends())
    rows = PurgeRequest.objects.filter(next_attempt_at__lte=timezone.now())
    if name:
        rows = rows.filter(backend=name)
    sent = failed = 0
    for row in rows.order_by("created_at")[:limit]:
        target = backend if name else chosen.get(row.backend)
        if target is None:  # a backend no longer configured: nothing to purge there
            row.delete()
            continue
        try:
            target.send(row.keys.split())
        except (OSError, urllib.error.URLError, ValueError) as exc:
            failed += 1
            row.attempts += 1
            row.last_error = str(exc)[:500]
            delay = min(10 * 2**row.attempts, 3600)
            row.next_attempt_at = timezone.now() + timedelta(seconds=delay)
            row.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            log.warning("Purge %s from %s failed again (%s).", row.pk, row.backend, exc)
        else:
            sent += 1
            row.delete()
    return sent, failed
