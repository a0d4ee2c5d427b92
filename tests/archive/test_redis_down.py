"""With Redis down, visitors still get every page, built fresh from the database, and an
edit that could not retire the cached pages is refused with a clear message and saves
nothing (archive/cache_backend.py). Run against a real redis-server of the test's own,
stopped and started again."""

import logging
import signal
import threading

import pytest
from django.db import connections, transaction
from django.test import Client

from archive import cache_backend
from archive.models import Article, Status
from tests.admin_forms import form_data
from tests.archive.test_history import change_url
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_pages_are_cached_in_redis_and_built_from_the_database_while_it_is_down(redis):
    published = ArticleFactory(title="Water and borders")
    ArticleFactory(title="A draft on dams", status=Status.DRAFT)
    Client().get("/")
    assert getattr(Client().get("/"), "page_cache_hit", False)  # Redis keeps pages

    redis.stop()
    for path in ("/", published.get_absolute_url(), "/feed/", "/sitemap.xml", "/search/?q=water"):
        response = Client().get(path)
        assert response.status_code == 200, path
        assert "A draft on dams" not in response.content.decode(), path
    home = Client().get("/").content.decode()
    assert "Water and borders" in home
    # Built under the database's rows, not a stored copy: a change made without the site
    # (no generation bump possible) is on the very next page.
    Article.objects.filter(pk=published.pk).update(title="Rivers and borders")
    assert "Rivers and borders" in Client().get("/").content.decode()


def test_pages_are_cached_again_once_redis_is_back(redis):
    ArticleFactory()
    redis.stop()
    assert Client().get("/").status_code == 200
    redis.start()
    cache_backend._paused_until.clear()  # the pause after a failure is a few seconds
    Client().get("/")
    assert getattr(Client().get("/"), "page_cache_hit", False)


def test_a_hung_redis_costs_one_timeout_not_one_per_request(redis, monkeypatch, caplog):
    """Counted, not timed: every call that waits for a hung Redis ends in a timeout and
    its warning. (Timing six requests against one timeout depends on how busy the machine
    is, and so does the pause running out: here it outlasts the test.)"""
    ArticleFactory()
    monkeypatch.setattr(cache_backend, "PAUSE_SECONDS", 600)
    redis.process.send_signal(signal.SIGSTOP)  # connections are accepted, nothing answers
    try:
        with caplog.at_level(logging.WARNING, logger="archive.cache_backend"):
            for _ in range(6):
                assert Client().get("/").status_code == 200
    finally:
        redis.process.send_signal(signal.SIGCONT)
    waits = [r for r in caplog.records if r.getMessage().startswith("Redis is unreachable")]
    assert len(waits) == 1, "each request waited for Redis again"


def refused_edit(redis, client, article):
    """Post the article's form with a new title, Redis stopped in between."""
    page = client.get(change_url(article))
    data = form_data(page.content.decode(), "article_form")
    data["title"] = ["Rivers and borders"]
    redis.stop()
    return client.post(change_url(article), data), data


def test_an_edit_is_refused_with_a_clear_message_while_redis_is_down(redis, author_client):
    article = ArticleFactory(title="Water and borders")
    response, data = refused_edit(redis, author_client, article)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert "Not saved" in text and "Nothing was changed" in text
    article.refresh_from_db()
    assert article.title == "Water and borders"
    assert "Water and borders" in Client().get(article.get_absolute_url()).content.decode()

    redis.start()
    cache_backend._paused_until.clear()
    assert author_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.title == "Rivers and borders"


def test_the_not_saved_page_is_valid_html5(redis, author_client, validator, tmp_path):
    response, _ = refused_edit(redis, author_client, ArticleFactory())
    (tmp_path / "not-saved.html").write_bytes(response.content)
    assert not validator(tmp_path)


def test_redis_lost_between_the_save_and_its_commit_keeps_the_save(
    redis, django_capture_on_commit_callbacks, caplog
):
    article = ArticleFactory(title="Water and borders")
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Rivers and borders"
        article.save()  # the first bump reaches Redis
        redis.stop()  # the one after the commit cannot
    article.refresh_from_db()
    assert article.title == "Rivers and borders"
    assert "could not be retired again after the commit" in caplog.text


def test_a_failure_that_is_not_the_cache_is_not_reported_as_one(client, settings, tmp_path):
    """Only a lost generation bump is the 'Not saved' page. A disk that cannot take a file
    (here the media folder sits under a plain file) is a server error with its traceback,
    not a 503 blaming Redis that the log would record without one."""
    (tmp_path / "not-a-folder").write_text("")
    settings.MEDIA_ROOT = str(tmp_path / "not-a-folder" / "media")
    article = ArticleFactory(title="Water and borders")
    with pytest.raises(OSError):  # the test client re-raises what Django would log as a 500
        client.get(article.get_absolute_url())


def visit(url):
    """A visitor's request on a thread, and so a database connection, of its own: it
    reads what is committed, not what the test's open transaction has changed."""
    found = {}

    def run():
        try:
            found["text"] = Client().get(url).content.decode()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    return found["text"]


@pytest.mark.django_db(transaction=True)
def test_a_bump_redis_missed_after_the_commit_is_made_once_it_answers_again(redis):
    """A visitor who read the rows between the save's first bump and its commit stored
    them under the new generation; only the bump after the commit retires that page. If
    Redis hung just then and comes back with its data, the page is the old text until it
    expires (a withdrawn article, visible), unless the missed bump is made up for."""
    article = ArticleFactory(title="Water and borders")
    url = article.get_absolute_url()
    with transaction.atomic():
        article.title = "Rivers and borders"
        article.save()  # the first bump
        assert "Water and borders" in visit(url)  # read before the commit, stored after it
        redis.process.send_signal(signal.SIGSTOP)  # the bump after the commit times out
    redis.process.send_signal(signal.SIGCONT)  # back, with the generation and the page
    cache_backend._paused_until.clear()
    text = Client().get(url).content.decode()
    assert "Rivers and borders" in text and "Water and borders" not in text
