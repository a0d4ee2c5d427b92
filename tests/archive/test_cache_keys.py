"""The page cache keys a page on its address and the query parameters its view reads, so
junk in a query string is served the stored page and never makes an entry of its own, and
never shows up in a page another visitor is served."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from tests.appearances.factories import AppearanceFactory
from tests.factories import ArticleFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 3600


@pytest.fixture
def site():
    theme = ThemeFactory(name="Energy")
    article = ArticleFactory(slug="piece", countries=["kz"], themes=[theme])
    appearance = AppearanceFactory(slug="talk")
    return {
        "home": reverse("archive:home"),
        "list": reverse("archive:article_list"),
        "article": article.get_absolute_url(),
        "theme": theme.get_absolute_url(),
        "feed": reverse("archive:feed"),
        "calendar": reverse("appearances:calendar"),
        "appearances": reverse("appearances:list"),
        "appearance": appearance.get_absolute_url(),
        "sources": reverse("citations:source_list"),
        "search": reverse("archive:search") + "?q=piece",
        "sitemap": reverse("archive:sitemap_section", args=["articles"]),
    }


def page_keys():
    return {key for key in cache._cache if ":page:" in key}


def join(url, query):
    return f"{url}{'&' if '?' in url else '?'}{query}"


def test_two_hundred_junk_requests_add_no_cache_entries(site):
    visitor = Client()
    plain = {url: visitor.get(url).content for url in site.values()}
    keys = page_keys()
    assert len(keys) == len(site)
    for n in range(200):
        url = list(site.values())[n % len(site)]
        response = visitor.get(join(url, f"zz={n}&utm_source=x{n}"))
        assert response.status_code == 200
        assert response.content == plain[url]
    assert page_keys() == keys


def test_junk_values_of_a_filter_add_no_cache_entries(site):
    visitor = Client()
    for url in (site["list"], site["appearances"], site["search"]):
        visitor.get(url)
    keys = page_keys()
    for n in range(20):
        for query in (f"theme=junk{n}", f"year=x{n}", f"kind=nothing{n}"):
            for url in (site["list"], site["appearances"]):
                assert visitor.get(join(url, query)).status_code == 200
        assert visitor.get(join(site["search"], f"type=junk{n}")).status_code == 200
        assert visitor.get(join(site["search"], f"page={n + 2}")).status_code == 200
    assert page_keys() == keys


def test_a_parameter_no_view_reads_never_reaches_a_page(site):
    visitor = Client()
    html = visitor.get(site["list"] + "?zz=planted&country=kz").text
    assert "planted" not in html
    assert "country=kz" in html  # what the view does read is still there...
    assert "Article number" not in visitor.get(site["list"] + "?zz=1&kind=report").text
    html = visitor.get(site["search"].replace("piece", "Казахстан") + "&zz=1").text
    assert 'value="Казахстан"' in html  # ...as it was sent


def test_the_same_parameters_in_another_order_are_one_entry(site):
    visitor = Client()
    first = visitor.get(site["list"] + "?country=kz&theme=energy")
    keys = page_keys()
    second = visitor.get(site["list"] + "?theme=energy&country=kz")
    assert second.content == first.content and page_keys() == keys


STAFF_ONLY = ("admin/", "markdownx/", "exports/", "media/")


def test_every_public_view_says_which_parameters_it_reads():
    undeclared = []

    def walk(patterns, prefix=""):
        for pattern in patterns:
            path = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, path)
            elif not path.startswith(STAFF_ONLY):
                view = getattr(pattern.callback, "view_class", pattern.callback)
                if getattr(view, "page_cache_query", None) is None:
                    undeclared.append(path)

    walk(get_resolver().url_patterns)
    assert not undeclared, "Declare with archive.cache.reads_query: " + ", ".join(undeclared)
