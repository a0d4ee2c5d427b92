"""Reading an article with notes: numbering, back-links, repeats, sanitising, query count."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from archive.demo import article_slug
from archive.markdown import render_markdown
from archive.models import Article
from tests.factories import ArticleFactory

from .factories import FootnoteFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_call_sites_are_numbered_in_order_of_first_call_not_of_the_notes():
    article = ArticleFactory(body="First.[^b] Then.[^a] Again.[^b]")
    FootnoteFactory(article=article, order=1, label="a", text="Note A.")
    FootnoteFactory(article=article, order=2, label="b", text="Note B.")
    html = str(render_markdown(article.body, article))
    calls = re.findall(r'href="#fn-(\w+)"><span class="visually-hidden">Note </span>(\d+)<', html)
    assert calls == [("b", "1"), ("a", "2"), ("b", "1")]
    assert html.index('id="fn-b"') < html.index('id="fn-a"')


def test_a_note_called_twice_has_back_links_a_and_b_to_each_call_site():
    article = ArticleFactory(body="One.[^1] Two.[^1]")
    FootnoteFactory(article=article, order=1, text="The note.")
    html = str(render_markdown(article.body, article))
    assert 'id="fnref-1"' in html and 'id="fnref2-1"' in html
    assert '<a class="footnote-backref" href="#fnref-1" title="Back to citation a' in html
    assert (
        'href="#fnref2-1" title="Back to citation b in the text">'
        '<span class="visually-hidden">Back to citation </span>b</a>'
    ) in html


def test_a_note_whose_source_was_cited_earlier_says_so():
    article = ArticleFactory(body="One.[^1] Two.[^2]")
    story = SourceFactory()
    FootnoteFactory(article=article, order=1, sources=[story])
    FootnoteFactory(article=article, order=2, sources=[story])
    html = str(render_markdown(article.body, article))
    assert 'Same source as note <a href="#fn-1">1</a>.' in html
    assert html.count("Same source") == 1


def test_note_text_goes_through_the_same_sanitiser_as_the_body():
    article = ArticleFactory(body="Text.[^1]")
    FootnoteFactory(
        article=article,
        order=1,
        text='See <script>alert(1)</script> *this* <a href="javascript:x()">x</a>',
    )
    html = str(render_markdown(article.body, article))
    assert "<script" not in html and "javascript:" not in html
    assert "<em>this</em>" in html


def test_a_call_with_no_note_still_renders_the_page(client):
    article = ArticleFactory(body="Text.[^missing] More.")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "[^missing]" in response.content.decode()


def test_article_page_offers_its_sources_as_data(client):
    article = ArticleFactory(body="Text.[^1]")
    FootnoteFactory(article=article, order=1, sources=[SourceFactory()])
    html = client.get(article.get_absolute_url()).content.decode()
    for fmt in ("json", "bib", "ris"):
        assert f'href="/articles/{article.slug}/sources.{fmt}"' in html
    assert 'src="/static/js/footnotes.js" defer' in html


def test_the_63_note_article_renders_in_a_constant_number_of_queries(
    client, django_assert_max_num_queries
):
    call_command("load_demo", stdout=StringIO())
    article = Article.objects.get(slug=article_slug("beijing-binds-gwu"))
    # Includes the page cache's per-generation look-ups of the next scheduled change
    # (one for articles, one for appearances), and the appearances that discussed it.
    with django_assert_max_num_queries(10):
        response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert html.count('class="footnote-ref"') == 63  # the paper calls each note once
    assert len(re.findall(r'<li id="fn-\d+">', html)) == 63
    assert 'Same source as note <a href="#fn-33">33</a>' in html
    assert 'Same source as note <a href="#fn-45">45</a>' in html


def rendered(article):
    """The body as a fresh request renders it: the article and its notes read anew."""
    return str(render_markdown(article.body, Article.objects.get(pk=article.pk)))


def test_a_cached_article_shows_an_edited_note_or_source_at_once():
    article = ArticleFactory(slug="before", body="One.[^1] Two.[^2]")
    story, other = SourceFactory(title="Old title"), SourceFactory()
    note = FootnoteFactory(article=article, order=1, text="First wording.", sources=[story])
    FootnoteFactory(article=article, order=2, sources=[story, other])
    assert rendered(article) == rendered(article)  # the second one from the cache
    assert "First wording." in rendered(article) and "“Old title”" in rendered(article)
    note.text = "Second wording."
    note.save()
    story.title = "New title"
    story.save()
    html = rendered(article)
    assert "Second wording." in html and "First wording." not in html
    assert "“New title” as note" in html and "Old title" not in html
    Article.objects.filter(pk=article.pk).update(slug="after")
    assert 'href="/articles/after/sources.json"' in rendered(article)


def test_an_added_or_removed_note_is_never_served_from_an_older_rendering():
    article = ArticleFactory(body="One.[^1] Two.[^2]")
    FootnoteFactory(article=article, order=1, text="Kept.")
    assert "Added." not in rendered(article)
    added = FootnoteFactory(article=article, order=2, text="Added.")
    assert "Added." in rendered(article)
    added.delete()
    assert "Added." not in rendered(article)


def test_web_addresses_in_a_note_become_links_and_site_names_stay_text():
    article = ArticleFactory(body="Text.[^1] More.[^2]")
    FootnoteFactory(
        article=article,
        order=1,
        text="“Story,” reuters.com, April 14, 2020, "
        "https://www.reuters.com/article/kz-china-idUS1. "
        "See [the copy](https://example.org/copy) and `https://code.example/x`.",
    )
    FootnoteFactory(
        article=article,
        order=2,
        text="(https://en.wikipedia.org/wiki/Dordoi_(bazaar)) and javascript:alert(1)",
    )
    html = str(render_markdown(article.body, article))
    assert (
        '<a href="https://www.reuters.com/article/kz-china-idUS1">'
        "https://www.reuters.com/article/kz-china-idUS1</a>. See"
    ) in html
    assert '<a href="http://reuters.com' not in html and "reuters.com, April" in html
    assert html.count('href="https://example.org/copy"') == 1
    assert "<code>https://code.example/x</code>" in html
    assert '(<a href="https://en.wikipedia.org/wiki/Dordoi_(bazaar)">' in html
    assert 'href="javascript' not in html
