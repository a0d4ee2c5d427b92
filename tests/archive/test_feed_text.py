"""What feed readers get is text where the feed says text: a standfirst, a title, a
programme, a theme or an author's name holding markup reaches the reader as those very
characters, never as HTML; and no character XML cannot carry makes a feed fail."""

import feedparser
import pytest
from django.urls import reverse

from tests.appearances.factories import AppearanceFactory
from tests.citations.factories import FootnoteFactory
from tests.factories import ArticleFactory, OutletFactory, PersonFactory, ThemeFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'


def entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed.entries


def test_markup_in_a_standfirst_title_theme_or_name_reaches_the_reader_as_text(client):
    ArticleFactory(
        title=f"Rail {SCRIPT} & road",
        standfirst=f"Why {IMG} freight {SCRIPT} matters.",
        outlet=OutletFactory(name=f"The {IMG} Times"),
        themes=[ThemeFactory(name=f"<b>Belt</b> {SCRIPT}", slug="belt")],
        authors=[PersonFactory(name=f"<em>Ada</em> {IMG}")],
    )
    [entry] = entries(client, reverse("archive:feed"))
    assert entry.summary_detail.type == "text/plain"
    assert entry.summary == f"Why {IMG} freight {SCRIPT} matters."
    assert entry.title == f"Rail {SCRIPT} & road"
    assert [tag.term for tag in entry.tags] == [f"<b>Belt</b> {SCRIPT}"]
    assert entry.author == f"<em>Ada</em> {IMG}"
    content = entry.content[0].value  # HTML, and the outlet's name is text in it
    assert "<img" not in content and "The &lt;img src=x onerror" in content


def test_an_appearance_programme_reaches_the_reader_as_text(client):
    AppearanceFactory(title=f"Talk {SCRIPT}", programme=f"Night {IMG} show")
    [entry] = entries(client, reverse("appearances:feed"))
    assert entry.summary_detail.type == "text/plain"
    assert f"Night {IMG} show" in entry.summary
    assert entry.title == f"Webinar: Talk {SCRIPT}"


def test_control_characters_in_any_text_never_make_a_feed_fail(client):
    # A vertical tab is what Word pastes for a line break; the others arrive in copied text.
    article = ArticleFactory(
        title="Rail\x02 to Europe",
        standfirst="First line\x0bsecond line",
        body="Body.[^1]\n\nMore\x1b text.",
        themes=[ThemeFactory(name="Energy\x07", slug="energy")],
        authors=[PersonFactory(name="Ada\x01 Analyst")],
    )
    # python-markdown's footnotes leave part of a placeholder (STX/ETX) in the output when
    # the note's last words are emphasis that swallows it.
    FootnoteFactory(article=article, order=1, text='See [the "report"](https://e.org) *a**b*')
    for url in [reverse("archive:feed"), reverse("archive:theme_feed", args=["energy"])]:
        [entry] = entries(client, url)
        assert entry.title == "Rail to Europe"
        assert entry.summary == "First linesecond line"
        assert entry.author == "Ada Analyst"
        assert [tag.term for tag in entry.tags] == ["Energy"]
        assert "More text." in entry.content[0].value
