"""The sources pages: the sites cited, paged, and each site's own pages; published pieces only."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from citations.models import Source
from citations.sites import cited_sites
from citations.views import SITES_PER_PAGE, SOURCES_PER_PAGE
from tests.factories import ArticleFactory

from .factories import FootnoteFactory, SourceFactory

pytestmark = pytest.mark.django_db
SOURCES = reverse("citations:source_list")


def cite(article, *sources, order=1):
    return FootnoteFactory(article=article, order=order, sources=list(sources))


def dated(n, publisher="Reuters.com", **kwargs):
    """`n` sources of one site, the first the newest."""
    return [
        SourceFactory(
            title=f"Story {i:02}",
            publisher=publisher,
            published_on=date(2020, 1, 1) - timedelta(days=i),
            **kwargs,
        )
        for i in range(n)
    ]


def test_sites_are_listed_by_size_with_their_newest_sources_and_a_link_to_the_rest(client):
    article = ArticleFactory(title="A cited piece")
    reuters = dated(5)
    cite(article, *reuters)
    cite(article, SourceFactory(publisher="kaktus.media", title="Kaktus story"), order=2)
    response = client.get(SOURCES)
    html = response.content.decode()
    assert [(s["name"], s["sources"], s["pieces"]) for s in response.context["sites"]] == [
        ("reuters.com", 5, 1),
        ("kaktus.media", 1, 1),
    ]
    assert "Story 00" in html and "Story 02" in html and "Story 03" not in html
    assert "and 2 more from reuters.com" in html and 'href="?site=reuters.com"' in html
    assert "Kaktus story" in html and "more from kaktus.media" not in html
    assert "6 works from 2 sites" in html


def test_a_sites_page_lists_its_sources_newest_first_with_the_notes_citing_each(client):
    article = ArticleFactory(title="A cited piece")
    reuters = dated(SOURCES_PER_PAGE + 2, publisher="Reuters.com")
    cite(article, *reuters)
    cite(ArticleFactory(title="Another piece"), reuters[0], order=3)
    cite(article, SourceFactory(publisher="kaktus.media", title="Kaktus story"), order=2)
    response = client.get(SOURCES, {"site": "reuters.com"})
    html = response.content.decode()
    assert [s.title for s in response.context["object_list"]][:2] == ["Story 00", "Story 01"]
    assert len(response.context["object_list"]) == SOURCES_PER_PAGE
    assert "Kaktus story" not in html
    assert f'href="{article.get_absolute_url()}#fn-1"' in html and "Another piece" in html
    last = client.get(SOURCES, {"site": "reuters.com", "page": 2})
    assert [s.title for s in last.context["object_list"]] == [
        f"Story {SOURCES_PER_PAGE:02}",
        f"Story {SOURCES_PER_PAGE + 1:02}",
    ]


def test_the_list_of_sites_is_paged(client):
    article = ArticleFactory()
    for i in range(SITES_PER_PAGE + 1):
        cite(article, SourceFactory(publisher=f"site{i:02}.example"), order=i + 1)
    first = client.get(SOURCES)
    assert len(first.context["sites"]) == SITES_PER_PAGE
    assert 'rel="next" href="?page=2"' in first.content.decode()
    second = client.get(SOURCES, {"page": 2})
    assert [s["name"] for s in second.context["sites"]] == [f"site{SITES_PER_PAGE:02}.example"]


def test_sources_cited_only_by_drafts_never_appear(client):
    secret = SourceFactory(title="Secret", publisher="leak.example")
    FootnoteFactory(article=ArticleFactory(draft=True), sources=[secret])
    soon = SourceFactory(title="Soon", publisher="soon.example")
    FootnoteFactory(article=ArticleFactory(scheduled=True), sources=[soon])
    # A public site whose draft citations must not show either.
    public = SourceFactory(title="Public", publisher="leak.example")
    cite(ArticleFactory(title="Public piece"), public)
    FootnoteFactory(article=ArticleFactory(title="Draft piece", draft=True), sources=[public])
    html = client.get(SOURCES).content.decode()
    assert "Secret" not in html and "Soon" not in html and "soon.example" not in html
    site = client.get(SOURCES, {"site": "leak.example"})
    assert [s.title for s in site.context["object_list"]] == ["Public"]
    assert "Draft piece" not in site.content.decode()
    assert client.get(SOURCES, {"site": "soon.example"}).status_code == 404
    assert client.get(secret.get_absolute_url()).status_code == 404
    assert list(Source.objects.published()) == [public]


def test_sources_can_be_narrowed_to_a_country(client):
    cite(ArticleFactory(countries=["kz"]), SourceFactory(title="In", publisher="a.example"))
    cite(ArticleFactory(countries=["gb"]), SourceFactory(title="Out", publisher="b.example"))
    response = client.get(SOURCES, {"country": "kz"})
    html = response.content.decode()
    assert ">In<" in html and ">Out<" not in html
    assert [(str(c.code), c.n) for c in response.context["countries"]] == [("KZ", 1), ("GB", 1)]
    site = client.get(SOURCES, {"country": "kz", "site": "a.example"})
    assert ">In<" in site.content.decode()
    missing = client.get(SOURCES, {"country": "kz", "site": "b.example"})
    assert missing.status_code == 404
    assert "No source from “b.example” is cited in pieces about Kazakhstan" in (
        missing.content.decode()
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"country": "kzz"}, "two-letter code"),
        ({"country": "qq"}, "There is nothing at this address"),
        ({"site": "nowhere.example"}, "No source from “nowhere.example” is cited"),
        ({"page": "two"}, "not a number"),
        ({"page": "3"}, "There is no page 3: this list has 1 page."),
        ({"site": "reuters.com", "page": "9"}, "There is no page 9"),
    ],
)
def test_bad_addresses_say_what_is_wrong(client, query, message):
    cite(ArticleFactory(), SourceFactory(publisher="Reuters.com"))
    response = client.get(SOURCES, query)
    assert response.status_code == 404
    assert message in response.content.decode()


def test_a_source_address_leads_to_the_page_of_its_site_that_shows_it(client):
    reuters = dated(SOURCES_PER_PAGE + 3)
    cite(ArticleFactory(), *reuters)
    response = client.get(reuters[SOURCES_PER_PAGE + 1].get_absolute_url())
    target = f"{SOURCES}?site=reuters.com&page=2#source-{reuters[SOURCES_PER_PAGE + 1].pk}"
    assert response.status_code == 302 and response["Location"] == target
    page = client.get(target.split("#")[0]).content.decode()
    assert f'id="source-{reuters[SOURCES_PER_PAGE + 1].pk}"' in page
    first = client.get(reuters[0].get_absolute_url())["Location"]
    assert first == f"{SOURCES}?site=reuters.com#source-{reuters[0].pk}"


def test_sources_pages_need_a_fixed_number_of_queries(
    client, settings, django_assert_max_num_queries
):
    call_command("load_demo", stdout=StringIO())
    settings.PAGE_CACHE_SECONDS = 0  # the views' own queries
    biggest = cited_sites()[0]["site"]
    for query in ({}, {"country": "kz"}, {"site": biggest}, {"site": biggest, "country": "kz"}):
        # Cold, the sites are counted and listed (once per content generation), and the
        # next scheduled change is looked up; warm, only what the page shows is read.
        cache.clear()
        with django_assert_max_num_queries(8):
            response = client.get(SOURCES, query)
        assert response.status_code == 200
        with django_assert_max_num_queries(3):
            client.get(SOURCES, query)
    response = client.get(SOURCES)
    assert response.context["source_count"] == 64
    assert response.context["site_count"] == 39


def test_every_title_on_the_sources_pages_is_a_link(client):
    article = ArticleFactory()
    with_url = SourceFactory(title="Has an address", url="https://example.org/story")
    address = SourceFactory(title="https://kun.uz/news/2020/03/15/abc", publisher="kun.uz")
    bare = SourceFactory(title="www.akorda.kz/ru/events", publisher="akorda.kz")
    plain = SourceFactory(title="Just a title", publisher="kun.uz")
    cite(article, with_url, address, bare, plain)
    html = (
        client.get(SOURCES).content.decode()
        + client.get(f"{SOURCES}?site=kun.uz").content.decode()
    )
    assert '<a href="https://example.org/story">Has an address</a>' in html
    assert (
        '<a href="https://kun.uz/news/2020/03/15/abc">https://kun.uz/news/2020/03/15/abc</a>'
    ) in html
    assert '<a href="https://www.akorda.kz/ru/events">www.akorda.kz/ru/events</a>' in html
    assert f'<a href="{plain.get_absolute_url()}">Just a title</a>' in html


def test_sources_show_authors_journal_numbers_and_dates_as_precise_as_known(client):
    journal = SourceFactory(
        title="The Rise",
        kind="journal",
        authors="Hegghammer, Thomas",
        publisher="International Security",
        volume="35",
        issue="3",
        pages="53–94",
        doi="10.1162/ISEC_a_00023",
        published_on=date(2010, 1, 1),
        date_precision="year",
    )
    report = SourceFactory(
        title="Rivalries",
        authors="Stronski, Paul\nNg, Nicole",
        publisher="Carnegie",
        published_on=date(2018, 2, 1),
        date_precision="month",
    )
    cite(ArticleFactory(), journal, report)
    html = client.get(SOURCES).content.decode()
    assert (
        'Thomas Hegghammer · International Security 35(3): 53–94, <time datetime="2010">2010'
        "</time>"
    ) in html
    assert '<a href="https://doi.org/10.1162/ISEC_a_00023">doi:10.1162/ISEC_a_00023</a>' in html
    assert 'Paul Stronski and Nicole Ng · Carnegie, <time datetime="2018-02">February 2018' in html
