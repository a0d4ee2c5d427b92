"""The admin upload page (permission, report, mapping, confirm), fetch_media against a
local server, and imported videos rendering as the privacy-first embed."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from archive.markdown import render_markdown
from archive.models import Article, MediaItem, Redirect, TermMapping
from archive.wordpress.importer import import_file

from .wordpress_helpers import BLOG, RecordingServer, channel, every_table_count, item

pytestmark = pytest.mark.django_db
URL = "/admin/archive/wordpressitem/import/"


@pytest.fixture
def private_dir(settings, tmp_path):
    settings.WORDPRESS_IMPORT_DIR = tmp_path / "private"
    return settings.WORDPRESS_IMPORT_DIR


def test_staff_without_the_permission_cannot_import(client, django_user_model, private_dir):
    staff = django_user_model.objects.create_user("staff", password="x-long-pass", is_staff=True)
    client.force_login(staff)
    assert client.get(URL).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="import_wordpress"))
    assert client.get(URL).status_code == 200


def test_upload_shows_the_report_then_imports_with_the_chosen_mapping(author_client, private_dir):
    before = every_table_count()
    upload = SimpleUploadedFile("blog.xml", BLOG.read_bytes(), content_type="text/xml")
    page = author_client.post(URL, {"export": upload}).content.decode()
    assert "What the import will do" in page and "Would create:" in page
    assert 'name="term:post_tag:china"' in page
    assert every_table_count() == before  # the report wrote nothing
    stored = list(private_dir.iterdir())
    assert len(stored) == 1 and "media" not in str(stored[0])
    response = author_client.post(
        URL, {"confirm": "1", "term:post_tag:huawei": "nothing", "term:post_tag:china": "nothing"}
    )
    assert "Imported" in response.content.decode()
    assert Article.objects.count() == 6
    assert TermMapping.objects.get(slug="huawei").choice == "nothing"
    assert not Article.objects.filter(countries__code="CN").exists()
    assert list(private_dir.iterdir()) == []  # the upload is gone
    again = author_client.post(URL, {"confirm": "1"}, follow=True)
    assert "upload the file again" in again.content.decode()


def test_a_refused_upload_shows_the_message_and_keeps_nothing(author_client, private_dir):
    upload = SimpleUploadedFile("bad.xml", b'<?xml version="1.0"?><!DOCTYPE x []><rss/>')
    page = author_client.post(URL, {"export": upload}).content.decode()
    assert "bad.xml: contains a DOCTYPE declaration" in page
    assert list(private_dir.iterdir()) == []


def png_bytes():
    out = io.BytesIO()
    Image.new("RGB", (4, 3), "red").save(out, format="PNG")
    return out.getvalue()


def test_fetch_media_copies_verified_images_resumably(tmp_path):
    with RecordingServer(
        routes={
            "/up/shot.png": (200, "image/png", png_bytes()),
            "/up/fake.png": (200, "image/png", b"<html><script>x</script>"),
        }
    ) as server:
        content = (
            f'<img src="{server.url}/up/shot.png" alt="A shot"> '
            f'<img src="{server.url}/up/fake.png">'
        )
        path = tmp_path / "m.xml"
        path.write_text(channel(item(1, content=f"Text.\n\n{content}")))
        import_file(path)
        call_command("fetch_media")
        good = MediaItem.objects.get(original_url__endswith="shot.png")
        bad = MediaItem.objects.get(original_url__endswith="fake.png")
        assert good.file.name.endswith(".png") and Image.open(good.file.path).size == (4, 3)
        assert bad.file.name == ""
        assert bad.fetch_error.startswith("This file is not a JPEG, PNG, WebP or GIF image")
        article = Article.objects.get()
        assert good.file.url in article.body and f"{server.url}/up/shot.png" not in article.body
        assert Redirect.objects.get(old_path="/up/shot.png").new_path == good.file.url
        hits = len(server.hits)
        call_command("fetch_media")  # resumes: nothing left but the failure, not retried
        assert len(server.hits) == hits
        call_command("fetch_media", "--retry")
        assert len(server.hits) == hits + 1


def test_fetched_photos_lose_their_location_and_bombs_are_refused(tmp_path, settings):
    """A copied photo passes the upload check: EXIF (GPS included) does not survive, and a
    picture over the pixel cap is recorded as refused, not decoded."""
    exif = Image.Exif()
    exif[0x8825] = {2: (51.0, 30.0, 0.0), 1: "N"}  # GPSInfo: latitude
    photo = io.BytesIO()
    Image.new("RGB", (8, 6), "blue").save(photo, format="JPEG", exif=exif)
    assert b"Exif" in photo.getvalue()
    huge = io.BytesIO()
    Image.new("1", (9000, 9000)).save(huge, format="PNG")  # 81 MP, a few KB on the wire
    with RecordingServer(
        routes={
            "/up/photo.jpg": (200, "image/jpeg", photo.getvalue()),
            "/up/huge.png": (200, "image/png", huge.getvalue()),
        }
    ) as server:
        path = tmp_path / "m.xml"
        images = f'<img src="{server.url}/up/photo.jpg"> <img src="{server.url}/up/huge.png">'
        path.write_text(channel(item(1, content=f"Text.\n\n{images}")))
        import_file(path)
        call_command("fetch_media")
    photo_item = MediaItem.objects.get(original_url__endswith="photo.jpg")
    with Image.open(photo_item.file.path) as copied:
        assert copied.size == (8, 6) and not copied.getexif()
    assert b"Exif" not in photo_item.file.open("rb").read()
    huge_item = MediaItem.objects.get(original_url__endswith="huge.png")
    assert huge_item.file.name == "" and "pixels" in huge_item.fetch_error


def test_video_addresses_render_as_the_privacy_first_embed():
    html = str(render_markdown("Before\n\n<https://www.youtube.com/watch?v=abcDEF12345>\n\nAfter"))
    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/abcDEF12345?autoplay=1"' in html
    assert "<iframe" not in html and "Watch on YouTube" in html
    forged = str(
        render_markdown('<div class="embed" data-embed-src="javascript:alert(1)">x</div>')
    )
    assert "javascript" not in forged and "data-embed-src" not in forged
