"""Page titles fit in 70 characters, and filtered lists say what they list."""

import re

import pytest
from django.urls import reverse

from tests.appearances.factories import AppearanceFactory
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def title(client, url):
    html = client.get(url).content.decode()
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def test_a_long_headline_is_cut_at_a_word_and_keeps_the_site_name(client, settings):
    article = ArticleFactory(
        title="Beijing’s security footprint in Central Asia grows as Russia looks away and "
        "the region's governments hedge their bets"
    )
    shown = title(client, article.get_absolute_url())
    assert len(shown) <= 70
    assert shown.startswith("Beijing’s security footprint") and "…" in shown
    assert shown.endswith(f" · {settings.SITE_TITLE}")
    og = re.search(
        r'property="og:title" content="([^"]+)"',
        client.get(article.get_absolute_url()).content.decode(),
    )
    assert og and og.group(1) != ""


def test_every_listed_page_title_is_under_70_characters(client):
    article = ArticleFactory(countries=["cn"], title="A" * 40 + " " + "b" * 60)
    appearance = AppearanceFactory(title="An appearance with a really rather long title indeed ok")
    for url in (
        "/",
        reverse("archive:article_list"),
        article.get_absolute_url(),
        appearance.get_absolute_url(),
        reverse("archive:country_list"),
        "/countries/cn/",
    ):
        assert len(title(client, url)) <= 70, url


def test_filtered_lists_have_distinct_titles(client):
    ArticleFactory(countries=["cn"])
    AppearanceFactory(countries=["cn"])
    plain = title(client, reverse("archive:article_list"))
    china = title(client, reverse("archive:article_list") + "?country=cn")
    assert plain != china and china.startswith("Writing: China")
    assert title(client, reverse("appearances:list") + "?country=cn").startswith(
        "Appearances: China"
    )
