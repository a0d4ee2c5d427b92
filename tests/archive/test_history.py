"""Revision history in the admin: who changed what and when, what changed, and restoring a
version (notes and all), for articles, appearances and sources."""

import pytest
from django.urls import reverse
from reversion.models import Version

from appearances.models import Role
from archive.models import Article, Status
from citations.models import Citation, Footnote
from tests.admin_forms import form_data
from tests.appearances.factories import AppearanceFactory
from tests.citations.factories import FootnoteFactory, SourceFactory
from tests.factories import ArticleFactory, PersonFactory

pytestmark = pytest.mark.django_db


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def save_form(client, url, changes=None, form_id=None):
    """Load the admin form at `url`, change some fields and post it back, as a person would."""
    page = client.get(url)
    assert page.status_code == 200, url
    data = form_data(page.content.decode(), form_id)
    for name, value in (changes or {}).items():
        data[name] = [value]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:4000]
    return response


def test_a_notes_old_text_comes_back_when_the_earlier_version_is_restored(author_client):
    source = SourceFactory(title="Kazakh statement")
    article = ArticleFactory(body="Text.[^1]")
    note = FootnoteFactory(article=article, order=1, text="The original note.", sources=[source])
    save_form(
        author_client,
        change_url(article),
        {"footnotes-0-text": "A rewritten note."},
        "article_form",
    )
    note.refresh_from_db()
    assert note.text == "A rewritten note."

    versions = list(Version.objects.get_for_object(article).order_by("pk"))
    assert len(versions) == 2  # as it was, and as edited
    restore = reverse("admin:archive_article_revision", args=[article.pk, versions[0].pk])
    save_form(author_client, restore, form_id="article_form")

    note.refresh_from_db()
    assert note.text == "The original note."
    assert [c.source for c in note.citations.all()] == [source]


def test_history_says_who_changed_what_and_when(author_client, author):
    article = ArticleFactory(title="Old title", body="Text.[^1]")
    FootnoteFactory(article=article, order=1, text="The note cites the ministry.")
    save_form(
        author_client,
        change_url(article),
        {"title": "New title", "footnotes-0-text": "The note cites the embassy."},
        "article_form",
    )
    page = author_client.get(reverse("admin:archive_article_history", args=[article.pk]))
    html = page.content.decode()
    assert "author" in html and "Changed Title" in html
    newest = Version.objects.get_for_object(article).order_by("-pk").first()
    changes = author_client.get(
        reverse("admin:archive_article_changes", args=[article.pk, newest.pk])
    ).content.decode()
    assert "<del>Old </del><ins>New </ins>title" in changes or (
        "<del>Old" in changes and "<ins>New" in changes
    )
    # The note, field by field: the word that changed, struck and inserted.
    assert "Footnotes" in changes
    assert "<del>ministry.</del>" in changes and "<ins>embassy.</ins>" in changes


def test_publishing_from_the_list_is_a_revision(author_client, author):
    drafts = ArticleFactory.create_batch(2, draft=True)
    response = author_client.post(
        reverse("admin:archive_article_changelist"),
        {"action": "publish", "_selected_action": [a.pk for a in drafts]},
    )
    assert response.status_code == 302
    for article in drafts:
        versions = Version.objects.get_for_object(article).order_by("pk")
        assert [v.field_dict["status"] for v in versions] == [Status.DRAFT, Status.PUBLISHED]
        assert versions.last().revision.user == author
        assert "Published" in versions.last().revision.comment


def test_an_article_deleted_for_good_comes_back_with_its_63_notes_and_their_sources(
    author_client,
):
    sources = SourceFactory.create_batch(5)
    article = ArticleFactory(body=" ".join(f"Point.[^{n}]" for n in range(1, 64)))
    for n in range(1, 64):
        FootnoteFactory(article=article, order=n, text=f"Note {n}.", sources=sources[n % 5 :][:2])
    citations = sorted(Citation.objects.values_list("footnote__order", "source_id", "order"))
    # Into the trash, then out of it for good.
    author_client.post(reverse("admin:archive_article_delete", args=[article.pk]), {"post": "yes"})
    assert Article.objects.get(pk=article.pk).in_trash
    author_client.post(reverse("admin:archive_article_delete", args=[article.pk]), {"post": "yes"})
    assert not Article.objects.filter(pk=article.pk).exists()
    assert not Footnote.objects.exists()

    recover_list = author_client.get(reverse("admin:archive_article_recoverlist")).content.decode()
    assert article.title in recover_list
    deleted = Version.objects.get_deleted(Article).get()
    save_form(
        author_client,
        reverse("admin:archive_article_recover", args=[deleted.pk]),
        form_id="article_form",
    )

    restored = Article.objects.get(pk=article.pk)
    assert not restored.in_trash and restored in Article.objects.published()
    assert restored.footnotes.count() == 63
    assert sorted(Citation.objects.values_list("footnote__order", "source_id", "order")) == (
        citations
    )
    assert len(citations) > 63


def test_restoring_a_source_brings_its_text_back_and_never_unlinks_notes(author_client):
    source = SourceFactory(title="Statement by the ministry")
    FootnoteFactory(sources=[source])
    url = change_url(source)
    save_form(author_client, url, {"title": "Statement by the embassy"}, "source_form")
    FootnoteFactory(sources=[source])  # cited again, after the edit
    first = Version.objects.get_for_object(source).order_by("pk").first()
    restore = reverse("admin:citations_source_revision", args=[source.pk, first.pk])
    save_form(author_client, restore, form_id="source_form")
    source.refresh_from_db()
    assert source.title == "Statement by the ministry"
    assert source.citations.count() == 2


def test_an_appearance_comes_back_with_its_participants(author_client):
    person = PersonFactory(name="Ada Analyst")
    appearance = AppearanceFactory(title="Old topic", people=[(person, Role.HOST)])
    url = change_url(appearance)
    save_form(
        author_client,
        url,
        {"title": "New topic", "participations-0-DELETE": "on"},
        "appearance_form",
    )
    appearance.refresh_from_db()
    assert appearance.title == "New topic" and not appearance.participations.exists()
    first = Version.objects.get_for_object(appearance).order_by("pk").first()
    restore = reverse("admin:appearances_appearance_revision", args=[appearance.pk, first.pk])
    save_form(author_client, restore, form_id="appearance_form")
    appearance.refresh_from_db()
    assert appearance.title == "Old topic"
    assert [p.person for p in appearance.participations.all()] == [person]
