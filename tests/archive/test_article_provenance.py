"""The article page says where the piece came from, and which appearances discussed it."""

import pytest

from tests.appearances.factories import AppearanceFactory
from tests.factories import ArticleFactory, OutletFactory

pytestmark = pytest.mark.django_db


def test_article_links_to_the_original_by_outlet_name_and_says_excerpt(client):
    outlet = OutletFactory(name="South China Morning Post")
    article = ArticleFactory(
        outlet=outlet, original_url="https://www.scmp.com/a/1", full_text=False
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<a class="original-link" href="https://www.scmp.com/a/1">' in html
    assert "Read the original at South China Morning Post" in html
    assert "<strong>Excerpt</strong>" in html


def test_full_text_is_said_and_a_missing_address_is_explained(client):
    article = ArticleFactory(outlet=OutletFactory(name="RUSI"), full_text=True, original_url="")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<strong>Full text</strong>" in html
    assert "RUSI has no address for it online" in html


def test_paper_and_the_webinar_that_discussed_it_link_both_ways(client):
    paper = ArticleFactory(title="China in Central Asia", kind="paper")
    webinar = AppearanceFactory(title="Launch webinar")
    hidden = AppearanceFactory(title="Draft webinar", draft=True)
    webinar.related_articles.add(paper)
    hidden.related_articles.add(paper)
    article_page = client.get(paper.get_absolute_url()).content.decode()
    assert f'href="{webinar.get_absolute_url()}">Launch webinar</a>' in article_page
    assert "Draft webinar" not in article_page
    webinar_page = client.get(webinar.get_absolute_url()).content.decode()
    assert f'href="{paper.get_absolute_url()}">China in Central Asia</a>' in webinar_page
