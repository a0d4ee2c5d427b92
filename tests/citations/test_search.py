"""Cited sources in site search: found while a published article cites them, never before."""

import pytest
from django.urls import reverse

from archive.search import search
from tests.factories import ArticleFactory

from .factories import FootnoteFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_source_is_found_only_while_a_published_article_cites_it(author_client, client):
    cited = SourceFactory(title="Ferghana valley water report", publisher="Fergana.news")
    hidden = SourceFactory(title="Ferghana valley draft memo", publisher="example.org")
    SourceFactory(title="Ferghana valley uncited", publisher="example.org")
    FootnoteFactory(article=ArticleFactory(), sources=[cited])
    draft = ArticleFactory(draft=True)
    FootnoteFactory(article=draft, sources=[hidden])
    author_client.get(draft.get_absolute_url())  # a staff preview changes nothing
    results = search("ferghana valley")
    assert [hit.object for hit in results.hits] == [cited]
    assert results.facets["type"] == [{"value": "source", "label": "Cited sources", "count": 1}]
    page = client.get(reverse("archive:search"), {"q": "ferghana"}).text
    assert "Ferghana valley water report" in page and "draft memo" not in page


def test_a_site_name_is_found_by_its_plain_word_on_both_databases():
    source = SourceFactory(title="Embassy summoned", publisher="Reuters.com")
    FootnoteFactory(sources=[source])
    assert [hit.object for hit in search("reuters").hits] == [source]


def test_articles_and_sources_share_one_ranked_list_and_the_type_facet_narrows():
    article = ArticleFactory(title="Tashkent metro expansion")
    source = SourceFactory(title="Tashkent metro tender results")
    FootnoteFactory(article=article, sources=[source])
    results = search("tashkent metro")
    assert {hit.object for hit in results.hits} == {article, source}
    assert {row["value"]: row["count"] for row in results.facets["type"]} == {
        "article": 1,
        "source": 1,
    }
    assert [hit.object for hit in search("tashkent metro", {"type": "source"}).hits] == [source]
    # Sources have no countries: a country facet leaves them out.
    assert search("tashkent metro", {"country": "uz"}).total == 0


def test_sources_stay_out_of_the_date_archives(client):
    article = ArticleFactory(title="Dushanbe dam")
    FootnoteFactory(article=article, sources=[SourceFactory(title="Rogun dam survey")])
    year = client.get(f"/{article.published_at:%Y}/").text
    assert "Dushanbe dam" in year and "Rogun dam survey" not in year
