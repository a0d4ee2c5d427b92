"""/media/ is never a page of the site: whoever serves it (Django itself in debug or on a
single box, or the shipped nginx configuration in front of the live server), images go
out as images and anything else as a download, all sandboxed and never sniffed."""

import http.client
import json
import ssl
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.archive.payloads import HTML, SVG, image_bytes

SANDBOX = "sandbox; default-src 'none'"


@pytest.fixture
def media_files(settings):
    """What the media folder may hold: a cleaned upload, and files stored before uploads
    were cleaned (the old endpoint kept any name and bytes)."""
    folder = Path(settings.MEDIA_ROOT) / "uploads" / "2024" / "05"
    folder.mkdir(parents=True)
    files = {
        "picture.png": image_bytes("PNG"),
        "photo.JPG": image_bytes("JPEG"),
        "old.html": HTML,
        "old.svg": SVG,
        "old.js": b"window.pwned=1",
        "noextension": HTML,
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return {name: f"/media/uploads/2024/05/{name}" for name in files}


def fetch(base, path, method="GET", body=None, headers=None):
    """One request, no redirects followed, the self-signed certificate accepted."""
    parts = urlsplit(base)
    if parts.scheme == "https":
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connection = http.client.HTTPSConnection(parts.hostname, parts.port, context=context)
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def assert_image(status, headers, content_type):
    assert status == 200
    assert headers["content-type"] == content_type
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["content-security-policy"] == SANDBOX
    assert headers.get("content-disposition", "inline").startswith("inline")


def assert_download(status, headers):
    assert status == 200
    assert headers["content-type"] == "application/octet-stream"
    assert headers["content-disposition"] == "attachment"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["content-security-policy"] == SANDBOX


@pytest.mark.django_db
def test_django_serves_images_as_images_and_the_rest_as_sandboxed_downloads(
    client, settings, media_files
):
    settings.SERVE_MEDIA = True
    response = client.get(media_files["picture.png"])
    assert_image(response.status_code, response.headers, "image/png")
    response = client.get(media_files["photo.JPG"])
    assert_image(response.status_code, response.headers, "image/jpeg")
    for name in ("old.html", "old.svg", "old.js", "noextension"):
        response = client.get(media_files[name])
        assert_download(response.status_code, response.headers)


@pytest.mark.django_db
def test_django_does_not_serve_media_unless_asked(client, settings, media_files):
    settings.SERVE_MEDIA = False
    assert client.get(media_files["picture.png"]).status_code == 404
    settings.SERVE_MEDIA = True
    assert client.get("/media/uploads/2024/05/").status_code == 404  # no folder listings
    client.raise_request_exception = False
    assert client.get("/media/%2e%2e/config/settings.py").status_code in (400, 404)
    assert client.post(media_files["picture.png"]).status_code == 405


@pytest.mark.django_db(transaction=True)
def test_shipped_nginx_config_serves_media_safely(nginx, settings, media_files):
    https, _ = nginx
    settings.SERVE_MEDIA = False  # the proxy serves media; Django is never asked
    assert_image(*fetch(https, media_files["picture.png"])[:2], "image/png")
    assert_image(*fetch(https, media_files["photo.JPG"])[:2], "image/jpeg")
    for name in ("old.html", "old.svg", "old.js", "noextension"):
        status, headers, body = fetch(https, media_files[name])
        assert_download(status, headers)
    status, _, _ = fetch(https, "/media/uploads/2024/05/")
    assert status in (403, 404)
    assert fetch(https, "/media/nothing-here.png")[0] == 404


@pytest.mark.django_db(transaction=True)
def test_shipped_nginx_config_passes_pages_to_django_over_https(nginx):
    https, http = nginx
    status, headers, body = fetch(https, "/")
    assert status == 200
    assert "script-src 'self'" in headers["content-security-policy"]  # Django's page policy
    assert b"<!doctype html>" in body.lower()
    status, headers, _ = fetch(http, "/articles/?page=2")
    assert status == 301
    assert headers["location"] == "https://localhost/articles/?page=2"


@pytest.mark.django_db(transaction=True)
def test_shipped_nginx_config_refuses_oversized_uploads_before_django(nginx):
    https, _ = nginx
    limit = 11 * 1024 * 1024
    status, headers, body = fetch(
        https,
        "/markdownx/upload/",
        method="POST",
        body=b"x" * (limit + 1),
        headers={"Content-Type": "application/octet-stream"},
    )
    assert status == 413
    assert headers["content-type"] == "application/json"  # the editor shows its message
    assert "over 10 MB" in json.loads(body)["error"]
