"""What changed from one version of a record to the next, as the admin's history shows it.

Field by field for the record itself (texts word by word, with <del> and <ins>), then the
rows its version follows (notes, their citations, authors, images, theme links...),
each added, removed or changed field by field. Only rows that lead back to the record
through their links are shown: a bulk action's revision holds many records.
Generic over models, so archive shows the citations app's notes without importing it.
"""

import difflib
import re

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import formats, timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

WORDS = re.compile(r"\S+\s*|\s+")
CONTEXT = 12  # unchanged words kept on either side of a change
EMPTY = "—"


def text_diff(old, new):
    """`new` against `old` word by word, as HTML: removed words in <del>, added ones in
    <ins>, long unchanged stretches cut down to a few words either side of a change."""
    a, b = WORDS.findall(old or ""), WORDS.findall(new or "")
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    parts = []
    for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            words = a[i1:i2]
            first, last = n == 0, n == len(opcodes) - 1
            keep_start = 0 if first else CONTEXT
            keep_end = 0 if last else CONTEXT
            if len(words) > keep_start + keep_end + 3:
                head = "".join(words[:keep_start])
                tail = "".join(words[len(words) - keep_end :] if keep_end else [])
                parts.append(escape(head) + "… " + escape(tail))
            else:
                parts.append(escape("".join(words)))
            continue
        if i2 > i1:
            parts.append(format_html("<del>{}</del>", "".join(a[i1:i2])))
        if j2 > j1:
            parts.append(format_html("<ins>{}</ins>", "".join(b[j1:j2])))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


def _names(model, pks):
    if not pks:
        return EMPTY
    found = {obj.pk: str(obj) for obj in model._default_manager.filter(pk__in=pks)}
    return ", ".join(sorted(found.get(pk, f"#{pk} (no longer exists)") for pk in pks))


def show(field, value):
    """A stored value as the author reads it."""
    if value in (None, "", []):
        return EMPTY
    if field.many_to_many:
        return _names(field.related_model, value)
    if field.many_to_one or field.one_to_one:
        return _names(field.related_model, [value])
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "yes" if value else "no"
    if isinstance(field, models.DateTimeField):
        return formats.localize(timezone.localtime(value))
    return str(value)


def _shown_fields(model, always=("deleted_at",)):
    """The fields an author edits (and the trash date), not the derived or automatic ones."""
    # Many-to-many through a model of its own (themes) are shown as rows, not a field.
    many = [f for f in model._meta.many_to_many if isinstance(f, models.ManyToManyField)]
    return [
        field
        for field in [*model._meta.concrete_fields, *many]
        if not field.primary_key
        and (field.editable or field.name in always)
        and not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
    ]


def field_changes(model, old, new, skip=()):
    """[{label, diff}] for each shown field whose value differs between two field dicts."""
    changes = []
    for field in _shown_fields(model):
        if field.attname in skip or field.attname not in new:
            continue
        before, after = old.get(field.attname), new.get(field.attname)
        if field.many_to_many:
            before, after = sorted(before or []), sorted(after or [])
        if before == after:
            continue
        if isinstance(field, (models.CharField, models.TextField)) and not field.choices:
            diff = text_diff(before or "", after or "")
        else:
            shown_before, shown_after = show(field, before), show(field, after)
            if shown_before == shown_after:
                continue  # e.g. a time differing below the second: nothing a reader sees
            diff = format_html("<del>{}</del> → <ins>{}</ins>", shown_before, shown_after)
        changes.append({"label": capfirst(field.verbose_name), "diff": diff})
    return changes


def _links(version, field_dict):
    """(content type id, pk) pairs that a row's foreign keys point at, with the field
    holding each (a generic link counts as one, in its object_id)."""
    model = version._model
    for field in model._meta.concrete_fields:
        value = field_dict.get(field.attname)
        if field.many_to_one and value is not None:
            ct = ContentType.objects.get_for_model(field.related_model)
            yield (ct.pk, str(value)), (field.attname,)
    for field in model._meta.private_fields:
        ct_field = getattr(field, "ct_field", None)
        if ct_field:
            ct_id = field_dict.get(f"{ct_field}_id")
            object_id = field_dict.get(field.fk_field)
            if ct_id is not None and object_id is not None:
                yield (ct_id, str(object_id)), (f"{ct_field}_id", field.fk_field)


def followed_rows(revision, root):
    """{(content type id, object id): (version, link fields)} for the versions in `revision`
    that lead to `root` (a version) through their links, `root` left out."""
    versions = list(revision.version_set.all()) if revision else []
    reached = {(root.content_type_id, root.object_id)}
    rows = {}
    changed = True
    while changed:
        changed = False
        for version in versions:
            key = (version.content_type_id, version.object_id)
            if key in reached:
                continue
            for target, link_fields in _links(version, version.field_dict):
                if target in reached:
                    reached.add(key)
                    rows[key] = (version, link_fields)
                    changed = True
                    break
    return rows


def _sort_key(version):
    fields = version.field_dict
    return (fields.get("order") or 0, int(version.object_id) if version.object_id.isdigit() else 0)


def _content(version, link_fields):
    return {k: v for k, v in version.field_dict.items() if k not in link_fields and k != "id"}


def related_changes(old_root, new_root):
    """[{label, rows: [{kind, repr, fields}]}] for the followed rows, model by model."""
    before = followed_rows(old_root.revision, old_root) if old_root else {}
    after = followed_rows(new_root.revision, new_root)
    groups = {}
    removed = {k: v for k, v in before.items() if k not in after}
    added = {k: v for k, v in after.items() if k not in before}
    # A row deleted and written again with the same content (a note's citations are
    # rewritten when its sources change) is no change.
    for key, (version, links) in list(added.items()):
        content = _content(version, links)
        twin = next(
            (k for k, (v, ls) in removed.items() if k[0] == key[0] and _content(v, ls) == content),
            None,
        )
        if twin is not None:
            del added[key], removed[twin]
    for key, (version, links) in after.items():
        if key in before and key not in added:
            old_version, _ = before[key]
            fields = field_changes(
                version._model, old_version.field_dict, version.field_dict, skip=links
            )
            if fields:
                groups.setdefault(key[0], []).append(("changed", version, fields))
    for kind, rows in (("added", added), ("removed", removed)):
        for key, (version, _) in rows.items():
            groups.setdefault(key[0], []).append((kind, version, []))
    result = []
    for ct_id, rows in groups.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        rows.sort(key=lambda row: _sort_key(row[1]))
        result.append(
            {
                "label": capfirst(model._meta.verbose_name_plural),
                "rows": [
                    {"kind": kind, "repr": version.object_repr, "fields": fields}
                    for kind, version, fields in rows
                ],
            }
        )
    result.sort(key=lambda group: group["label"])
    return result


def compare(old, new):
    """Everything that changed from version `old` (None: nothing before) to `new`."""
    model = new._model
    return {
        "fields": field_changes(model, old.field_dict if old else {}, new.field_dict),
        "related": related_changes(old, new),
    }
