"""Uploads through the Markdown editor: only real images, re-encoded, stripped, capped,
and refused with a message that says why; only for staff who may change articles."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from archive.admin_views import MarkdownImageUploadView
from tests.archive.payloads import (
    HTML,
    JS,
    SVG,
    animated_gif,
    bomb_png,
    image_bytes,
    polyglot_gif,
)

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def upload(client, data, name="picture.png", content_type="image/png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile(name, data, content_type=content_type)
    return client.post(
        reverse("markdownx_upload"),
        {"image": file},
        headers={"x-requested-with": "XMLHttpRequest"},
    )


def stored_files():
    media = Path(settings.MEDIA_ROOT)
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


def stored_path(response):
    url = json.loads(response.content)["image_code"].removeprefix("![](").removesuffix(")")
    return url, Path(settings.MEDIA_ROOT) / url.removeprefix(settings.MEDIA_URL).lstrip("/")


@pytest.mark.parametrize(
    ("payload", "name", "declared"),
    [
        (HTML, "notes.html", "image/gif"),
        (SVG, "logo.svg", "image/png"),
        (JS, "app.js", "image/gif"),
    ],
)
def test_page_svg_or_script_declared_as_an_image_is_refused_and_nothing_stored(
    editor_client, payload, name, declared
):
    response = upload(editor_client, payload, name, declared)
    assert response.status_code == 400
    assert "not a JPEG, PNG, WebP or GIF image" in response.json()["error"]
    assert stored_files() == []


def test_gif_that_is_also_a_page_is_stored_as_a_fresh_gif_named_for_its_format(editor_client):
    payload = polyglot_gif()
    response = upload(editor_client, payload, "evil.html", "image/gif")
    assert response.status_code == 200
    url, path = stored_path(response)
    assert path.suffix == ".gif"
    stored = path.read_bytes()
    assert stored != payload
    assert b"script" not in stored and b"pwned" not in stored
    assert Image.open(path).size == (500, 1)  # shrunk to the editor's 500 pixels


def test_upload_folder_has_the_year_and_month_expanded(editor_client):
    url, path = stored_path(upload(editor_client, image_bytes()))
    month = timezone.localtime().strftime("%Y/%m")
    assert url.startswith(f"/media/uploads/{month}/")
    assert "%" not in url
    assert path.is_file()


def test_photo_loses_its_gps_position_and_comment_but_stays_upright(editor_client):
    photo = Image.new("RGB", (40, 20), "#336699")
    exif = photo.getexif()
    exif[0x0112] = 6  # orientation: the camera was turned; rotate 90° to show
    exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 30.0, 12.5)})  # GPS latitude
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", exif=exif, comment=b"Home, Clapham")
    assert b"Clapham" in buffer.getvalue()

    response = upload(editor_client, buffer.getvalue(), "IMG_0001.JPG", "image/jpeg")
    _, path = stored_path(response)
    stored = Image.open(path)
    assert path.suffix == ".jpg"
    assert stored.size == (20, 40)  # the orientation was applied before EXIF was dropped
    assert not stored.getexif()
    assert b"Exif" not in path.read_bytes() and b"Clapham" not in path.read_bytes()


def test_png_text_and_colour_profile_are_not_carried_over(editor_client):
    from PIL import ImageCms, PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "someone@example.org")
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = image_bytes("PNG", pnginfo=text, icc_profile=profile)
    _, path = stored_path(upload(editor_client, data))
    assert Image.open(path).info == {}
    assert b"someone@example.org" not in path.read_bytes()


def test_declared_type_does_not_matter_the_bytes_do(editor_client):
    response = upload(editor_client, image_bytes("WEBP"), "photo.gif", "image/gif")
    _, path = stored_path(response)
    assert path.suffix == ".webp"
    assert Image.open(path).format == "WEBP"


def test_large_picture_is_shrunk_to_fit_the_editor(editor_client):
    _, path = stored_path(upload(editor_client, image_bytes("PNG", size=(2000, 1000))))
    assert Image.open(path).size == (500, 250)


def test_animated_gif_keeps_its_frames_and_timing(editor_client):
    response = upload(editor_client, animated_gif(6, duration=120), "spinner.gif", "image/gif")
    _, path = stored_path(response)
    stored = Image.open(path)
    assert stored.n_frames == 6
    assert stored.info["duration"] == 120
    assert stored.info["loop"] == 0


def test_animation_over_the_pixel_budget_is_refused(editor_client, settings):
    settings.UPLOAD_MAX_PIXELS = 40 * 30 * 10  # room for 10 frames of 40 × 30
    response = upload(editor_client, animated_gif(12), "long.gif", "image/gif")
    assert response.status_code == 400
    assert "12 frames of 40 × 30 pixels" in response.json()["error"]
    assert stored_files() == []


def test_damaged_image_is_refused_with_a_message(editor_client):
    whole = io.BytesIO()
    Image.effect_noise((300, 300), 60).convert("RGB").save(whole, "JPEG")
    response = upload(editor_client, whole.getvalue()[:3000], "cut.jpg", "image/jpeg")
    assert response.status_code == 400
    assert "damaged or incomplete" in response.json()["error"]
    assert stored_files() == []


def test_image_over_the_pixel_cap_is_refused_naming_its_size(editor_client):
    response = upload(editor_client, bomb_png(8000, 6000))
    assert response.status_code == 400
    assert response.json()["error"].startswith("This image is 8000 × 6000 pixels (48 megapixels)")


@pytest.mark.parametrize("side", [13000, 20000])
def test_decompression_bomb_gets_a_quick_400_and_little_memory(side, tmp_path):
    """In a process of its own, so its peak memory is the request's: before, the 13000²
    PNG took ~700 MB and seconds, the 20000² one was a 500."""
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(bomb_png(side, side))
    script = f"""
import os, resource, time, django
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test import Client
from django.core.management import call_command
call_command("migrate", verbosity=0, run_syncdb=True)
user = User.objects.create_user("e", is_staff=True)
user.user_permissions.add(Permission.objects.get(codename="change_article"))
client = Client()
client.force_login(user)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
with open({str(bomb)!r}, "rb") as f:
    response = client.post("/markdownx/upload/", {{"image": f}})
print(response.status_code, time.perf_counter() - start,
      (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024)
print(response.json()["error"])
"""
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SECRET_KEY": "x",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_PLAIN_STATIC": "1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    figures, message = result.stdout.strip().splitlines()
    status, seconds, megabytes = figures.split()
    assert status == "400"
    assert "megapixels" in message
    assert float(seconds) < 2
    assert float(megabytes) < 50
    assert not (tmp_path / "media").exists()


def test_file_over_the_byte_cap_is_refused_naming_both_sizes(editor_client, settings):
    settings.UPLOAD_MAX_BYTES = 100_000
    noisy = io.BytesIO()
    Image.effect_noise((400, 400), 80).convert("RGB").save(noisy, "PNG")
    assert len(noisy.getvalue()) > 100_000
    response = upload(editor_client, noisy.getvalue())
    assert response.status_code == 400
    assert "an image may be at most 97.7\xa0KB" in response.json()["error"]
    assert stored_files() == []


def test_upload_declared_over_the_cap_is_refused_before_its_body_is_read(editor):
    class Unreadable(io.RawIOBase):
        def read(self, *args):
            raise AssertionError("the body was read")

    request = RequestFactory().post(
        "/markdownx/upload/",
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
    )
    request.META["wsgi.input"] = Unreadable()
    request._stream = Unreadable()
    request.user = editor
    response = MarkdownImageUploadView.as_view()(request)
    assert response.status_code == 400
    assert "This file is 200.0\xa0MB" in json.loads(response.content)["error"]


def test_bytes_past_the_cap_are_dropped_while_the_request_is_read(settings):
    from django.core.files.uploadhandler import (
        MemoryFileUploadHandler,
        TemporaryFileUploadHandler,
    )
    from django.http.multipartparser import MultiPartParser
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    from archive.uploads import OversizedUpload, UploadSizeLimitHandler

    settings.UPLOAD_MAX_BYTES = 1000
    body = encode_multipart(BOUNDARY, {"image": io.BytesIO(b"x" * 5000), "title": "kept"})
    handlers = [UploadSizeLimitHandler(), MemoryFileUploadHandler(), TemporaryFileUploadHandler()]
    meta = {"CONTENT_TYPE": MULTIPART_CONTENT, "CONTENT_LENGTH": str(len(body))}
    post, files = MultiPartParser(meta, io.BytesIO(body), handlers).parse()
    assert post["title"] == "kept"
    assert isinstance(files["image"], OversizedUpload)
    assert files["image"].size == 5000
    assert files["image"].read() == b""


def test_staff_without_the_article_permission_cannot_upload(staff_client):
    response = upload(staff_client, image_bytes())
    assert response.status_code == 403
    assert "permission to change articles" in response.json()["error"]
    assert stored_files() == []


def test_anonymous_visitor_cannot_upload():
    response = upload(Client(), image_bytes())
    assert response.status_code == 403
    assert "You are signed out" in response.json()["error"]
    assert stored_files() == []


def test_upload_still_checks_the_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = upload(client, image_bytes())
    assert response.status_code == 403
    assert stored_files() == []


def test_preview_needs_staff_who_may_edit_some_markdown(staff_client, django_user_model):
    url = reverse("markdownx_markdownify")
    assert staff_client.post(url, {"content": "**hi**"}).status_code == 403
    booker = django_user_model.objects.create_user(username="booker", is_staff=True)
    booker.user_permissions.add(Permission.objects.get(codename="change_appearance"))
    client = Client()
    client.force_login(booker)
    response = client.post(url, {"content": "**hi**"})
    assert response.status_code == 200
    assert "<strong>hi</strong>" in response.content.decode()
