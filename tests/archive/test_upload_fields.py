"""The admin's image fields (article pictures, the about page's photo) go through the
same cleaning as the editor's uploads, and a refusal keeps everything else typed."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from archive.models import Article, ArticleImage, AuthorProfile
from tests.archive.payloads import HTML, SVG, polyglot_gif
from tests.archive.test_admin import article_form
from tests.factories import ArticleFactory, OutletFactory, PersonFactory

pytestmark = pytest.mark.django_db


def with_picture(outlet, file, **overrides):
    return article_form(
        outlet,
        **{
            "images-TOTAL_FORMS": "1",
            "images-0-image": file,
            "images-0-alt_text": "A map of the Wakhan corridor",
            "images-0-order": "0",
            **overrides,
        },
    )


def test_page_declared_as_a_picture_is_refused_and_the_article_kept_in_the_form(author_client):
    outlet = OutletFactory()
    file = SimpleUploadedFile("map.html", HTML, content_type="image/png")
    response = author_client.post(reverse("admin:archive_article_add"), with_picture(outlet, file))
    assert response.status_code == 200
    html = response.content.decode()
    assert "not a JPEG, PNG, WebP or GIF image" in html
    assert "Beware the spirit of the Wolf Warrior" in html  # what was typed is still there
    assert "A map of the Wakhan corridor" in html
    assert not Article.objects.exists()
    assert not ArticleImage.objects.exists()


def test_picture_is_stored_re_encoded_under_its_detected_format(author_client):
    outlet = OutletFactory()
    file = SimpleUploadedFile("map.html", polyglot_gif(), content_type="image/gif")
    response = author_client.post(reverse("admin:archive_article_add"), with_picture(outlet, file))
    assert response.status_code == 302
    picture = ArticleImage.objects.get()
    assert picture.image.name.startswith(f"articles/{timezone.localtime():%Y}/map")
    assert picture.image.name.endswith(".gif")
    stored = Path(picture.image.path).read_bytes()
    assert b"script" not in stored
    assert Image.open(picture.image.path).size == (0x2A2F, 1)  # full size: no editor shrink


def test_oversized_picture_is_refused_naming_its_size_and_the_form_is_kept(
    author_client, settings
):
    settings.UPLOAD_MAX_BYTES = 50_000
    noisy = io.BytesIO()
    Image.effect_noise((300, 300), 80).convert("RGB").save(noisy, "PNG")
    file = SimpleUploadedFile("big.png", noisy.getvalue(), content_type="image/png")
    response = author_client.post(
        reverse("admin:archive_article_add"), with_picture(OutletFactory(), file)
    )
    html = response.content.decode()
    size = len(noisy.getvalue()) / 1024
    assert f"This file is {size:.1f}\xa0KB; an image may be at most 48.8\xa0KB" in html
    assert "Beware the spirit of the Wolf Warrior" in html
    assert not ArticleImage.objects.exists()


def test_about_page_photo_loses_its_gps_position(author_client):
    profile = AuthorProfile.objects.create(person=PersonFactory(name="Ada Analyst"))
    photo = Image.new("RGB", (30, 30), "#777")
    exif = photo.getexif()
    exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 30.0, 12.5)})
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", exif=exif)
    data = {
        "person": profile.person.pk,
        "photo": SimpleUploadedFile("me.jpeg", buffer.getvalue(), content_type="image/jpeg"),
        "photo_alt": "Ada at her desk",
    }
    response = author_client.post(
        reverse("admin:archive_authorprofile_change", args=[profile.pk]), data
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.photo.name == "profile/me.jpg"
    assert not Image.open(profile.photo.path).getexif()


def test_image_field_offers_only_the_four_formats(author_client):
    profile = AuthorProfile.objects.create(person=PersonFactory(name="Ada Analyst"))
    html = author_client.get(
        reverse("admin:archive_authorprofile_change", args=[profile.pk])
    ).content.decode()
    assert 'accept="image/jpeg,image/png,image/webp,image/gif"' in html


def test_saving_a_model_with_an_unclean_file_cleans_it_or_refuses_it():
    article = ArticleFactory()
    picture = ArticleImage.objects.create(
        article=article, image=SimpleUploadedFile("x.svg", polyglot_gif()), alt_text="x"
    )
    assert picture.image.name.endswith(".gif")
    assert b"script" not in Path(picture.image.path).read_bytes()
    with pytest.raises(ValidationError, match="not a JPEG, PNG, WebP or GIF"):
        ArticleImage.objects.create(
            article=article, image=SimpleUploadedFile("logo.svg", SVG), alt_text="x"
        )
    assert len(list(Path(settings.MEDIA_ROOT).rglob("*.*"))) == 1


def test_pixels_and_transparency_survive_the_re_encoding():
    picture = Image.new("RGBA", (20, 10), (200, 30, 30, 255))
    picture.putpixel((0, 0), (0, 0, 0, 0))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    stored = ArticleImage.objects.create(
        article=ArticleFactory(),
        image=SimpleUploadedFile("dot.png", buffer.getvalue()),
        alt_text="x",
    )
    again = Image.open(stored.image.path).convert("RGBA")
    assert again.getpixel((0, 0))[3] == 0
    assert again.getpixel((5, 5)) == (200, 30, 30, 255)
