"""The trash: content deleted in the admin waits here, restorable, for `TRASH_DAYS`.

A trashed row keeps everything (its notes, people, links) and its address, which
stays taken, so restoring it never clashes; only `deleted_at` is set. The publish
rule (`published()`) leaves trashed rows out, so every public page, list, feed,
sitemap, search, calendar and export treats them as gone, and a trashed page that
was public answers 410 Gone (`gone()`). `manage.py purge_trash` deletes for good
what has been in the trash longer than `TRASH_DAYS`.

Apps register their trashable models (`register`), so archive never imports them.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from .cache import content_changed

_models = []


def register(model):
    """Add a `Trashable` model to those `purge_trash` empties; returns it."""
    if model not in _models:
        _models.append(model)
    return model


def trashable_models():
    return list(_models)


def purge_before():
    """Rows trashed before this moment are due to be deleted for good."""
    return timezone.now() - timedelta(days=settings.TRASH_DAYS)


class TrashableQuerySet(models.QuerySet):
    def live(self):
        """Everything not in the trash."""
        return self.filter(deleted_at__isnull=True)

    def trashed(self):
        return self.filter(deleted_at__isnull=False)

    def expired(self):
        """In the trash for longer than `TRASH_DAYS`: `purge_trash` deletes these."""
        return self.filter(deleted_at__lt=purge_before())

    def move_to_trash(self):
        """Trash every live row in the queryset at once; returns how many."""
        count = self.live().update(deleted_at=timezone.now())
        content_changed()  # update() sends no signals
        return count

    def restore(self):
        count = self.trashed().update(deleted_at=None)
        content_changed()
        return count


class Trashable(models.Model):
    """A model whose deleted rows go to the trash first."""

    deleted_at = models.DateTimeField(
        "moved to the trash",
        null=True,
        blank=True,
        editable=False,
        help_text="Set while the record is in the trash; public pages treat it as gone.",
    )

    class Meta:
        abstract = True

    @property
    def in_trash(self):
        return self.deleted_at is not None

    @property
    def purge_on(self):
        """When `purge_trash` will delete it for good (None while it is not in the trash)."""
        if self.deleted_at is None:
            return None
        return self.deleted_at + timedelta(days=settings.TRASH_DAYS)

    def move_to_trash(self):
        self.deleted_at = timezone.now()
        self.save(update_fields=["deleted_at"])

    def restore(self):
        self.deleted_at = None
        self.save(update_fields=["deleted_at"])

    def unique_error_message(self, model_class, unique_check):
        # The stock "already exists" would send the author looking for a row she cannot
        # see in the list: say where it is.
        if len(unique_check) == 1:
            field = unique_check[0]
            clash = (
                type(self)
                ._default_manager.trashed()
                .filter(**{field: getattr(self, field)})
                .exclude(pk=self.pk)
                .first()
            )
            if clash is not None:
                label = self._meta.get_field(field).verbose_name
                return ValidationError(
                    f"“{clash}” is in the trash and still uses this {label}: restore it, "
                    "delete it for good, or choose another.",
                    code="unique",
                )
        return super().unique_error_message(model_class, unique_check)


def purge():
    """Delete for good every registered model's expired trash: {model: count}."""
    done = {}
    for model in trashable_models():
        with transaction.atomic():
            rows = list(model._default_manager.expired())
            for row in rows:
                row.delete()
        done[model] = len(rows)
    return done
