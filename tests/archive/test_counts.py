"""What the performance work must not change: the counts, the pages' rows, the facets."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from archive.counts import published_counts
from archive.models import Article, Country, Status
from tests.factories import ArticleFactory, OutletFactory, ThemeFactory, country

pytestmark = pytest.mark.django_db


def test_counts_leave_out_drafts_and_scheduled_articles():
    theme = ThemeFactory(name="Energy")
    ArticleFactory(countries=["kz"], themes=[theme])
    ArticleFactory(countries=["kz"], themes=[theme], draft=True)
    ArticleFactory(countries=["kz"], themes=[theme], scheduled=True)
    counts = published_counts()
    assert counts["total"] == 1
    assert counts["country"] == {country("kz").pk: 1}
    assert counts["theme"] == {theme.pk: 1}


def test_counts_follow_a_publication_at_once():
    article = ArticleFactory(countries=["kz"], draft=True)
    assert published_counts()["country"] == {}
    article.status = Status.PUBLISHED
    article.save()
    assert published_counts()["country"] == {country("kz").pk: 1}


def test_every_page_of_a_long_list_shows_the_right_rows_in_order(settings):
    settings.PAGE_CACHE_SECONDS = 0
    outlet = OutletFactory()
    start = timezone.now() - timedelta(days=100)
    for day in range(45):
        ArticleFactory(outlet=outlet, published_at=start + timedelta(days=day % 30))
    expected = list(Article.objects.published().values_list("slug", flat=True))
    shown = []
    for page in (1, 2, 3):
        response = Client().get(f"/articles/?page={page}")
        shown += [a.slug for a in response.context["page_obj"].object_list]
    assert shown == expected
    response = Client().get(f"{outlet.get_absolute_url()}?page=3")
    assert [entry["object"].slug for entry in response.context["timeline"]] == expected[40:]


def test_facets_show_the_twelve_most_frequent_entries_and_the_chosen_one():
    themes = [ThemeFactory(name=f"Theme {i:02}") for i in range(15)]
    for i, theme in enumerate(themes):
        for _ in range(15 - i):
            ArticleFactory(themes=[theme])
    response = Client().get("/articles/")
    facet = next(f for f in response.context["facets"] if f["name"] == "theme")
    assert [row["label"] for row in facet["rows"]] == [f"Theme {i:02}" for i in range(12)]
    assert facet["more_url"] == "/themes/"
    codes = ["al", "at", "be", "bg", "cz", "de", "dk", "ee", "es", "fi", "fr", "gr", "zw"]
    ArticleFactory(countries=codes)
    response = Client().get("/articles/?country=zw")
    facet = next(f for f in response.context["facets"] if f["name"] == "country")
    assert len(facet["rows"]) == 13  # twelve, then the chosen one, 13th by name
    assert facet["rows"][-1]["label"] == "Zimbabwe"
    assert facet["rows"][-1]["selected"]


def test_country_slug_shortcut_agrees_with_django_countries():
    for row in Country.objects.all():
        assert row.slug == str(row.code).lower()
