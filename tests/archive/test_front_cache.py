"""Who may keep a response (archive/cache.py FrontCacheMiddleware) and which records a page
names for purging (archive/surrogate.py), checked on the site's own responses."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from archive import purge
from archive.models import PurgeRequest, Status
from tests.factories import ArticleFactory, OutletFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _front(settings):
    settings.PAGE_CACHE_SECONDS = 3600
    settings.FRONT_CACHE_SECONDS = 600
    settings.FRONT_CACHE_STALE_WHILE_REVALIDATE = 30
    settings.FRONT_CACHE_STALE_IF_ERROR = 86400


def keys(response):
    return set(response["xkey"].split())


def test_anonymous_public_page_may_be_kept_by_a_shared_cache():
    article = ArticleFactory(countries=["KZ"])
    for _ in range(2):  # built, then served from the page cache: the same headers
        response = Client().get(article.get_absolute_url())
        control = response["Cache-Control"]
        assert "public" in control and "s-maxage=600" in control and "max-age=0" in control
        assert "stale-while-revalidate=30" in control and "stale-if-error=86400" in control
        assert {f"article-{article.pk}", f"outlet-{article.outlet_id}", "site"} <= keys(response)
        assert any(key.startswith("country-") for key in keys(response))
        assert response["Surrogate-Key"] == response["xkey"]


def test_list_pages_carry_the_lists_key_and_their_records():
    article = ArticleFactory()
    response = Client().get("/")
    assert {"lists", "archive-home", f"article-{article.pk}"} <= keys(response)
    assert "lists" not in keys(Client().get(article.get_absolute_url()))


def test_signed_in_pages_are_private_and_name_no_records(author_client):
    article = ArticleFactory()
    for path in ("/", article.get_absolute_url(), "/admin/", "/exports/appearances/"):
        response = author_client.get(path)
        assert "private" in response["Cache-Control"], path
        assert "xkey" not in response and "Surrogate-Key" not in response
    for path in ("/admin/", "/exports/appearances/", "/exports/appearances.csv"):
        assert "no-store" in author_client.get(path)["Cache-Control"], path


def test_errors_and_posts_are_private():
    assert "private" in Client().get("/articles/no-such-piece/")["Cache-Control"]
    assert "private" in Client().post("/search/", {"q": "x"})["Cache-Control"]


def test_a_scheduled_article_caps_how_long_a_shared_cache_keeps_a_page():
    ArticleFactory(scheduled=True)
    control = Client().get("/")["Cache-Control"]
    seconds = int(control.split("s-maxage=")[1].split(",")[0])
    assert 0 < seconds <= 600


def test_moving_an_article_to_another_outlet_purges_both_outlets(
    settings, django_capture_on_commit_callbacks
):
    settings.FRONT_CACHES = ["varnish:http://127.0.0.1:9"]  # nothing listens: kept to retry
    article = ArticleFactory()
    old, new = article.outlet, OutletFactory()
    with django_capture_on_commit_callbacks(execute=True):
        article.outlet = new
        article.save()
    sent = set(PurgeRequest.objects.last().keys.split())
    assert {f"article-{article.pk}", f"outlet-{old.pk}", f"outlet-{new.pk}", "lists"} <= sent


def purged(settings, capture, change):
    """The keys that `change()` has purged (sent to a Varnish nobody runs: kept to retry)."""
    settings.FRONT_CACHES = ["varnish:http://127.0.0.1:9"]
    PurgeRequest.objects.all().delete()
    with capture(execute=True):
        change()
    return {key for row in PurgeRequest.objects.all() for key in row.keys.split()}


def test_retitling_an_article_purges_its_pages_not_every_page_of_its_outlet(
    settings, django_capture_on_commit_callbacks
):
    article = ArticleFactory(countries=["KZ"])

    def retitle():
        article.title = "A better headline"
        article.standfirst = "And a sharper standfirst."
        article.save()

    sent = purged(settings, django_capture_on_commit_callbacks, retitle)
    assert {f"article-{article.pk}", "lists"} <= sent
    # Every article page shows its outlet's name, so carries the outlet's key: purging it
    # would empty the cache of the outlet's pages at every typo fixed.
    assert f"outlet-{article.outlet_id}" not in sent


@pytest.mark.parametrize(
    "change",
    [
        {"status": Status.DRAFT},  # leaves the outlet's lists
        {"published_at": timezone.now() - timedelta(days=400)},  # moves in them
        {"kind": "interview"},  # a choice: filtered lists
    ],
    ids=["unpublish", "redate", "rekind"],
)
def test_an_edit_that_moves_an_article_in_its_outlets_lists_purges_the_outlet(
    settings, django_capture_on_commit_callbacks, change
):
    article = ArticleFactory(kind="commentary")

    def edit():
        for name, value in change.items():
            setattr(article, name, value)
        article.save()

    sent = purged(settings, django_capture_on_commit_callbacks, edit)
    assert {f"article-{article.pk}", f"outlet-{article.outlet_id}", "lists"} <= sent
    deleted = purged(settings, django_capture_on_commit_callbacks, article.delete)
    assert f"outlet-{article.outlet_id}" in deleted


def test_an_unknown_front_cache_setting_is_refused_in_a_sentence(settings):
    settings.FRONT_CACHES = ["squid:somewhere"]
    with pytest.raises(ValueError, match="DJANGO_FRONT_CACHES"):
        purge.backends()
