"""Copying the old site's files in: `manage.py fetch_media` runs `fetch_all`.

Each media record not yet copied is fetched from its original address (HTTP(S)
only, with a time limit and a size limit), checked, and stored; each is saved
on its own, so an interrupted run resumes where it stopped, and a failure is
recorded on the record (`fetch_error`) and retried only when asked. Images pass
the same check as every upload (`archive.uploads.clean_image`: the format read
from the bytes, pixels capped, re-encoded with metadata such as GPS dropped), so
a file that is not the image it claims to be is refused; other files
are kept as they are. Once copied, an article's text pointing at the old
address points at the copy, and the old address redirects to it.
"""

import urllib.request
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .. import uploads
from ..cache import content_changed
from ..models import Article
from .models import MediaItem, Redirect

LIMIT = 50 * 1024 * 1024
TIMEOUT = 20


class FetchError(Exception):
    pass


def download(url):
    if urlsplit(url).scheme not in {"http", "https"}:
        raise FetchError("not an http(s) address")
    headers = {"User-Agent": "commentary-archive fetch_media"}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - http(s) only
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - http(s) only
            data = response.read(LIMIT + 1)
            kind = response.headers.get_content_type()
    except OSError as exc:
        raise FetchError(f"could not be fetched ({getattr(exc, 'reason', exc)})") from None
    if len(data) > LIMIT:
        raise FetchError("larger than 50 MB")
    return data, kind


def clean_image(data, name):
    """(bytes, extension) of the image re-encoded by the same check every upload passes
    (`archive.uploads.clean_image`: format from the bytes, pixel cap, metadata dropped),
    or FetchError saying why it was refused."""
    try:
        cleaned = uploads.clean_image(ContentFile(data, name=name))
    except ValidationError as error:
        raise FetchError(error.messages[0]) from None
    return cleaned.read(), PurePosixPath(cleaned.name).suffix.lstrip(".")


def fetch_one(media):
    data, kind = download(media.original_url)
    name = PurePosixPath(unquote(urlsplit(media.original_url).path)).name or "file"
    if (media.mime_type or kind).startswith("image/"):
        data, extension = clean_image(data, name)
        name = f"{PurePosixPath(name).stem}.{extension}"
    with transaction.atomic():
        media.file.save(name, ContentFile(data), save=False)
        media.fetched_at, media.fetch_error = timezone.now(), ""
        media.save(update_fields=["file", "fetched_at", "fetch_error"])
        new_url = default_storage.url(media.file.name)
        for article in Article.objects.filter(
            Q(body__contains=media.original_url) | Q(introduction__contains=media.original_url)
        ):
            article.body = article.body.replace(media.original_url, new_url)
            article.introduction = article.introduction.replace(media.original_url, new_url)
            article.save(update_fields=["body", "introduction"])
        old = unquote(urlsplit(media.original_url).path)
        Redirect.objects.get_or_create(
            old_path=old[:500], defaults={"new_path": new_url, "note": "file copied in"}
        )
    return media


def fetch_all(retry=False, limit=None, out=print):
    """Copy every media record not yet copied; with `retry` those that failed before too.
    Returns (copied, failed)."""
    pending = MediaItem.objects.filter(file="")
    if not retry:
        pending = pending.filter(fetch_error="")
    copied = failed = 0
    for media in pending.order_by("pk")[:limit]:
        try:
            fetch_one(media)
            copied += 1
            out(f"copied {media.original_url}")
        except FetchError as exc:
            failed += 1
            MediaItem.objects.filter(pk=media.pk).update(fetch_error=str(exc)[:300])
            out(f"failed {media.original_url}: {exc}")
    if copied or failed:
        content_changed()
    return copied, failed
