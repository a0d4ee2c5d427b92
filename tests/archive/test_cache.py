"""The page cache is always right: with it on, every change shows at once, and nothing
private, draft or personal is ever stored (archive/cache.py)."""

import time
from datetime import timedelta

import pytest
from django.core.checks import run_checks
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from archive.models import Article, Status
from tests.factories import ArticleFactory, OutletFactory, ThemeFactory

pytestmark = pytest.mark.django_db

HOME = "/"
ARTICLES = "/articles/"


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 3600


@pytest.fixture
def visitor():
    """An anonymous visitor, apart from `author_client` (which logs in the `client` fixture)."""
    return Client()


def test_second_anonymous_visit_is_served_from_cache_without_a_query(
    visitor, django_assert_num_queries
):
    ArticleFactory(title="Kazakhstan's quiet hedging")
    first = visitor.get(HOME)
    with django_assert_num_queries(0):
        second = visitor.get(HOME)
    assert second.status_code == 200
    assert second.content == first.content
    assert "Kazakhstan&#x27;s quiet hedging" in second.text


def test_publishing_an_article_shows_it_on_the_cached_home_page_at_once(
    visitor, django_capture_on_commit_callbacks
):
    article = ArticleFactory(title="Beijing's new security thinking", draft=True)
    assert "new security thinking" not in visitor.get(HOME).text
    with django_capture_on_commit_callbacks(execute=True):
        article.status = Status.PUBLISHED
        article.save()
    assert "new security thinking" in visitor.get(HOME).text


def test_bulk_publish_in_the_admin_shows_articles_on_cached_pages_at_once(
    visitor, author_client, django_capture_on_commit_callbacks
):
    article = ArticleFactory(title="Drafted on a train", draft=True)
    assert "Drafted on a train" not in visitor.get(ARTICLES).text
    with django_capture_on_commit_callbacks(execute=True):
        response = author_client.post(
            reverse("admin:archive_article_changelist"),
            {"action": "publish", "_selected_action": [article.pk]},
        )
    assert response.status_code == 302
    assert "Drafted on a train" in visitor.get(ARTICLES).text


def test_bulk_unpublish_in_the_admin_removes_articles_from_cached_pages_at_once(
    visitor, author_client, django_capture_on_commit_callbacks
):
    article = ArticleFactory(title="Withdrawn piece")
    assert visitor.get(article.get_absolute_url()).status_code == 200
    assert "Withdrawn piece" in visitor.get(ARTICLES).text
    with django_capture_on_commit_callbacks(execute=True):
        author_client.post(
            reverse("admin:archive_article_changelist"),
            {"action": "unpublish", "_selected_action": [article.pk]},
        )
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT
    assert "Withdrawn piece" not in visitor.get(ARTICLES).text
    assert visitor.get(article.get_absolute_url()).status_code == 404


def test_editing_an_outlet_updates_every_cached_page_that_shows_it(visitor):
    article = ArticleFactory(outlet=OutletFactory(name="The Old Gazette"))
    assert "The Old Gazette" in visitor.get(article.get_absolute_url()).text
    outlet = article.outlet
    outlet.name = "The New Gazette"
    outlet.save()
    page = visitor.get(article.get_absolute_url()).text
    assert "The New Gazette" in page
    assert "The Old Gazette" not in page


def test_deleting_an_article_removes_it_from_cached_lists_at_once(visitor):
    article = ArticleFactory(title="Soon to be gone")
    assert "Soon to be gone" in visitor.get(ARTICLES).text
    article.delete()
    assert "Soon to be gone" not in visitor.get(ARTICLES).text


def test_tagging_an_article_updates_the_cached_theme_page(visitor):
    theme = ThemeFactory(name="Counter-terrorism")
    ArticleFactory(themes=[theme])
    article = ArticleFactory(title="Newly tagged")
    assert "Newly tagged" not in visitor.get(theme.get_absolute_url()).text
    article.themes.add(theme)  # m2m_changed, no save of the article
    assert "Newly tagged" in visitor.get(theme.get_absolute_url()).text


def test_scheduled_article_appears_when_its_time_comes_although_nothing_was_saved(visitor):
    when = timezone.now() + timedelta(seconds=1.5)
    ArticleFactory(title="Embargoed until later", published_at=when)
    assert "Embargoed until later" not in visitor.get(HOME).text
    time.sleep(max(0, (when - timezone.now()).total_seconds()) + 0.2)
    assert "Embargoed until later" in visitor.get(HOME).text


def test_staff_always_reach_the_view_and_their_pages_are_never_stored(visitor, author_client):
    draft = ArticleFactory(title="Work in progress", draft=True)
    preview = author_client.get(draft.get_absolute_url())
    assert preview.status_code == 200
    assert "no-store" in preview["Cache-Control"]
    assert visitor.get(draft.get_absolute_url()).status_code == 404
    visitor.get(HOME)
    response = author_client.get(HOME)
    assert "ETag" not in response  # built by the view, not served from the anonymous cache


def test_anonymous_public_pages_set_no_cookie(visitor):
    theme = ThemeFactory(name="Belt and Road")
    article = ArticleFactory(themes=[theme], countries=["kz"])
    for url in [
        HOME,
        ARTICLES,
        f"{ARTICLES}?country=kz",
        article.get_absolute_url(),
        reverse("archive:country_list"),
        "/countries/kz/",
        reverse("archive:outlet_list"),
        article.outlet.get_absolute_url(),
        reverse("archive:theme_list"),
        theme.get_absolute_url(),
    ]:
        for _ in range(2):  # the view's answer, then the cache's
            response = visitor.get(url)
            assert response.status_code == 200, url
            assert not response.cookies, url
            assert "ETag" in response, url


def test_a_post_is_never_answered_from_the_cache(visitor):
    ArticleFactory()
    assert visitor.get(HOME).status_code == 200
    assert visitor.post(HOME).status_code == 405


def test_pages_that_set_a_cookie_are_never_stored(visitor):
    first = visitor.get(reverse("admin:login"))
    visitor.cookies.clear()
    second = visitor.get(reverse("admin:login"))
    assert first.cookies and second.cookies  # each visitor gets its own CSRF cookie


def test_conditional_request_with_the_current_etag_gets_304(visitor):
    ArticleFactory()
    etag = visitor.get(HOME)["ETag"]
    assert visitor.get(HOME, headers={"if-none-match": etag}).status_code == 304
    assert visitor.get(HOME, headers={"if-none-match": '"stale"'}).status_code == 200


def test_etag_changes_when_the_page_does(visitor):
    ArticleFactory(title="First")
    etag = visitor.get(HOME)["ETag"]
    ArticleFactory(title="Second")
    response = visitor.get(HOME, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_deploy_check_warns_when_processes_would_not_share_the_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    ids = [message.id for message in run_checks(include_deployment_checks=True)]
    assert "archive.W001" in ids


def test_a_browse_page_counts_a_newly_published_piece_at_once(visitor):
    from archive.views.common import PAGE_SIZE

    ArticleFactory.create_batch(PAGE_SIZE, countries=["KZ"])
    assert visitor.get("/countries/kz/?page=2").status_code == 404
    late = ArticleFactory(title="One more on Kazakhstan", countries=["KZ"], draft=True)
    assert visitor.get("/countries/kz/?page=2").status_code == 404
    late.status = Status.PUBLISHED
    late.save()
    page_two = visitor.get("/countries/kz/?page=2")
    assert page_two.status_code == 200
    assert f"{PAGE_SIZE + 1}" in visitor.get("/countries/kz/").text
