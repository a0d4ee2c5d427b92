"""The benchmark the project ships: its corpus, its pages' query budget, and the command.

Timings belong in the benchmark itself, never here: these tests check what
must hold whatever the machine (shape of the corpus, queries, that it runs).
"""

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.module_loading import autodiscover_modules

from archive import benchmark
from archive.models import Article, Status, Theme

SMALL = benchmark.SCALES["small"]


@pytest.fixture
def small_corpus(db):
    autodiscover_modules("benchmark")
    rng = random.Random("test")
    for builder in benchmark.corpus_builders():
        builder(SMALL, rng, lambda message: None)


def test_small_corpus_has_the_shape_of_a_real_archive(small_corpus):
    assert Article.objects.exclude(slug__startswith="paper-").count() == 100  # and papers
    published = Article.objects.published().exclude(slug__startswith="paper-")
    assert 90 <= published.count() < 100  # a few drafts and scheduled pieces
    assert Article.objects.filter(status=Status.DRAFT).exists()
    article = published.first()
    assert 700 <= len(article.body.split()) <= 1400
    assert len(article.title.split()) >= 12
    assert published.annotate(n=Count("countries")).filter(n__gte=2).exists()
    popular = Theme.objects.annotate(n=Count("articles")).order_by("-n").first()
    assert popular.n >= 25  # a few very popular themes


def test_every_public_benchmark_page_answers_within_eight_queries(
    small_corpus, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0  # the view's own queries, not a cache hit's none
    visitor = Client()
    pages = [page for page_set in benchmark.page_sets() for page in page_set(SMALL)]
    assert {"home", "articles", "articles, deep page", "article"} <= {p.name for p in pages}
    over = {}  # every public page must be within the budget (once several were not)
    for page in pages:
        if page.staff or page.call:
            continue
        assert visitor.get(page.path).status_code == 200, page.path  # counts computed once
        with CaptureQueriesContext(connection) as queries:
            assert visitor.get(page.path).status_code == 200, page.path
        if len(queries) > benchmark.PUBLIC_MAX_QUERIES:
            over[page.name] = len(queries)
    assert over == {}


def test_fixed_page_is_about_thirty_kilobytes():
    assert 28_000 <= len(benchmark.FIXED_PAGE) <= 32_000


def test_benchmark_command_builds_measures_and_writes_json_in_a_database_of_its_own(tmp_path):
    out = tmp_path / "results.json"
    own_db = settings.BASE_DIR / "db.sqlite3"
    before = own_db.stat().st_mtime if own_db.exists() else None
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "manage.py", "benchmark", "--scale", "small", "--repeat", "2",
         "--json", str(out)],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(Path(out).read_text())
    pages = report["scales"]["small"]["pages"]
    assert pages["fixed 30 KB page"]["status"] == 200
    assert pages["home"]["status"] == 200
    assert pages["home"]["queries"] <= benchmark.PUBLIC_MAX_QUERIES
    assert report["scales"]["small"]["counts"]["archive.Article"] == 100 + 30  # and papers
    assert "fixed 30 KB page" in result.stdout
    assert (own_db.stat().st_mtime if own_db.exists() else None) == before


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="plans are checked on PostgreSQL")
def test_plan_check_names_a_query_that_reads_a_whole_table():
    from archive import plans
    from tests.factories import ArticleFactory

    ArticleFactory(title="Pipelines")
    tables = {"archive_article": 10_000}  # as if it were big
    with CaptureQueriesContext(connection) as queries:
        list(Article.objects.filter(title__icontains="pipe"))
    scans = plans.full_scans(queries.captured_queries, tables)
    assert [scan["table"] for scan in scans] == ["archive_article"]
    assert plans.full_scans(queries.captured_queries, {}) == []
