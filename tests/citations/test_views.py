"""Sources as data: the grouped list and the per-article exports, published pieces only."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from archive.models import Article
from citations.models import Footnote, Source
from tests.factories import ArticleFactory

from .factories import FootnoteFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_sources_page_groups_by_site_and_links_to_the_citing_pieces(client):
    article = ArticleFactory(title="A cited piece")
    reuters = [SourceFactory(publisher="Reuters.com"), SourceFactory(publisher="reuters.com")]
    FootnoteFactory(article=article, order=1, sources=reuters)
    FootnoteFactory(article=article, order=2, sources=[SourceFactory(publisher="kaktus.media")])
    response = client.get(reverse("citations:source_list"))
    sites = {site["domain"]: site for site in response.context["sites"]}
    assert len(sites["reuters.com"]["sources"]) == 2
    assert sites["reuters.com"]["articles"] == [article]
    assert f'href="{article.get_absolute_url()}#fn-1"' in response.content.decode()


def test_sources_cited_only_by_drafts_never_appear(client):
    FootnoteFactory(article=ArticleFactory(draft=True), sources=[SourceFactory(title="Secret")])
    FootnoteFactory(article=ArticleFactory(scheduled=True), sources=[SourceFactory(title="Soon")])
    html = client.get(reverse("citations:source_list")).content.decode()
    assert "Secret" not in html and "Soon" not in html
    assert not Source.objects.published().exists()


def test_sources_page_can_be_narrowed_to_a_country(client):
    FootnoteFactory(article=ArticleFactory(countries=["kz"]), sources=[SourceFactory(title="In")])
    FootnoteFactory(article=ArticleFactory(countries=["gb"]), sources=[SourceFactory(title="Out")])
    response = client.get(reverse("citations:source_list"), {"country": "kz"})
    html = response.content.decode()
    assert ">In<" in html and ">Out<" not in html
    assert [(str(c.code), c.n) for c in response.context["countries"]] == [("KZ", 1), ("GB", 1)]
    assert client.get(reverse("citations:source_list"), {"country": "kzz"}).status_code == 404


def export(client, article, fmt):
    return client.get(reverse("citations:article_sources", args=[article.slug, fmt]))


@pytest.fixture
def cited_article():
    article = ArticleFactory(slug="cited")
    source = SourceFactory(
        title="Dva sluchaia {v} Kazakhstane & co",
        translated_title="Two cases in Kazakhstan",
        language="ru",
        publisher="Fergana.news",
        url="https://fergana.news/news/1/",
        published_on=date(2020, 3, 13),
    )
    FootnoteFactory(article=article, order=1, sources=[source, SourceFactory(title="Second")])
    return article


def test_csl_json_export_lists_the_sources_in_note_order(client, cited_article):
    response = export(client, cited_article, "json")
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json"
    items = json.loads(response.content)
    assert [i["title"] for i in items] == ["Dva sluchaia {v} Kazakhstane & co", "Second"]
    assert items[0]["language"] == "ru"
    assert items[0]["note"] == "Translated title: Two cases in Kazakhstan"
    assert items[0]["issued"] == {"date-parts": [[2020, 3, 13]]}


def test_bibtex_export_escapes_and_keeps_the_translation(client, cited_article):
    text = export(client, cited_article, "bib").content.decode()
    assert text.startswith("@online{ferganane")
    assert "title = {{Dva sluchaia \\{v\\} Kazakhstane \\& co}}" in text
    assert "titleaddon = {[Two cases in Kazakhstan]}" in text
    assert "language = {ru}" in text and "date = {2020-03-13}" in text


def test_ris_export_uses_the_translated_title_and_language_tags(client, cited_article):
    text = export(client, cited_article, "ris").content.decode()
    assert "TY  - ELEC\r\nTI  - Dva sluchaia {v} Kazakhstane & co\r\nTT  - Two cases" in text
    assert "LA  - ru" in text and "DA  - 2020/03/13/" in text
    assert text.count("ER  - ") == 2


def test_exports_of_drafts_and_unknown_formats_are_not_found(client, cited_article):
    Article.objects.filter(pk=cited_article.pk).update(status="draft")
    assert export(client, cited_article, "bib").status_code == 404
    assert export(client, ArticleFactory(), "docx").status_code == 404


def test_loading_the_demo_twice_creates_no_duplicates():
    call_command("load_demo", stdout=StringIO())
    counts = (Footnote.objects.count(), Source.objects.count())
    call_command("load_demo", stdout=StringIO())
    assert counts == (Footnote.objects.count(), Source.objects.count()) == (63, 64)


def test_staff_can_download_selected_sources_from_the_admin(author_client):
    kept = SourceFactory(title="Chosen")
    SourceFactory(title="Left out")
    response = author_client.post(
        reverse("admin:citations_source_changelist"),
        {"action": "export_ris", "_selected_action": [kept.pk]},
    )
    assert response["Content-Type"].startswith("application/x-research-info-systems")
    text = response.content.decode()
    assert "TI  - Chosen" in text and "Left out" not in text


def test_sources_page_needs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    call_command("load_demo", stdout=StringIO())
    # Two for the page, two for the page cache's first look-up of the next scheduled
    # change in this content generation (an article's publication, an appearance's start).
    with django_assert_max_num_queries(4):
        response = client.get(reverse("citations:source_list"))
    assert response.context["source_count"] == 64
    assert len(response.context["sites"]) == 39
