"""/sitemap.xml lists published pages only; /robots.txt points to it; date archives."""

import xml.etree.ElementTree as ET
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from archive.cache import generation, seconds_until_next_change
from tests.factories import ArticleFactory, OutletFactory, PersonFactory, ThemeFactory

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_urls(client):
    """Every address in the sitemap: /sitemap.xml is the index, each entry one page of a
    section."""
    response = client.get(reverse("archive:sitemap"))
    assert response.status_code == 200
    index = ET.fromstring(response.content)  # noqa: S314 - our own output
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    urls = []
    for loc in index.iterfind("s:sitemap/s:loc", NS):
        assert loc.text.startswith("http://testserver/sitemap-")
        page = client.get(loc.text.removeprefix("http://testserver"))
        assert page.status_code == 200
        root = ET.fromstring(page.content)  # noqa: S314 - our own output
        assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
        for lastmod in root.iterfind("s:url/s:lastmod", NS):  # W3C date, as the protocol asks
            datetime.strptime(lastmod.text, "%Y-%m-%d")
        assert all(url.find("s:loc", NS) is not None for url in root.iterfind("s:url", NS))
        urls += [url.text for url in root.iterfind("s:url/s:loc", NS)]
    return urls


def test_sitemap_lists_published_pages_and_never_drafts(client, author_client):
    theme, outlet, person = ThemeFactory(name="Energy"), OutletFactory(), PersonFactory()
    live = ArticleFactory(countries=["kz"], themes=[theme], outlet=outlet, authors=[person])
    draft = ArticleFactory(draft=True, countries=["af"], outlet=OutletFactory(name="Hidden"))
    ArticleFactory(scheduled=True, themes=[ThemeFactory(name="Secret theme")])
    author_client.get(draft.get_absolute_url())
    urls = sitemap_urls(client)
    paths = {url.removeprefix("http://testserver") for url in urls}
    assert live.get_absolute_url() in paths
    assert {"/countries/kz/", f"/themes/{theme.slug}/", outlet.get_absolute_url()} <= paths
    assert person.get_absolute_url() in paths
    assert draft.get_absolute_url() not in paths
    assert "/countries/af/" not in paths
    assert "/themes/secret-theme/" not in paths
    assert "/outlets/hidden/" not in paths
    assert all(url.startswith("http://testserver/") for url in urls)


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.text


def test_year_and_month_archives_list_what_was_published_then(client):
    zone = ZoneInfo("Europe/London")
    ArticleFactory(title="July piece", published_at=datetime(2020, 7, 17, 12, tzinfo=zone))
    ArticleFactory(title="May piece", published_at=datetime(2020, 5, 8, 12, tzinfo=zone))
    ArticleFactory(title="May draft", draft=True, published_at=datetime(2020, 5, 9, tzinfo=zone))
    ArticleFactory(title="Piece from 2019", published_at=datetime(2019, 5, 9, 12, tzinfo=zone))
    year = client.get("/2020/")
    assert year.status_code == 200
    assert "July piece" in year.text and "May piece" in year.text
    assert "May draft" not in year.text and "Piece from 2019" not in year.text
    assert 'href="/2020/05/"' in year.text and 'href="/2019/"' in year.text
    month = client.get("/2020/05/")
    assert "May piece" in month.text and "July piece" not in month.text


@pytest.mark.parametrize("url", ["/2020/13/", "/2020/00/", "/0000/", "/1850/", "/2020/02/"])
def test_impossible_or_empty_dates_are_404_with_a_reason(client, url):
    ArticleFactory(published_at=datetime(2020, 7, 1, 12, tzinfo=ZoneInfo("UTC")))
    response = client.get(url)
    assert response.status_code == 404
    assert "archive" in response.text.lower()


def test_date_archives_list_appearances_beside_writing(client):
    from tests.appearances.factories import AppearanceFactory

    zone = ZoneInfo("Europe/London")
    ArticleFactory(title="April piece", published_at=datetime(2020, 4, 20, 12, tzinfo=zone))
    AppearanceFactory(title="Webinar on the Pamirs")  # 29 April 2020, 18:00 in Kolkata
    AppearanceFactory(title="Draft webinar", draft=True)
    month = client.get("/2020/04/").text
    assert "April piece" in month and "Webinar on the Pamirs" in month
    assert "Draft webinar" not in month
    assert month.index("Webinar on the Pamirs") < month.index("April piece")  # newest first


@pytest.mark.parametrize("size", [2, 30])
def test_sitemap_takes_the_same_queries_small_or_large(
    client, django_assert_max_num_queries, size
):
    from tests.appearances.factories import AppearanceFactory

    for i in range(size):
        theme = ThemeFactory(name=f"Theme {i}")
        ArticleFactory(countries=["kz"], themes=[theme], authors=[PersonFactory()])
        AppearanceFactory(themes=[theme])
    ArticleFactory(draft=True, themes=[ThemeFactory(name="Draft only")])
    # The page cache looks up the next scheduled change once per content generation, for
    # every page at once: not this page's cost.
    seconds_until_next_change(generation(), 60)
    for url in ["/sitemap.xml", "/sitemap-articles.xml", "/sitemap-themes.xml"]:
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200
    paths = {url.removeprefix("http://testserver") for url in sitemap_urls(client)}
    assert sum(path.startswith("/themes/theme-") for path in paths) == size
    assert "/themes/draft-only/" not in paths


def test_long_sections_are_split_into_pages_the_index_lists(client, monkeypatch):
    from archive.sitemaps import ArchiveSitemap

    monkeypatch.setattr(ArchiveSitemap, "limit", 2)
    articles = [ArticleFactory(title=f"Piece {i}") for i in range(5)]
    ArticleFactory(title="Draft", draft=True)
    index = client.get("/sitemap.xml").text
    assert "/sitemap-articles.xml?p=3" in index and "/sitemap-articles.xml?p=4" not in index
    paths = {url.removeprefix("http://testserver") for url in sitemap_urls(client)}
    assert {article.get_absolute_url() for article in articles} <= paths
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_the_index_counts_sections_without_joining_their_articles(client):
    """The index needs each section's number of pages. Counting the rows a section page
    lists (dated by a MAX over every article of every entry) joined every article to every
    country, theme and person; the entries themselves are enough."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from archive.counts import subject_counts

    ArticleFactory(countries=["kz"], themes=[ThemeFactory()], authors=[PersonFactory()])
    seconds_until_next_change(generation(), 60)
    subject_counts()  # once per content generation, for every browse page: not the index's
    with CaptureQueriesContext(connection) as queries:
        index = client.get("/sitemap.xml").text
    assert "/sitemap-themes.xml" in index and "/sitemap-people.xml" in index
    assert not [q["sql"] for q in queries if " JOIN " in q["sql"]]
