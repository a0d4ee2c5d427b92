"""Nothing in the trash reaches the public: every page, list, count, timeline, feed, sitemap,
search, calendar, export and cached page treats a trashed article or appearance as gone.

Each test first sees the record where the public sees it, then trashes it (as the admin
does) and checks it is gone there; the page cache is on throughout, as in production.
"""

import csv
import io
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import feedparser
import pytest
from django.test import Client
from django.urls import reverse

from appearances.models import Appearance, Role
from archive.counts import published_counts
from archive.models import Article, AuthorProfile
from citations.models import Source
from tests.appearances.factories import AppearanceFactory
from tests.citations.factories import FootnoteFactory, SourceFactory
from tests.factories import ArticleFactory, OutletFactory, PersonFactory, ThemeFactory, country

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 3600


@pytest.fixture
def visitor():
    return Client()


@pytest.fixture
def exporter(django_user_model):
    """Staff holding the export permission."""
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("exporter", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="export_appearance"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def content():
    """A published article and appearance, alone in their country, theme, outlet and year,
    the article citing a source nothing else cites, the appearance linked from another."""
    theme = ThemeFactory(name="Water disputes")
    outlet = OutletFactory(name="Steppe Review")
    person = PersonFactory(name="Ada Analyst")
    AuthorProfile.objects.create(person=person)
    article = ArticleFactory(
        title="Tashkent waters",
        slug="tashkent-waters",
        outlet=outlet,
        published_at=datetime(2021, 3, 10, tzinfo=LONDON),
        countries=["uz"],
        themes=[theme],
        authors=[person],
        body="Rivers.[^1]",
    )
    source = SourceFactory(title="Amu Darya report", publisher="rivers.example")
    FootnoteFactory(article=article, order=1, text="The report.", sources=[source])
    appearance = AppearanceFactory(
        title="Almaty water webinar",
        slug="almaty-water-webinar",
        outlet=outlet,
        start_date=date(2021, 3, 12),
        start_time=time(10, 0),
        timezone="Europe/London",
        countries=["uz"],
        themes=[theme],
        people=[(person, Role.SPEAKER)],
    )
    other = AppearanceFactory(
        title="Another talk", slug="another-talk", start_date=date(2019, 1, 5)
    )
    other.related_articles.set([article])
    return {
        "article": article,
        "appearance": appearance,
        "other": other,
        "source": source,
        "theme": theme,
        "outlet": outlet,
        "person": person,
    }


def trash(*rows):
    for row in rows:
        row.move_to_trash()


def text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def shows(client, url, *needles):
    page = text(client, url)
    return [needle for needle in needles if needle in page]


def test_trashed_article_and_appearance_pages_answer_410_gone(content, visitor, author_client):
    article, appearance = content["article"], content["appearance"]
    assert visitor.get(article.get_absolute_url()).status_code == 200
    assert visitor.get(appearance.get_absolute_url()).status_code == 200
    trash(article, appearance)
    for url in (article.get_absolute_url(), appearance.get_absolute_url()):
        response = visitor.get(url)
        assert response.status_code == 410
        assert "removed from the archive" in response.content.decode()
        # Staff preview shows nothing of it either.
        assert author_client.get(url).status_code == 410


def test_a_trashed_draft_is_a_plain_404_so_nobody_learns_it_existed(visitor):
    draft = ArticleFactory(draft=True, slug="secret-draft")
    trash(draft)
    assert visitor.get(draft.get_absolute_url()).status_code == 404


def test_lists_and_browse_pages_leave_trashed_records_out(content, visitor):
    c = content
    urls = [
        "/",
        reverse("archive:article_list"),
        reverse("appearances:list"),
        reverse("archive:country_detail", args=["uz"]),
        reverse("archive:theme_detail", args=[c["theme"].slug]),
        reverse("archive:outlet_detail", args=[c["outlet"].slug]),
        reverse("archive:person_detail", args=[c["person"].slug]),
        reverse("archive:archive_year", args=["2021"]),
        reverse("archive:about"),
    ]
    needles = ("Tashkent waters", "Almaty water webinar")
    for url in urls:
        assert shows(Client(), url, *needles), url
    trash(c["article"], c["appearance"])
    for url in urls[:-2]:
        response = visitor.get(url)
        assert response.status_code in (200, 404), url  # a timeline left empty is a 404
        assert not [n for n in needles if n in response.content.decode()], url
    assert not shows(visitor, reverse("archive:about"), *needles)


def test_counts_no_longer_count_trashed_records(content, visitor):
    assert published_counts()["country"].get(country("uz").pk) == 1
    assert "Uzbekistan" in text(visitor, reverse("archive:country_list"))
    trash(content["article"])
    assert not published_counts()["country"].get(country("uz").pk)
    assert text(visitor, reverse("archive:article_list")).count("Tashkent waters") == 0


def test_feeds_leave_trashed_records_out(content, visitor):
    feeds = [
        reverse("archive:feed"),
        reverse("archive:country_feed", args=["uz"]),
        reverse("archive:theme_feed", args=[content["theme"].slug]),
        reverse("appearances:feed"),
    ]

    def titles():
        found = set()
        for url in feeds:
            response = visitor.get(url)
            found |= {e.title for e in feedparser.parse(response.content).entries}
        return found

    shown = {"Tashkent waters", "Webinar: Almaty water webinar"}
    assert shown <= titles()
    trash(content["article"], content["appearance"])
    assert not shown & titles()


def test_sitemap_leaves_trashed_records_out(content, visitor):
    from tests.archive.test_sitemaps import sitemap_urls

    paths = {content["article"].get_absolute_url(), content["appearance"].get_absolute_url()}
    assert paths <= {u.removeprefix("http://testserver") for u in sitemap_urls(visitor)}
    trash(content["article"], content["appearance"])
    assert not paths & {u.removeprefix("http://testserver") for u in sitemap_urls(visitor)}


def test_search_leaves_trashed_records_and_their_sources_out(content, visitor):
    search = reverse("archive:search")
    for query in ("Tashkent", "Almaty", "Amu Darya"):
        assert visitor.get(search, {"q": query}).context["results"].total >= 1, query
    trash(content["article"], content["appearance"])
    for query in ("Tashkent", "Almaty", "Amu Darya"):
        response = visitor.get(search, {"q": query})
        assert response.context["results"].total == 0, query


def test_calendars_leave_a_trashed_appearance_out(content, visitor):
    appearance = content["appearance"]
    one = reverse("appearances:appearance_calendar", args=[appearance.slug])
    assert "Almaty water webinar" in text(visitor, reverse("appearances:calendar"))
    assert visitor.get(one).status_code == 200
    trash(appearance)
    assert "Almaty water webinar" not in text(visitor, reverse("appearances:calendar"))
    assert visitor.get(one).status_code == 404


def test_exports_leave_a_trashed_appearance_out(content, exporter):
    def exported():
        response = exporter.get(reverse("appearances:export_file", kwargs={"fmt": "csv"}))
        rows = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
        return {row["Title or topic"] for row in rows}

    assert "Almaty water webinar" in exported()
    trash(content["appearance"])
    assert "Almaty water webinar" not in exported()


def test_a_cached_page_forgets_records_trashed_from_the_admin_list(
    content, visitor, author_client, django_capture_on_commit_callbacks
):
    assert "Tashkent waters" in text(visitor, reverse("archive:article_list"))
    with django_capture_on_commit_callbacks(execute=True):
        response = author_client.post(
            reverse("admin:archive_article_changelist"),
            {"action": "move_to_trash", "_selected_action": [content["article"].pk]},
        )
    assert response.status_code == 302
    assert "Tashkent waters" not in text(visitor, reverse("archive:article_list"))
    assert visitor.get(content["article"].get_absolute_url()).status_code == 410


def test_related_article_links_leave_a_trashed_article_out(content, visitor):
    other = content["other"].get_absolute_url()
    assert "Tashkent waters" in text(visitor, other)
    trash(content["article"])
    assert "Tashkent waters" not in text(visitor, other)


def test_source_pages_forget_a_source_cited_only_by_a_trashed_article(content, visitor):
    source = content["source"]
    assert "rivers.example" in text(visitor, reverse("citations:source_list"))
    assert visitor.get(source.get_absolute_url()).status_code == 302  # to its site's page
    trash(content["article"])
    assert "rivers.example" not in text(visitor, reverse("citations:source_list"))
    assert visitor.get(source.get_absolute_url()).status_code == 404
    assert source not in Source.objects.published()


def test_the_publish_rule_is_the_one_place_that_leaves_the_trash_out(content):
    trash(content["article"], content["appearance"])
    assert not Article.objects.published().exists()
    assert not Appearance.objects.published().filter(pk=content["appearance"].pk).exists()
    assert list(Article.objects.gone()) == [content["article"]]
