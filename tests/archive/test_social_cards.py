"""Every public page names an og:image: its own picture, or a card drawn for it."""

import io
import re
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image

from tests.factories import ArticleFactory, OutletFactory

pytestmark = pytest.mark.django_db


def og_image(html):
    found = re.search(r'<meta property="og:image" content="([^"]+)">', html)
    return found and found.group(1)


def stored(settings, url):
    return Path(settings.MEDIA_ROOT) / url.split("/media/", 1)[1]


def test_article_gets_a_card_png_drawn_once_and_reused(client, settings):
    article = ArticleFactory(title="China and the Taliban", outlet=OutletFactory(name="RUSI"))
    first = og_image(client.get(article.get_absolute_url()).content.decode())
    assert first and first.startswith("http://testserver/media/social-cards/")
    path = stored(settings, first)
    with Image.open(io.BytesIO(path.read_bytes())) as card:
        assert card.format == "PNG" and card.size == (1200, 630)
    made = path.stat().st_mtime_ns
    again = og_image(client.get(article.get_absolute_url()).content.decode())
    assert again == first and path.stat().st_mtime_ns == made


@pytest.mark.parametrize(
    "name", ["archive:home", "archive:country_list", "archive:outlet_list", "archive:theme_list"]
)
def test_lists_and_home_have_an_og_image(client, name):
    ArticleFactory()
    assert og_image(client.get(reverse(name)).content.decode())


def test_a_draft_preview_draws_no_card(admin_client, settings):
    draft = ArticleFactory(title="Secret draft title", draft=True)
    html = admin_client.get(draft.get_absolute_url()).content.decode()
    assert og_image(html) is None
    assert not (Path(settings.MEDIA_ROOT) / "social-cards").exists()
