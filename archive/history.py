"""Revision history (django-reversion): which models keep versions, and what follows them.

An article's version holds its authors, images, theme links and, added from the
citations app, its notes with their citations: restoring it brings all of them back.
Apps declare their models with `register(model, follow=...)`, and add what follows a
model of another app with `follow(model, *names)` (citations does this for articles,
so archive never imports it). Each call registers the model again with everything
asked for so far, so the order the apps are ready in does not matter, and it
overrides what reversion's admin would guess from a page's inline rows.
"""

import reversion
from reversion.models import Version

_follows = {}


def register(model, follow=()):
    names = _follows.setdefault(model, [])
    names.extend(name for name in follow if name not in names)
    if reversion.is_registered(model):
        reversion.unregister(model)
    reversion.register(model, follow=tuple(names))
    return model


def follow(model, *names):
    """Make `model`'s versions include the related rows named (reverse accessors)."""
    return register(model, follow=names)


def versions_of(obj):
    return Version.objects.get_for_object(obj)


def record(objects, comment, user=None):
    """Add a revision holding `objects` as they are now, unless a revision is open, which
    they join; used where the admin changes rows without saving them (bulk actions)."""
    objects = list(objects)
    if not objects:
        return
    if reversion.is_active():
        if comment:
            reversion.set_comment(comment)
        for obj in objects:
            reversion.add_to_revision(obj)
        return
    with reversion.create_revision():
        reversion.set_comment(comment)
        if user is not None:
            reversion.set_user(user)
        for obj in objects:
            reversion.add_to_revision(obj)


def record_first_versions(model, pks):
    """Content written before history was kept, or outside the admin (the demo, the shell),
    has no version yet: keep how it is now, before it is changed, so the change can be
    undone. One query when every row already has a version. Call it outside any open
    revision: inside one, this state would merge into the change it precedes."""
    pks = {str(pk) for pk in pks}
    known = set(
        Version.objects.get_for_model(model)
        .filter(object_id__in=pks)
        .values_list("object_id", flat=True)
        .distinct()
    )
    missing = [int(pk) for pk in pks - known if pk.isdigit()]
    if missing:
        with reversion.create_revision():
            reversion.set_comment("As it was before its first recorded change.")
            for obj in model._default_manager.filter(pk__in=missing):
                reversion.add_to_revision(obj)


def previous_version(version):
    """The version of the same object saved before `version`, or None."""
    return (
        Version.objects.filter(
            content_type_id=version.content_type_id,
            object_id=version.object_id,
            db=version.db,
            pk__lt=version.pk,
        )
        .order_by("-pk")
        .first()
    )
