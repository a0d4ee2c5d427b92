"""Atom feeds: valid for readers (feedparser, no bozo), full sanitised text, published only."""

import feedparser
import pytest
from django.urls import reverse

from archive.cache import generation, seconds_until_next_change
from tests.factories import ArticleFactory, OutletFactory, PersonFactory, ThemeFactory, country

pytestmark = pytest.mark.django_db


def parsed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


def test_site_feed_is_valid_atom_with_full_sanitised_content_and_categories(client):
    theme = ThemeFactory(name="Belt and Road")
    person = PersonFactory(name="Ada Analyst")
    ArticleFactory(
        title="Rail to Europe",
        standfirst="Why freight matters.",
        introduction="My *framing*.",
        body="The **body**. <script>alert(1)</script><img src=x onerror=alert(1)>",
        countries=["kz"],
        themes=[theme],
        authors=[person],
    )
    feed = parsed(client, reverse("archive:feed"))
    [entry] = feed.entries
    assert entry.title == "Rail to Europe"
    assert entry.summary == "Why freight matters."
    content = entry.content[0].value
    assert "<strong>body</strong>" in content and "<em>framing</em>" in content
    assert "<script" not in content and "onerror" not in content
    assert {tag.term for tag in entry.tags} == {"Kazakhstan", "Belt and Road"}
    assert entry.author == "Ada Analyst"
    assert entry.published_parsed and entry.updated_parsed
    assert feed.feed.updated_parsed


def test_draft_and_scheduled_articles_never_appear_in_any_feed(client, author_client):
    theme = ThemeFactory(name="Energy")
    outlet = OutletFactory(name="Prospect")
    person = PersonFactory(name="Ada Analyst")
    common = {"countries": ["kz"], "themes": [theme], "outlet": outlet, "authors": [person]}
    ArticleFactory(title="Live piece", **common)
    draft = ArticleFactory(title="Draft piece", draft=True, **common)
    ArticleFactory(title="Scheduled piece", scheduled=True, **common)
    author_client.get(draft.get_absolute_url())  # staff preview must not leak it anywhere
    for url in [
        reverse("archive:feed"),
        reverse("archive:country_feed", args=["kz"]),
        reverse("archive:theme_feed", args=[theme.slug]),
        reverse("archive:outlet_feed", args=[outlet.slug]),
        reverse("archive:person_feed", args=[person.slug]),
    ]:
        assert [e.title for e in parsed(client, url).entries] == ["Live piece"], url


def test_browse_feeds_list_only_their_subject(client):
    ArticleFactory(title="About Kazakhstan", countries=["kz"])
    ArticleFactory(title="About China", countries=["cn"])
    feed = parsed(client, reverse("archive:country_feed", args=["kz"]))
    assert [e.title for e in feed.entries] == ["About Kazakhstan"]
    assert feed.feed.title.endswith("Kazakhstan")
    assert feed.feed.link.endswith("/countries/kz/")


@pytest.mark.parametrize(
    "url",
    [
        "/countries/zz/feed/",
        "/countries/KZ/feed/",
        "/countries/kaz/feed/",
        "/themes/nope/feed/",
        "/outlets/nope/feed/",
        "/people/nobody/feed/",
    ],
)
def test_feeds_for_unknown_subjects_are_404(client, url):
    assert client.get(url).status_code == 404


def test_entry_updated_time_follows_edits_but_never_precedes_publication(client):
    article = ArticleFactory(title="Edited later")
    feed = parsed(client, reverse("archive:feed"))
    first = feed.entries[0].updated_parsed
    article.body = "Revised."
    article.save()
    again = parsed(client, reverse("archive:feed")).entries[0]
    assert again.updated_parsed >= first
    assert again.updated_parsed >= again.published_parsed


def test_each_browse_page_advertises_its_feed_in_the_head(client):
    theme = ThemeFactory(name="Energy")
    ArticleFactory(countries=["kz"], themes=[theme])
    page = client.get(country("kz").get_absolute_url()).text
    head = page.split("</head>")[0]
    assert 'type="application/atom+xml"' in head
    assert 'href="/countries/kz/feed/"' in head
    assert 'href="/feed/"' in head
    theme_head = client.get(theme.get_absolute_url()).text.split("</head>")[0]
    assert f'href="/themes/{theme.slug}/feed/"' in theme_head


def test_site_feed_with_notes_stays_bounded_in_queries(client, django_assert_max_num_queries):
    from tests.citations.factories import FootnoteFactory, SourceFactory

    source = SourceFactory(title="Customs statistics")
    for n in range(40):
        article = ArticleFactory(
            title=f"Piece {n}", body="Trade grew.[^1]", countries=["kz"], authors=[PersonFactory()]
        )
        FootnoteFactory(article=article, order=1, text="Customs data.", sources=[source])
    # One more per content app in the feed (appearances) and per next-change look-up.
    with django_assert_max_num_queries(10):
        feed = parsed(client, reverse("archive:feed"))
    assert len(feed.entries) == 30
    assert "Customs data." in feed.entries[0].content[0].value


def test_the_base_feed_is_subclassed_for_one_kind_of_record(rf):
    """How /appearances/feed/ is built: narrow `get_sources()`, set a title and a link."""
    from archive.feeds import ArchiveFeed, ArticleFeedSource

    class WritingFeed(ArchiveFeed):
        title = "Writing only"

        def get_sources(self):
            return [ArticleFeedSource()]

        def link(self, obj):
            return reverse("archive:article_list")

    ArticleFactory(title="Listed")
    ArticleFactory(title="Unlisted draft", draft=True)
    response = WritingFeed()(rf.get("/writing/feed/"))
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert feed.feed.title == "Writing only"
    assert [e.title for e in feed.entries] == ["Listed"]


def test_feeds_of_vocabulary_only_drafts_use_are_404(client):
    theme, outlet, person = ThemeFactory(name="Secret"), OutletFactory(), PersonFactory()
    ArticleFactory(draft=True, themes=[theme], outlet=outlet, authors=[person])
    for url in [
        reverse("archive:theme_feed", args=[theme.slug]),
        reverse("archive:outlet_feed", args=[outlet.slug]),
        reverse("archive:person_feed", args=[person.slug]),
    ]:
        assert client.get(url).status_code == 404, url


def test_feed_of_a_theme_named_in_another_script(client):
    theme = ThemeFactory(name="中国", slug="中国")
    ArticleFactory(title="Unicode theme piece", themes=[theme])
    feed = parsed(client, reverse("archive:theme_feed", args=[theme.slug]))
    assert [e.title for e in feed.entries] == ["Unicode theme piece"]


def _theme_with_content(theme, n):
    """`n` articles with a note each and `n` appearances, all in `theme`."""
    from tests.appearances.factories import AppearanceFactory
    from tests.citations.factories import FootnoteFactory, SourceFactory

    source = SourceFactory(title="Customs statistics")
    for i in range(n):
        article = ArticleFactory(
            title=f"Piece {i}", body="Trade grew.[^1]", themes=[theme], authors=[PersonFactory()]
        )
        FootnoteFactory(article=article, order=1, text="Customs data.", sources=[source])
        AppearanceFactory(title=f"Talk {i}", themes=[theme], countries=["kz"])


@pytest.mark.parametrize("size", [3, 40])
def test_theme_feed_takes_the_same_queries_small_or_large(
    client, django_assert_max_num_queries, size
):
    theme = ThemeFactory(name="Energy")
    _theme_with_content(theme, size)
    # The page cache looks up the next scheduled change once per content generation, for
    # every page at once: not this page's cost.
    seconds_until_next_change(generation(), 60)
    # The theme; articles, their notes and sources, their names; appearances, their people,
    # their names: at most 8 however much is filed, with nothing kept from a previous visit.
    with django_assert_max_num_queries(8):
        feed = parsed(client, reverse("archive:theme_feed", args=[theme.slug]))
    assert len(feed.entries) == min(2 * size, 30)
    assert all("Energy" in {tag.term for tag in entry.tags} for entry in feed.entries)


def test_an_edited_note_shows_in_the_feed_at_once(client):
    from citations.models import Footnote

    theme = ThemeFactory(name="Energy")
    _theme_with_content(theme, 1)
    url = reverse("archive:feed")
    contents = [entry.content[0].value for entry in parsed(client, url).entries]
    assert any("Customs data." in content for content in contents)
    note = Footnote.objects.get()
    note.text = "Revised customs data."
    note.save()
    contents = [entry.content[0].value for entry in parsed(client, url).entries]
    assert any("Revised customs data." in content for content in contents)


def test_footnote_links_in_a_feed_entry_lead_to_the_article_page(client):
    theme = ThemeFactory(name="Energy")
    _theme_with_content(theme, 1)
    (entry,) = [e for e in parsed(client, reverse("archive:feed")).entries if e.title == "Piece 0"]
    content = entry.content[0].value
    page = entry.link.removeprefix("http://testserver")
    assert page.startswith("/articles/")
    assert 'href="#' not in content
    assert f'href="{page}#fn-1"' in content
    # Text the site hides with its stylesheet would show in a reader, which has none.
    assert "visually-hidden" not in content


def test_unpublishing_an_article_takes_it_out_of_the_feed_at_once(client):
    article = ArticleFactory(title="Soon withdrawn")
    ArticleFactory(title="Stays")
    assert {e.title for e in parsed(client, reverse("archive:feed")).entries} == {
        "Soon withdrawn",
        "Stays",
    }
    article.status = "draft"
    article.save()
    assert [e.title for e in parsed(client, reverse("archive:feed")).entries] == ["Stays"]


def test_entry_gives_the_publication_day_in_the_site_zone(client, settings):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    settings.TIME_ZONE = "Europe/London"
    # 30 June, half past midnight in London: still 29 June in UTC.
    ArticleFactory(published_at=datetime(2020, 6, 30, 0, 30, tzinfo=ZoneInfo("Europe/London")))
    entry = parsed(client, reverse("archive:feed")).entries[0]
    assert "on 30 June 2020, 00:30 BST." in entry.content[0].value
