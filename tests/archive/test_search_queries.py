"""The search page costs the same few queries with 40 matches as with 200 (plus one per kind
of record it shows), at most 8, and its facet
counts are what clicking them lists (drafts counted nowhere).

Runs on both databases: the engine builds different SQL for PostgreSQL and SQLite.
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from appearances.models import Appearance
from archive.models import Article, Outlet, Theme
from archive.search import search
from citations.models import Source
from tests.appearances.factories import AppearanceFactory
from tests.citations.factories import FootnoteFactory, SourceFactory
from tests.factories import ArticleFactory, OutletFactory, ThemeFactory

pytestmark = pytest.mark.django_db

QUERY = "caspian pipeline"
PAGES = [
    {"q": QUERY},
    {"q": QUERY, "page": "2"},
    {"q": QUERY, "sort": "newest", "page": "2"},
    {"q": QUERY, "country": "kz"},
    {"q": QUERY, "theme": "energy", "year": "2021"},
    {"q": QUERY, "type": "appearance", "kind": Appearance.Kind.RADIO},
    {"q": QUERY, "type": "source"},
    {"q": QUERY, "outlet": "outlet-1", "country": "cn"},
]
COUNTRIES = [["kz"], ["cn", "kz"], ["uz"], ["cn"]]


def build(n):
    """n articles and n // 2 appearances matching QUERY, spread over every facet, a few
    cited sources, and drafts that carry a country and a theme of their own."""
    outlets = [OutletFactory(name=f"Outlet {i}", slug=f"outlet-{i}") for i in range(3)]
    energy, water = ThemeFactory(name="Energy"), ThemeFactory(name="Water")
    secret = ThemeFactory(name="Secret theme")
    now = timezone.now()
    kinds = Article.Kind.values
    for i in range(n):
        article = ArticleFactory(
            title=f"Caspian pipeline politics {i}",
            body="Notes on the Caspian pipeline.",
            outlet=outlets[i % 3],
            kind=kinds[i % len(kinds)],
            published_at=now - timedelta(days=200 * i + 1),
            countries=COUNTRIES[i % 4],
            themes=[energy] if i % 3 else [energy, water],
        )
        if i % 10 == 0:
            FootnoteFactory(
                article=article, sources=[SourceFactory(title=f"Caspian pipeline {i}")]
            )
    appearance_kinds = [Appearance.Kind.WEBINAR, Appearance.Kind.RADIO]
    for i in range(n // 2):
        AppearanceFactory(
            title=f"Caspian pipeline talk {i}",
            kind=appearance_kinds[i % 2],
            outlet=outlets[i % 3],
            start_date=date(2019 + i % 4, 3, 1),
            countries=COUNTRIES[(i + 1) % 4],
            themes=[water] if i % 2 else [energy],
        )
    ArticleFactory(title="Caspian pipeline draft", draft=True, countries=["af"], themes=[secret])
    ArticleFactory(title="Caspian pipeline scheduled", scheduled=True, countries=["af"])
    AppearanceFactory(title="Caspian pipeline draft talk", draft=True, countries=["af"])
    FootnoteFactory(
        article=ArticleFactory(draft=True, title="Unrelated"),
        sources=[SourceFactory(title="Caspian pipeline uncited")],
    )


@pytest.fixture
def page_queries(client, settings, django_assert_max_num_queries):
    settings.PAGE_CACHE_SECONDS = 0  # what the page costs when it is built

    def measure(params):
        client.get(reverse("archive:search"), params)  # one-off look-ups paid first
        with django_assert_max_num_queries(8) as captured:
            response = client.get(reverse("archive:search"), params)
        assert response.status_code == 200
        hits = response.context["results"].hits
        assert hits, params
        # One query fetches each kind of record on the page (with its snippets), however
        # many; which kinds rank onto a page depends on the corpus, the rest must not.
        return len(captured.captured_queries) - len({hit.provider.name for hit in hits})

    return measure


def test_search_pages_issue_the_same_queries_at_40_and_200_matches(page_queries):
    build(24)
    small = [page_queries(params) for params in PAGES]
    for model in (Article, Appearance, Source, Outlet, Theme):
        model.objects.all().delete()
    build(130)
    large = [page_queries(params) for params in PAGES]
    assert small == large


def facet_rows(results):
    return [(dimension, row) for dimension, rows in results.facets.items() for row in rows]


@pytest.mark.parametrize("active", [{}, {"country": "kz"}, {"type": "appearance"}])
def test_every_facet_count_is_what_clicking_it_lists(active):
    build(12)
    results = search(QUERY, active)
    assert results.total and facet_rows(results)
    for dimension, row in facet_rows(results):
        clicked = search(QUERY, active | {dimension: row["value"]})
        assert clicked.total == row["count"], (dimension, row)
        listed = search(QUERY, active | {dimension: row["value"]}, limit=1000)
        assert len(listed.hits) == row["count"], (dimension, row)


def test_drafts_are_counted_in_no_facet_and_listed_nowhere(client):
    build(6)
    results = search(QUERY, limit=1000)
    assert results.total == 6 + 3 + 1 == len(results.hits)
    assert "af" not in {row["value"] for row in results.facets["country"]}
    assert "secret-theme" not in {row["value"] for row in results.facets["theme"]}
    titles = {getattr(hit.object, "title", "") for hit in results.hits}
    assert not {t for t in titles if "draft" in t or "scheduled" in t or "uncited" in t}
    page = client.get(reverse("archive:search"), {"q": QUERY}).text
    assert "Afghanistan" not in page and "Secret theme" not in page


def test_hits_are_ordered_newest_first_across_kinds_on_request():
    build(6)
    results = search(QUERY, {"type": "appearance"}, newest=True, limit=1000)
    dates = [hit.object.start_date for hit in results.hits]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("active", [{}, {"type": "article"}, {"type": "appearance"}])
def test_a_query_matching_most_records_counts_its_facets_from_the_rest(monkeypatch, active):
    """Counted from the published rows a query does not match (subtracted from every
    published row's counts), the facets are exactly those counted directly: drafts and
    the non-matching rows' countries and themes stay out."""
    from archive import search as engine

    build(12)
    for i in range(4):  # published, but not matched: their facets must be subtracted
        ArticleFactory(title=f"Unrelated {i}", body="", countries=["uz", "mn"][i % 2 :])
        AppearanceFactory(title=f"Other talk {i}", countries=["mn"])
    monkeypatch.setattr(engine, "COMPLEMENT_SHARE", 2.0)  # never: counted directly
    direct = search(QUERY, active)
    monkeypatch.setattr(engine, "COMPLEMENT_SHARE", 0.0)  # always: from the complement
    used = []
    original = engine._facet_rows
    monkeypatch.setattr(
        engine, "_facet_rows", lambda m, p, c=frozenset(): used.append(c) or original(m, p, c)
    )
    complemented = search(QUERY, active)
    assert used and used[0], "the complement was not used"
    assert complemented.total == direct.total > 0
    assert complemented.facets == direct.facets
    assert "mn" not in {row["value"] for row in complemented.facets["country"]}
