"""Public addresses answer GET and HEAD (OPTIONS lists them); any other method is a 405
naming what is allowed. The admin's forms and the staff tools still take their POSTs."""

import pytest
from django.urls import reverse

from tests.appearances.factories import AppearanceFactory
from tests.factories import ArticleFactory, ThemeFactory
from tests.signin import verified_login

pytestmark = pytest.mark.django_db

ALLOW = {"GET", "HEAD", "OPTIONS"}


@pytest.fixture
def public_urls():
    theme = ThemeFactory(name="Energy")
    article = ArticleFactory(slug="piece", countries=["kz"], themes=[theme])
    appearance = AppearanceFactory(slug="talk")
    return [
        reverse("archive:home"),
        reverse("archive:feed"),
        reverse("archive:country_feed", args=["kz"]),
        reverse("archive:theme_feed", args=[theme.slug]),
        reverse("appearances:feed"),
        reverse("appearances:calendar"),
        reverse("appearances:appearance_calendar", args=[appearance.slug]),
        reverse("archive:sitemap"),
        reverse("archive:sitemap_section", args=["articles"]),
        reverse("archive:robots"),
        reverse("archive:security_txt"),
        reverse("citations:article_sources", args=[article.slug, "ris"]),
        article.get_absolute_url(),
        appearance.get_absolute_url(),
        reverse("archive:search") + "?q=piece",
    ]


def allowed(response):
    return {method.strip() for method in response["Allow"].split(",")}


@pytest.mark.parametrize("method", ["TRACE", "POST", "PUT", "PATCH", "DELETE", "CONNECT"])
def test_public_addresses_refuse_other_methods_with_405_and_allow(client, public_urls, method):
    for url in public_urls:
        response = client.generic(method, url)
        assert response.status_code == 405, (method, url)
        assert allowed(response) <= ALLOW and {"GET", "HEAD"} <= allowed(response), url
        assert b"Piece" not in response.content and b"BEGIN:VCALENDAR" not in response.content


def test_public_addresses_answer_get_head_and_options(client, public_urls):
    for url in public_urls:
        assert client.get(url).status_code == 200, url
        assert client.head(url).status_code == 200, url
        response = client.options(url)
        assert response.status_code == 200, url
        assert allowed(response) == ALLOW, url


def test_the_admin_still_takes_its_posts(client, author):
    response = client.post(
        reverse("admin:login"),
        {"username": "author", "password": "a-long-test-password", "next": "/admin/"},
    )
    assert response.status_code == 302
    # Past the password, the second factor's step is a form too.
    verified_login(client, author)
    response = client.post(reverse("markdownx_markdownify"), {"content": "*hi*"})
    assert response.status_code == 200 and b"<em>hi</em>" in response.content
    response = client.post(reverse("admin:archive_theme_add"), {"name": "Water", "slug": "w"})
    assert response.status_code == 302
