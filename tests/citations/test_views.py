"""Sources as data: the per-article exports and the admin's, published pieces only."""

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
