"""The publish rule, written once in `ArticleQuerySet.published()`, and the vocabulary's rules."""

import pytest
from django.db.models import ProtectedError

from archive.models import Article, ArticleAuthor, Country
from tests.factories import ArticleFactory, OutletFactory, PersonFactory, ThemeFactory, country

pytestmark = pytest.mark.django_db


def test_published_includes_only_published_articles_whose_date_has_come():
    live = ArticleFactory()
    ArticleFactory(draft=True)
    ArticleFactory(scheduled=True)
    assert list(Article.objects.published()) == [live]


def test_scheduled_article_appears_once_its_date_passes():
    article = ArticleFactory(scheduled=True)
    assert not Article.objects.published().exists()
    Article.objects.filter(pk=article.pk).update(published_at=article.created)
    assert list(Article.objects.published()) == [article]


def test_every_iso_country_exists_with_its_m49_region():
    assert Country.objects.count() == 249
    assert country("kz").region == "central-asia"
    assert country("gb").get_region_display() == "Northern Europe"
    assert country("kz").get_absolute_url() == "/countries/kz/"


def test_deleting_an_outlet_in_use_is_refused():
    article = ArticleFactory()
    with pytest.raises(ProtectedError):
        article.outlet.delete()
    assert Article.objects.filter(pk=article.pk).exists()


def test_deleting_a_person_who_wrote_something_is_refused():
    person = PersonFactory()
    ArticleFactory(authors=[person])
    with pytest.raises(ProtectedError):
        person.delete()


def test_deleting_a_country_named_by_an_article_is_refused():
    article = ArticleFactory(countries=["kz"])
    with pytest.raises(ProtectedError):
        country("kz").delete()
    assert list(article.countries.all()) == [country("kz")]


def test_slugs_are_unique_for_outlets_with_the_same_short_name():
    first = OutletFactory(name="Radio One", short_name="R1")
    second = OutletFactory(name="Radio One International", short_name="R1")
    assert first.slug == "r1"
    assert second.slug == "r1-2"


def test_authors_keep_their_byline_order_not_the_order_they_were_added():
    first, second = PersonFactory(name="Veerle Nouwens"), PersonFactory(name="Raffaello Pantucci")
    article = ArticleFactory()
    ArticleAuthor.objects.create(article=article, person=second, order=1)
    ArticleAuthor.objects.create(article=article, person=first, order=0)
    assert article.ordered_authors == [first, second]


def test_deleting_a_theme_in_use_is_refused():
    theme = ThemeFactory(name="Central Asia")
    article = ArticleFactory(themes=[theme])
    with pytest.raises(ProtectedError):
        theme.delete()
    assert list(article.themes.all()) == [theme]
