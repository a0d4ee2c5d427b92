"""Read replicas: public pages read from a replica, everything else from the primary.

`DATABASE_REPLICA_URLS` (settings) adds one database per address (`replica1`, ...) and
this router. A request is *public* when it is a GET or HEAD without a session or
authorisation (what the page cache and the front cache also treat as anonymous) and not
for the admin: `PublicReadsMiddleware` marks it, and only then do reads go to a
replica, chosen at random. Signed-in users, the admin, POSTs, management commands and
anything outside a request read the primary; so does the rest of a public request once
it has written anything (read your own writes). Replicas are never migrated: they
copy the primary.

A public page read from a lagging replica just after an edit would be cached as it was;
run the replicas with `synchronous_commit = remote_apply` on the primary (and the
replicas in `synchronous_standby_names`), so a commit returns only once every replica
shows it, before the purge is sent.
"""

import contextvars
import random

from django.conf import settings

_public = contextvars.ContextVar("public_reads", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _public.get() and settings.REPLICA_DATABASES:
            return random.choice(settings.REPLICA_DATABASES)  # noqa: S311 - spreading load
        return "default"

    def db_for_write(self, model, **hints):
        _public.set(False)
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same rows, wherever they were read

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"


class PublicReadsMiddleware:
    """Marks anonymous GET/HEAD requests outside the admin as public (see above)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public = (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
            and not request.path_info.startswith(("/admin/", "/exports/"))
        )
        token = _public.set(public)
        try:
            return self.get_response(request)
        finally:
            _public.reset(token)
