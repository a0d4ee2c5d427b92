"""Uploaded files, when Django serves them itself: in debug, or with `SERVE_MEDIA` on for
a single-box install without a front proxy. In production the proxy serves `/media/`
(deploy/nginx.conf), with the same headers as here.

An uploaded file must never be able to act as a page of the site. So every file is sent
with `X-Content-Type-Options: nosniff` (a browser never guesses HTML or script from the
bytes), a Content-Security-Policy that sandboxes it and allows it nothing (opened as a
document it runs no script and has an origin of its own), and a type chosen from the
extension among the four image types only; anything else (a file stored before uploads
were cleaned, or put there by hand) is sent as `application/octet-stream` with
`Content-Disposition: attachment`, so it is downloaded, never displayed.
"""

from pathlib import PurePosixPath

from django.conf import settings
from django.http import Http404
from django.views.decorators.http import require_safe
from django.views.static import serve

IMAGE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
}
MEDIA_CSP = "sandbox; default-src 'none'"


@require_safe
def serve_media(request, path):
    if not settings.SERVE_MEDIA:
        raise Http404("Media files are served by the front proxy.")
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    content_type = IMAGE_TYPES.get(PurePosixPath(path).suffix.lower())
    if content_type:
        response["Content-Type"] = content_type
    else:
        response["Content-Type"] = "application/octet-stream"
        response["Content-Disposition"] = "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_CSP
    return response
