"""Every uploaded image goes through `clean_image()` before it is stored.

The format is read from the bytes, never from the name or the declared type: only
JPEG, PNG, WebP and GIF are accepted. The declared dimensions (and frame count) are
checked against `UPLOAD_MAX_PIXELS` from the header, before a single pixel is decoded,
so a decompression bomb costs a few kilobytes of reading. The pixels are then decoded
and written again into a fresh file of the detected format, named after it: nothing
of the uploaded bytes survives except the picture itself (no EXIF with GPS
positions, no comments, no text chunks, no trailing data, no embedded script).
Colour profiles are applied (the pixels are converted to sRGB) rather than carried,
and the EXIF orientation is applied before the EXIF is dropped, so a phone photo
stays the right way up.

Refusals raise `ValidationError` with a message that says what to do. The admin's
image fields (`archive.fields.CleanImageField`) and the Markdown editor's upload
endpoint (`archive.admin_views`) both call this one function.

`UploadSizeLimitHandler` stops an oversized file from filling memory or disk while
the request is read: see its docstring.
"""

import io
import warnings
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from PIL import Image, ImageCms, ImageOps, ImageSequence, UnidentifiedImageError

# Pillow's name for each accepted format, and the extension its file is given.
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
CONTENT_TYPES = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "GIF": "image/gif",
}
ACCEPT = ",".join(CONTENT_TYPES.values())  # for <input type=file accept=...>
# Modes each format is written in; anything else is converted to the first.
WRITABLE_MODES = {
    "JPEG": ("RGB", "L"),
    "PNG": ("RGBA", "RGB", "P", "L", "LA", "1", "I", "I;16"),
    "WEBP": ("RGBA", "RGB"),
    "GIF": ("RGBA", "RGB", "L", "P"),
}
ALPHA_MODES = ("RGBA", "LA", "PA", "RGBa", "La")
SAVE_OPTIONS = {"JPEG": {"quality": 90}, "WEBP": {"quality": 90}, "PNG": {}, "GIF": {}}
# Errors Pillow raises on damaged or truncated data while decoding.
DECODE_ERRORS = (OSError, ValueError, SyntaxError, EOFError, IndexError, TypeError)
SRGB = ImageCms.createProfile("sRGB")


class CleanedImage(ContentFile):
    """A re-encoded image, ready to store; `CleanImageField` knows not to clean it twice."""

    def __init__(self, content, name, image_format):
        super().__init__(content, name=name)
        self.image_format = image_format
        self.content_type = CONTENT_TYPES[image_format]


class OversizedUpload(UploadedFile):
    """Stands in for a file whose bytes were dropped past the size cap; knows its true size."""

    def __init__(self, name, content_type, size):
        super().__init__(io.BytesIO(), name=name, content_type=content_type, size=size)


class UploadSizeLimitHandler(FileUploadHandler):
    """First of `FILE_UPLOAD_HANDLERS`: passes each file's bytes on to Django's own handlers
    up to `UPLOAD_MAX_BYTES`, then swallows the rest, so a huge file never fills memory
    or the temporary folder. For such a file it answers with an `OversizedUpload` (no
    content, true size), which `clean_image()` refuses with a message naming the size;
    the rest of the form arrives intact, so nothing else typed is lost."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        return raw_data if self.received <= settings.UPLOAD_MAX_BYTES else None

    def file_complete(self, file_size):
        if file_size <= settings.UPLOAD_MAX_BYTES:
            return None  # the next handler holds the whole file
        return OversizedUpload(self.file_name, self.content_type, file_size)


def too_large_message(size):
    return (
        f"This file is {filesizeformat(size)}; an image may be at most "
        f"{filesizeformat(settings.UPLOAD_MAX_BYTES)}. Save it smaller (e.g. as a JPEG) "
        "and upload it again."
    )


def _megapixels(pixels):
    return f"{pixels / 1_000_000:.0f} megapixels"


def _refuse(message, code):
    raise ValidationError(message, code=code)


def _open(upload):
    """Identify the image from its header, refusing anything but the four formats and
    anything whose declared size is over the pixel cap, before any decoding."""
    limit = settings.UPLOAD_MAX_PIXELS
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(upload, formats=list(EXTENSIONS))
    except Image.DecompressionBombError:
        # Pillow refuses by itself past twice MAX_IMAGE_PIXELS, before we see the size.
        _refuse(
            f"This image has more than {_megapixels(2 * limit)}; images may have at most "
            f"{_megapixels(limit)}. Make it smaller and upload it again.",
            "too_many_pixels",
        )
    except (UnidentifiedImageError, *DECODE_ERRORS):
        _refuse(
            "This file is not a JPEG, PNG, WebP or GIF image (its contents were checked, "
            "not its name). Save it in one of those formats and upload it again.",
            "not_an_image",
        )
    try:
        _check_size(image, limit)
    except ValidationError:
        image.close()
        raise
    return image


def _check_size(image, limit):
    width, height = image.size
    if not width or not height:
        _refuse("This image has no pixels.", "not_an_image")
    if width * height > limit:
        _refuse(
            f"This image is {width} × {height} pixels ({_megapixels(width * height)}); images "
            f"may have at most {_megapixels(limit)}. Make it smaller and upload it again.",
            "too_many_pixels",
        )
    try:
        frames = _frame_count(image)
    except DECODE_ERRORS:
        _refuse("This image is damaged or incomplete.", "damaged")
    if frames > settings.UPLOAD_MAX_FRAMES or frames * width * height > limit:
        _refuse(
            f"This animation has {frames} frames of {width} × {height} pixels; an animation "
            f"may have at most {settings.UPLOAD_MAX_FRAMES} frames and "
            f"{_megapixels(limit)} in all its frames together. Shorten it or make it "
            "smaller and upload it again.",
            "too_many_pixels",
        )


def _format(image):
    # A camera's multi-picture JPEG (MPO) is kept as its first picture, a plain JPEG.
    return "JPEG" if image.format == "MPO" else image.format


def _frame_count(image):
    return 1 if _format(image) == "JPEG" else getattr(image, "n_frames", 1)


def _to_srgb(frame):
    """Apply an embedded colour profile, so dropping it does not change the colours."""
    profile = frame.info.get("icc_profile")
    if not profile or frame.mode not in ("RGB", "RGBA", "CMYK", "L", "P", "LA"):
        return frame
    if frame.mode in ("P", "LA"):
        frame = frame.convert("RGBA")
    elif frame.mode == "L":
        frame = frame.convert("RGB")
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        out_mode = "RGBA" if frame.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(frame, source, SRGB, outputMode=out_mode)
    except (ImageCms.PyCMSError, *DECODE_ERRORS):
        return frame  # a broken profile is ignored: the pixels are kept as they are


def _pixels_only(frame, image_format, mode, max_size, *, reuse):
    """The frame's pixels (with its palette and transparent colour) in a mode the format
    can write, with no EXIF, profile, comment or other metadata left to be written.
    With `reuse`, a frame that needs no conversion is stripped in place rather than
    copied: a 40-megapixel photo is then held once, not twice."""
    frame = _to_srgb(frame)
    modes = WRITABLE_MODES[image_format]
    if mode is None and frame.mode not in modes:
        mode = "RGBA" if frame.mode in ALPHA_MODES and "RGBA" in modes else modes[0]
    if mode and mode != frame.mode:
        frame = frame.convert(mode)
    elif not reuse:
        frame = frame.copy()
    if max_size:
        frame.thumbnail(max_size, Image.Resampling.LANCZOS)
    transparency = frame.info.get("transparency")
    frame.info = {} if transparency is None else {"transparency": transparency}
    return frame


def _reencode(image, max_size):
    image_format = _format(image)
    animated = _frame_count(image) > 1
    if image_format == "JPEG" and max_size:
        image.draft("RGB", max_size)  # decode at a fraction of the size when shrinking
    # Animation frames may come in different modes (a GIF's first frame is paletted, the
    # rest full colour): one mode for all keeps them alike when shrunk and written.
    mode = "RGBA" if animated else None
    frames, durations = [], []
    for frame in ImageSequence.Iterator(image) if animated else [image]:
        frame.load()
        if image_format == "JPEG":
            ImageOps.exif_transpose(frame, in_place=True)
        durations.append(frame.info.get("duration") or 100)
        frames.append(_pixels_only(frame, image_format, mode, max_size, reuse=not animated))
    options = dict(SAVE_OPTIONS[image_format])
    if animated:
        options.update(save_all=True, append_images=frames[1:], duration=durations)
        if "loop" in image.info:
            options["loop"] = image.info["loop"]
    buffer = io.BytesIO()
    frames[0].save(buffer, image_format, **options)
    return buffer.getvalue()


def _stem(upload_name):
    stem = Path(upload_name or "").stem.strip(". ")
    try:
        return get_valid_filename(stem)[:80]
    except SuspiciousFileOperation:  # nothing usable left of the name
        return "image"


def clean_image(upload, *, max_size=None, name=None):
    """Check an uploaded file and return it re-encoded as a `CleanedImage`, or raise
    `ValidationError` saying why it was refused.

    `max_size` (width, height) shrinks the picture to fit; `name` is the file's stem
    (default: the upload's own name, made safe). The extension always comes from the
    detected format."""
    size = upload.size
    if size is not None and size > settings.UPLOAD_MAX_BYTES:
        _refuse(too_large_message(size), "too_large")
    if size == 0:
        _refuse("The file is empty.", "empty")
    image = _open(upload)
    image_format = _format(image)
    try:
        content = _reencode(image, max_size)
    except (Image.DecompressionBombError, *DECODE_ERRORS):
        _refuse(
            "This image is damaged or incomplete and could not be read. Save it again "
            "from the program that made it and upload it again.",
            "damaged",
        )
    finally:
        image.close()
    stem = name or _stem(upload.name)
    return CleanedImage(content, f"{stem}.{EXTENSIONS[image_format]}", image_format)
