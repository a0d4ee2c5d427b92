"""Copying the old site's files in: `manage.py fetch_media` runs `fetch_all`.

Each media record not yet copied is fetched from its original address (HTTP(S)
only, with a time limit and a size limit), checked, and stored; each is saved
on its own, so an interrupted run resumes where it stopped, and a failure is
recorded on the record (`fetch_error`) and retried only when asked. Images are
verified with Pillow (a file that is not the image it claims to be is refused)
and re-encoded, which drops anything hidden after or inside them; other files
are kept as they are. Once copied, an article's text pointing at the old
address points at the copy, and the old address redirects to it.
"""

import io
import urllib.request
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from PIL import Image, UnidentifiedImageError

from ..cache import content_changed
from ..models import Article
from .models import MediaItem, Redirect

LIMIT = 50 * 1024 * 1024
TIMEOUT = 20
FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


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


def clean_image(data):
    """(bytes, extension) of the image re-encoded, or FetchError when it is not one."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format
            if image_format not in FORMATS:
                raise FetchError(f"an image in a format not kept here ({image_format})")
            out = io.BytesIO()
            if image_format == "JPEG" and image.mode not in {"RGB", "L"}:
                image = image.convert("RGB")
            image.save(out, format=image_format)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise FetchError("not a readable image") from None
    return out.getvalue(), FORMATS[image_format]


def fetch_one(media):
    data, kind = download(media.original_url)
    name = PurePosixPath(unquote(urlsplit(media.original_url).path)).name or "file"
    if (media.mime_type or kind).startswith("image/"):
        data, extension = clean_image(data)
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
