"""The author's workspace: notes inline, the paste page, and the checks she sees."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from archive.demo import article_slug
from archive.models import Article
from citations.checks import note_checks
from citations.models import Footnote, Source
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def change_data(article, body, notes=()):
    """The article change form as the browser posts it, with `notes` as inline rows."""
    data = {
        "title": article.title,
        "slug": article.slug,
        "kind": article.kind,
        "status": article.status,
        "outlet": article.outlet.pk,
        "published_at_0": article.published_at.strftime("%d/%m/%Y"),
        "published_at_1": "12:00:00",
        "body": body,
        "authorships-TOTAL_FORMS": 0,
        "authorships-INITIAL_FORMS": 0,
        "images-TOTAL_FORMS": 0,
        "images-INITIAL_FORMS": 0,
        "footnotes-TOTAL_FORMS": len(notes),
        "footnotes-INITIAL_FORMS": 0,
    }
    for i, (order, label, text) in enumerate(notes):
        data.update({f"footnotes-{i}-order": order, f"footnotes-{i}-label": label})
        data[f"footnotes-{i}-text"] = text
    return data


def test_checks_flag_the_papers_duplicates_and_dates_after_it():
    call_command("load_demo", stdout=StringIO())
    article = Article.objects.get(slug=article_slug("beijing-binds-gwu"))
    warnings = note_checks(article, list(article.footnotes.with_sources()))
    duplicates = [w for w in warnings if "is cited in notes" in w]
    assert len(duplicates) == 2
    assert any("notes 33 and 36" in w for w in duplicates)
    assert any("notes 45 and 53" in w for w in duplicates)
    late = [w for w in warnings if "after the article" in w]
    assert [w.split()[1] for w in late] == ["59", "61"]
    assert not any("never" in w or "No call site" in w or "calls [^" in w for w in warnings)


def test_checks_flag_calls_without_notes_and_notes_without_calls():
    article = ArticleFactory(body="Text.[^1] Also.[^ghost]")
    Footnote.objects.create(article=article, order=1, text="Used.")
    Footnote.objects.create(article=article, order=2, text="Unused.")
    warnings = note_checks(article, list(article.footnotes.with_sources()))
    assert any("calls [^ghost]" in w for w in warnings)
    assert any("[^2]" in w and "No call site" in w for w in warnings)


def test_a_label_called_but_never_defined_is_an_error_and_nothing_is_lost(author_client):
    article = ArticleFactory(body="Old.")
    url = reverse("admin:archive_article_change", args=[article.pk])
    body = "New text.[^nowhere]"
    response = author_client.post(url, change_data(article, body))
    assert response.status_code == 200
    assert "The text calls [^nowhere], but no note has that number or label" in (
        response.content.decode()
    )
    assert body in response.content.decode()
    article.refresh_from_db()
    assert article.body == "Old."


def test_definitions_typed_in_the_body_become_note_rows_on_save(author_client):
    article = ArticleFactory(body="Old.")
    url = reverse("admin:archive_article_change", args=[article.pk])
    body = (
        "Text.[^1] More.[^reuters]\n\n"
        "[^1]: See above.\n[^reuters]: “Story,” reuters.com, April 14, 2020."
    )
    response = author_client.post(url, change_data(article, body))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "Text.[^1] More.[^reuters]"
    notes = list(article.footnotes.with_sources())
    assert [(n.key, n.text) for n in notes] == [
        ("1", "See above."),
        ("reuters", "“Story,” reuters.com, April 14, 2020."),
    ]
    assert [c.source.domain for c in notes[1].citations.all()] == ["reuters.com"]


def test_notes_added_inline_satisfy_the_calls(author_client):
    article = ArticleFactory(body="Old.")
    url = reverse("admin:archive_article_change", args=[article.pk])
    data = change_data(article, "Text.[^1][^why]", [(1, "", "One."), (2, "why", "Because.")])
    assert author_client.post(url, data).status_code == 302
    assert [n.key for n in article.footnotes.all()] == ["1", "why"]


def test_pasting_shows_what_was_read_and_saves_only_on_confirmation(author_client, endnote_paste):
    article = ArticleFactory()
    url = reverse("admin:citations_paste_notes", args=[article.pk])
    preview = author_client.post(url, {"text": endnote_paste, "preview": "1"})
    html = preview.content.decode()
    assert "63 notes" in html and "64 distinct sources" in html
    assert "2 notes could not be read completely" in html
    assert not article.footnotes.exists()
    saved = author_client.post(url, {"text": endnote_paste, "confirm": "1", "replace": "on"})
    assert saved.status_code == 302
    assert article.footnotes.count() == 63
    assert Source.objects.count() == 64
    again = author_client.post(url, {"text": endnote_paste, "confirm": "1", "replace": "on"})
    assert again.status_code == 302
    assert (article.footnotes.count(), Source.objects.count()) == (63, 64)


def test_the_change_page_shows_the_checks_and_the_paste_link(author_client):
    call_command("load_demo", stdout=StringIO())
    article = Article.objects.get(slug=article_slug("beijing-binds-gwu"))
    html = author_client.get(reverse("admin:archive_article_change", args=[article.pk])).content
    html = html.decode()
    assert reverse("admin:citations_paste_notes", args=[article.pk]) in html
    assert "is cited in notes 33 and 36" in html
    assert "Note 59 cites a source dated 30 August 2020" in html


def test_a_malformed_source_address_is_an_error_on_that_field(author_client):
    response = author_client.post(
        reverse("admin:citations_source_add"),
        {"title": "A story", "url": "not a url", "kind": "article", "date_precision": "day"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "url": ["The address contains a space, a line break or an invisible character."]
    }
    assert "A story" in response.content.decode()


def test_the_63_note_change_page_does_not_query_once_per_note(
    author_client, django_assert_max_num_queries
):
    call_command("load_demo", stdout=StringIO())
    article = Article.objects.get(slug=article_slug("beijing-binds-gwu"))
    with django_assert_max_num_queries(25):
        response = author_client.get(reverse("admin:archive_article_change", args=[article.pk]))
    html = response.content.decode()
    # Note 21's three sources, shown in the order the note cites them.
    picker = html[html.index('name="footnotes-20-cited"') :]
    picker = picker[: picker.index("</select>")]
    assert picker.index("V Tashkent") < picker.index("Dzhek ma") < picker.index("V Kyrygyzstan")


def test_sources_chosen_inline_are_saved_in_the_order_given(author_client):
    article = ArticleFactory(body="Old.")
    first, second = Source.objects.create(title="First"), Source.objects.create(title="Second")
    data = change_data(article, "Text.[^1]", [(1, "", "Two sources.")])
    data["footnotes-0-cited"] = [second.pk, first.pk]
    url = reverse("admin:archive_article_change", args=[article.pk])
    assert author_client.post(url, data).status_code == 302
    footnote = article.footnotes.get()
    assert [c.source.title for c in footnote.citations.order_by("order")] == ["Second", "First"]
