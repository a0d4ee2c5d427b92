"""The shipped deploy/varnish.vcl, run by a real varnishd in front of the live server:
an edit shows on the very next request, drafts and signed-in pages are never kept, junk
query strings make no cache objects, and a purge that fails is kept and sent again.

Marked `varnish`: skipped without varnishd, except under CI=true, where it must run."""

import http.client
import os
import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import URLResolver, get_resolver
from django.utils import timezone

from archive import varnishd
from archive.models import PurgeRequest, Status
from archive.wordpress.redirects import QUERY_KEYS
from tests.factories import ArticleFactory, OutletFactory


def request(base, path, method="GET", headers=None):
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request(method, path, headers={"Host": "localhost", **(headers or {})})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        conn.close()


def objects(workdir):
    return varnishd.counters(workdir, "MAIN.n_object")["MAIN.n_object"]


def backend_requests(workdir):
    return varnishd.counters(workdir, "MAIN.backend_req")["MAIN.backend_req"]


def _require_varnishd():
    if not varnishd.installed():
        if os.environ.get("CI") == "true":
            pytest.fail("varnishd not found: CI must run the front cache tests.")
        pytest.skip("varnishd is not installed (apt-get install varnish varnish-modules)")


@pytest.fixture
def front(live_server, settings, tmp_path):
    """deploy/varnish.vcl before the live server, purged by the site. Yields (URL, workdir)."""
    _require_varnishd()
    backend = urlsplit(live_server.url)
    with varnishd.running(tmp_path, "127.0.0.1", backend.port) as (url, workdir):
        settings.FRONT_CACHES = [f"varnish:{url}"]
        settings.FRONT_CACHE_SECONDS = 86400
        settings.PAGE_CACHE_SECONDS = 3600
        yield url, workdir


def test_vcl_keeps_exactly_the_query_parameters_views_read():
    def walk(resolver):
        for entry in resolver.url_patterns:
            yield from walk(entry) if isinstance(entry, URLResolver) else (entry,)

    declared = set(QUERY_KEYS)  # WordPress's old /?p= addresses, answered with a redirect
    for entry in walk(get_resolver()):
        view = getattr(entry.callback, "view_class", entry.callback)
        declared |= set(getattr(view, "page_cache_query", None) or ())
    vcl = (varnishd.settings.BASE_DIR / "deploy" / "varnish.vcl").read_text()
    listed = re.search(r"\(\?!\(\?:([a-z_|]+)\)=\)", vcl).group(1).split("|")
    assert sorted(listed) == sorted(declared)


@pytest.mark.varnish
@pytest.mark.django_db(transaction=True)
def test_published_edit_is_visible_through_varnish_on_the_next_request(front):
    url, workdir = front
    article = ArticleFactory(title="Old headline on Tashkent")
    other = ArticleFactory(title="Unrelated piece").get_absolute_url()
    path = article.get_absolute_url()
    assert request(url, path)[1]["X-Cache"] == "miss"
    status, headers, body = request(url, path)
    assert (status, headers["X-Cache"]) == (200, "hit")
    assert "Old headline on Tashkent" in body
    assert "xkey" not in headers  # the keys are for the cache, not for visitors
    assert "Old headline" in request(url, "/")[2]

    article.title = "New headline on Tashkent"
    article.save()

    status, headers, body = request(url, path)
    assert "New headline on Tashkent" in body
    assert "New headline on Tashkent" in request(url, "/")[2]
    # A page the edit does not touch (another article, another outlet) stays cached.
    assert request(url, other)[1]["X-Cache"] == "miss"
    assert request(url, other)[1]["X-Cache"] == "hit"
    article.title = "Third headline on Tashkent"
    article.save()
    assert request(url, other)[1]["X-Cache"] == "hit"
    assert "Third headline" in request(url, path)[2]


@pytest.mark.varnish
@pytest.mark.django_db(transaction=True)
def test_retitling_keeps_its_outlets_other_pages_cached_and_shows_on_the_outlet_page(front):
    url, _ = front
    outlet = OutletFactory(name="The Diplomat")
    article = ArticleFactory(title="Old headline on Bishkek", outlet=outlet)
    sibling = ArticleFactory(title="Sibling piece", outlet=outlet).get_absolute_url()
    listing = outlet.get_absolute_url()
    for path in (sibling, listing):
        request(url, path)
        assert request(url, path)[1]["X-Cache"] == "hit"
    article.title = "New headline on Bishkek"
    article.save()
    assert "New headline on Bishkek" in request(url, listing)[2]
    assert request(url, sibling)[1]["X-Cache"] == "hit"  # it names the outlet, not the piece
    # Publishing does move the outlet's lists: the new piece is listed at once.
    draft = ArticleFactory(title="Newly published on Osh", outlet=outlet, draft=True)
    assert "Newly published on Osh" not in request(url, listing)[2]
    draft.status = Status.PUBLISHED
    draft.save()
    assert "Newly published on Osh" in request(url, listing)[2]


@pytest.mark.varnish
@pytest.mark.django_db(transaction=True)
def test_draft_is_never_served_through_varnish(front):
    url, _ = front
    draft = ArticleFactory(title="Unfinished draft on Minsk", draft=True)
    for _ in range(2):
        status, headers, _body = request(url, draft.get_absolute_url())
        assert status == 404
        assert headers["X-Cache"] == "miss"
        assert "Unfinished draft" not in request(url, "/")[2]
    draft.status = Status.PUBLISHED
    draft.save()
    assert "Unfinished draft on Minsk" in request(url, "/")[2]
    assert request(url, draft.get_absolute_url())[0] == 200
    draft.status = Status.DRAFT
    draft.save()
    assert request(url, draft.get_absolute_url())[0] == 404
    assert "Unfinished draft" not in request(url, "/")[2]


@pytest.mark.varnish
@pytest.mark.django_db(transaction=True)
def test_signed_in_author_never_gets_nor_poisons_a_cached_page(front, author_client):
    url, workdir = front
    cookie = {"Cookie": f"sessionid={author_client.cookies['sessionid'].value}"}
    draft = ArticleFactory(title="Preview only on Baku", draft=True)
    ArticleFactory(title="Public piece on Baku")
    for _ in range(2):
        status, headers, body = request(url, draft.get_absolute_url(), headers=cookie)
        assert status == 200 and "Preview only on Baku" in body
        assert headers["X-Cache"] == "miss"
        assert "private" in headers["Cache-Control"]
        status, headers, body = request(url, "/", headers=cookie)
        assert headers["X-Cache"] == "miss"
    assert request(url, draft.get_absolute_url())[0] == 404
    assert "Preview only" not in request(url, "/")[2]


@pytest.mark.varnish
@pytest.mark.django_db(transaction=True)
def test_junk_query_strings_make_no_cache_objects(front):
    url, workdir = front
    ArticleFactory(title="Tracked everywhere")
    request(url, "/articles/")
    before, fetched = objects(workdir), backend_requests(workdir)
    for n in range(40):
        status, headers, body = request(url, f"/articles/?utm_source=x{n}&fbclid={n}&zz")
        assert status == 200 and headers["X-Cache"] == "hit"
    assert objects(workdir) == before
    assert backend_requests(workdir) == fetched
    # A parameter the view reads is a page of its own, in one order whatever was sent.
    request(url, "/articles/?page=1&q=x")
    assert request(url, "/articles/?q=x&utm_medium=y&page=1")[1]["X-Cache"] == "hit"


@pytest.mark.varnish
@pytest.mark.django_db(transaction=True)
def test_purge_failure_does_not_break_a_save_and_is_sent_again(
    live_server, settings, tmp_path, caplog
):
    _require_varnishd()
    backend = urlsplit(live_server.url)
    port = varnishd.free_port()
    settings.FRONT_CACHES = [f"varnish:http://127.0.0.1:{port}"]
    article = ArticleFactory(title="Saved while the cache was down")
    article.title = "Edited while the cache was down"
    article.save()  # nothing listens on the port: the purge fails, the save does not
    article.refresh_from_db()
    assert article.title == "Edited while the cache was down"
    kept = [row.keys.split() for row in PurgeRequest.objects.all()]
    assert any(f"article-{article.pk}" in keys for keys in kept)
    assert "failed" in caplog.text
    PurgeRequest.objects.update(next_attempt_at=timezone.now())  # due now
    with varnishd.running(tmp_path, "127.0.0.1", backend.port, port=port):
        call_command("purge_front_caches")
    assert not PurgeRequest.objects.exists()
