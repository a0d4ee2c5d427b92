"""The search index keeps itself current, and the benchmark the project runs works."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from archive import search, search_index
from archive.benchmarks import benchmark_search
from archive.models import Article, AuthorProfile
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_index_follows_edits_and_deletions():
    article = ArticleFactory(title="Almaty metro")
    assert search.search("almaty").total == 1
    article.title, article.body = "Bishkek metro", ""
    article.save()
    assert search.search("almaty").total == 0
    assert search.search("bishkek").total == 1
    Article.objects.filter(pk=article.pk).update(title="Osh bazaar")  # bulk: no save()
    assert search.search("osh").total == 1
    article.delete()
    assert search.search("osh").total == 0


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 triggers only")
def test_sqlite_index_is_rebuilt_when_a_table_rebuild_dropped_its_triggers():
    ArticleFactory(title="Termez bridge")
    with connection.cursor() as cursor:  # what SQLite's schema editor does on an ALTER
        for suffix in ("ai", "ad", "au"):
            cursor.execute(f"DROP TRIGGER archive_article_fts_{suffix}")
    search_index.ensure_sqlite_indexes(search.providers())
    ArticleFactory(title="Termez port")
    assert search.search("termez").total == 2


def test_benchmark_returns_figures_and_removes_what_it_generated():
    ArticleFactory(title="Kept")
    rows = benchmark_search(articles=40, runs=3)
    assert [row["name"] for row in rows] == [
        "search: ranked top 20",
        "search: results + facets + snippets",
        "search: whole page (GET /search/)",
    ]
    assert all(row["queries"] > 0 and row["median_ms"] > 0 for row in rows)
    assert rows[0]["articles"] == 41 and rows[0]["database"] == connection.vendor
    assert list(Article.objects.values_list("title", flat=True)) == ["Kept"]


def test_demo_loader_fills_the_about_page_from_the_site_owner(client):
    call_command("load_demo", stdout=io.StringIO())
    profile = AuthorProfile.current()
    assert profile.person.name == "Raffaello Pantucci"
    assert profile.affiliation_list[0][1] == "Senior Associate Fellow"
    assert client.get("/about/").status_code == 200
    assert search.search("huawei").total >= 1
