"""Surrogate keys: which records a page shows, so a front cache can drop exactly those pages.

A page's keys are collected while it is built, not listed by hand: every instance of a
content app's model created during the request (loaded by a view, a template following
a relation, a prefetch) adds `<model>-<pk>` ("article-12", "country-5", "person-3") to a
request-scoped collector. Each page also carries its route (`archive-home`,
`appearances-feed`), `site` (every page, for a purge of everything) and, unless it is a
record's own detail page, `lists`: any change can add an item to a list, a feed, a search
or a count, so every change purges `lists` along with its records' keys, while the
many detail pages go only when their own records change.

What a change purges (`keys_for_change`): the record, every record it points at (an
article's outlet, a note's article, a theme link's article and theme, before and after
an edit that moves it), the records of a many-to-many change, and `lists`. An edit that
changes only a row's text (`_shown_only`: a title, a body, not a choice, a date or what
lists are ordered by) leaves the records it points at alone: it cannot move the row into
or out of their pages, and every page that shows the row carries the row's own key.
Retitling one article then purges its pages and the lists, not every article page of
its outlet. A page that
would carry more than `MAX_RECORD_KEYS` record keys (a sitemap, a long feed) carries its
models' names instead ("article"), and each change purges its model's name too.

The middleware writes the keys as `xkey` (Varnish's xkey module) and `Surrogate-Key`
(Fastly; space-separated both) below the page cache, so a stored page keeps them.
"""

import contextvars

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, TextField
from django.db.models.signals import m2m_changed, post_init, pre_save
from django.views.generic.detail import SingleObjectMixin

CONTENT_APPS = {"archive", "citations", "appearances"}
MAX_RECORD_KEYS = 120
SITE, LISTS = "site", "lists"
_collected = contextvars.ContextVar("surrogate_keys", default=None)


def record_key(model, pk):
    return f"{model._meta.model_name}-{pk}"


def tracked(model):
    return model._meta.app_label in CONTENT_APPS and not getattr(model, "page_cache_ignore", False)


class Collector:
    def __init__(self):
        self.records = set()
        self.models = set()

    def add(self, instance):
        if instance.pk is not None:
            self.records.add(record_key(type(instance), instance.pk))
            self.models.add(instance._meta.model_name)

    def keys(self):
        if len(self.records) > MAX_RECORD_KEYS:
            return set(self.models)
        return set(self.records)


def _loaded(sender, instance, **kwargs):
    collector = _collected.get()
    if collector is not None:
        collector.add(instance)


class collecting:
    """`with collecting() as found:` gathers the keys of what the block loads, and hands
    them on to the enclosing collector too (see `per_generation`, which stores them)."""

    def __enter__(self):
        self.outer = _collected.get()
        self.collector = Collector()
        self.token = _collected.set(self.collector)
        return self.collector

    def __exit__(self, *exc):
        _collected.reset(self.token)
        if self.outer is not None:
            self.outer.records |= self.collector.records
            self.outer.models |= self.collector.models


def add_keys(records, models=()):
    """Add keys found earlier (a value kept per generation) to the current page's."""
    collector = _collected.get()
    if collector is not None:
        collector.records.update(records)
        collector.models.update(models)


def _related_keys(instance, values=None):
    """Keys of the records `instance` points at: forward foreign keys to tracked models and
    generic foreign keys. `values`: attribute values to read instead (an old row)."""
    values = values if values is not None else instance.__dict__
    keys = set()
    for field in instance._meta.concrete_fields:
        if field.is_relation and field.many_to_one and tracked(field.related_model):
            target = values.get(field.attname)
            if target is not None:
                keys.add(record_key(field.related_model, target))
    for field in instance._meta.private_fields:
        if isinstance(field, GenericForeignKey):
            ct = values.get(instance._meta.get_field(field.ct_field).attname)
            obj = values.get(field.fk_field)
            model = ct and ContentType.objects.get_for_id(ct).model_class()
            if model is not None and obj is not None and tracked(model):
                keys.add(record_key(model, obj))
    return keys


def keys_for_change(sender, instance=None, **kwargs):
    """The keys a signal about `instance` purges (see the module docstring)."""
    if instance is None:
        return {SITE}
    keys = {LISTS, sender._meta.model_name}
    if instance.pk is not None:
        keys.add(record_key(sender, instance.pk))
    if not (kwargs.get("created") is False and getattr(instance, "_surrogate_shown_only", False)):
        keys |= _related_keys(instance) | getattr(instance, "_surrogate_old_keys", set())
    if kwargs.get("pk_set"):
        model = kwargs["model"]
        keys |= {record_key(model, pk) for pk in kwargs["pk_set"]}
        keys.add(model._meta.model_name)
    return keys


def _shown_only(field, ordering):
    """Is `field` only shown, never what decides which pages list its row, or where?"""
    return (
        isinstance(field, CharField | TextField)
        and not field.choices
        and not field.is_relation
        and field.name not in ordering
    )


def _remember_old_relations(sender, instance, raw=False, **kwargs):
    """Before an edit, note the records the row pointed at: moving an article to another
    outlet must purge the old outlet's pages too. And note whether only shown text
    changes (`_shown_only`), which purges none of them."""
    instance._surrogate_shown_only = False
    if raw or instance.pk is None or instance._state.adding:
        return
    names = [
        f.attname
        for f in sender._meta.concrete_fields
        if f.is_relation and f.many_to_one and tracked(f.related_model)
    ]
    names += [
        sender._meta.get_field(f.ct_field).attname
        for f in sender._meta.private_fields
        if isinstance(f, GenericForeignKey)
    ]
    names += [f.fk_field for f in sender._meta.private_fields if isinstance(f, GenericForeignKey)]
    if not names:
        return
    # The fields this save writes (a deferred one is not), but for its own time stamps.
    fields = [
        f
        for f in sender._meta.concrete_fields
        if f.attname in instance.__dict__ and f.attname not in names and not _stamp(f)
    ]
    old = (
        sender._base_manager.filter(pk=instance.pk)
        .values(*names, *(f.attname for f in fields))
        .first()
    )
    if old:
        instance._surrogate_old_keys = was = _related_keys(instance, old)
        ordering = {str(name).lstrip("-") for name in sender._meta.ordering}
        changed = [f for f in fields if old[f.attname] != instance.__dict__[f.attname]]
        instance._surrogate_shown_only = _related_keys(instance) == was and all(
            _shown_only(f, ordering) for f in changed
        )


def _stamp(field):
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


def _remember_cleared(sender, instance, action, model, reverse, **kwargs):
    """`clear()` names no rows: read them from the link table before they go."""
    if action != "pre_clear" or not tracked(model):
        return
    fields = [f for f in sender._meta.concrete_fields if f.is_relation and f.many_to_one]
    source = next((f for f in fields if isinstance(instance, f.related_model)), None)
    target = next((f for f in fields if f is not source and f.related_model is model), None)
    if source and target:
        pks = sender._base_manager.filter(**{source.attname: instance.pk}).values_list(
            target.attname, flat=True
        )
        instance._surrogate_old_keys = {record_key(model, pk) for pk in pks}


def connect_signals():
    for model in apps.get_models():
        if tracked(model):
            post_init.connect(_loaded, sender=model, dispatch_uid=f"surrogate-init-{model}")
            pre_save.connect(
                _remember_old_relations, sender=model, dispatch_uid=f"surrogate-save-{model}"
            )
    m2m_changed.connect(_remember_cleared, dispatch_uid="surrogate-m2m-clear")


def _is_detail_page(request):
    match = getattr(request, "resolver_match", None)
    view = match and getattr(match.func, "view_class", None)
    return bool(view) and issubclass(view, SingleObjectMixin)


class SurrogateKeyMiddleware:
    """Collects the keys of the records a GET builds its page from and names them in the
    `xkey` and `Surrogate-Key` headers (FrontCacheMiddleware removes them from any response
    a shared cache may not keep). Sits just below the page cache, which stores them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        token = _collected.set(Collector())
        try:
            response = self.get_response(request)
            collector = _collected.get()
        finally:
            _collected.reset(token)
        match = getattr(request, "resolver_match", None)
        keys = collector.keys() | {SITE}
        if match is not None:
            keys.add(match.view_name.replace(":", "-"))
        if not _is_detail_page(request):
            keys.add(LISTS)
        value = " ".join(sorted(keys))
        response["xkey"] = value
        response["Surrogate-Key"] = value
        return response
