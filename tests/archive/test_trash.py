"""The trash in the admin: deleting moves articles and appearances there, with everything
that belongs to them; the Trash view restores them or deletes them for good; after
TRASH_DAYS `purge_trash` deletes them; their addresses stay taken meanwhile."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from appearances.models import Appearance
from archive.models import Article
from citations.models import Citation, Footnote
from tests.admin_forms import form_data
from tests.appearances.factories import AppearanceFactory
from tests.citations.factories import FootnoteFactory, SourceFactory
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

ARTICLES = reverse("admin:archive_article_changelist")
APPEARANCES = reverse("admin:appearances_appearance_changelist")


def listed(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return [str(obj) for obj in response.context["cl"].result_list]


def action_names(client, url, **params):
    form = client.get(url, params).context["action_form"]
    return {name for name, _ in form.fields["action"].choices if name}


def test_deleting_an_article_moves_it_to_the_trash_with_its_notes(author_client):
    article = ArticleFactory(title="Notes piece")
    FootnoteFactory(article=article, order=1, sources=[SourceFactory()])
    url = reverse("admin:archive_article_delete", args=[article.pk])
    confirm = author_client.get(url).content.decode()
    assert "Move the article “Notes piece” to the trash?" in confirm
    response = author_client.post(url, {"post": "yes"}, follow=True)
    assert "moved to the trash" in response.content.decode()
    article.refresh_from_db()
    assert article.in_trash
    assert Footnote.objects.filter(article=article).count() == 1
    assert Citation.objects.count() == 1
    assert "Notes piece" not in listed(author_client, ARTICLES)
    assert listed(author_client, ARTICLES, trash="1") == ["Notes piece"]


def test_the_list_moves_to_the_trash_in_bulk_and_the_trash_restores(author_client):
    kept, *gone = ArticleFactory.create_batch(3)
    assert "move_to_trash" in action_names(author_client, ARTICLES)
    assert "delete_selected" not in action_names(author_client, ARTICLES)
    author_client.post(
        ARTICLES, {"action": "move_to_trash", "_selected_action": [a.pk for a in gone]}
    )
    assert listed(author_client, ARTICLES) == [str(kept)]
    assert action_names(author_client, ARTICLES, trash="1") == {"restore", "delete_selected"}
    author_client.post(
        f"{ARTICLES}?trash=1", {"action": "restore", "_selected_action": [gone[0].pk]}
    )
    assert sorted(listed(author_client, ARTICLES)) == sorted([str(kept), str(gone[0])])
    assert Article.objects.published().count() == 2


def test_the_trash_deletes_for_good_after_confirming(author_client):
    article = ArticleFactory(title="Unwanted")
    FootnoteFactory(article=article, order=1)
    article.move_to_trash()
    data = {"action": "delete_selected", "_selected_action": [article.pk]}
    confirm = author_client.post(f"{ARTICLES}?trash=1", data).content.decode()
    assert "This deletes the selected article for good" in confirm
    assert Article.objects.filter(pk=article.pk).exists()
    author_client.post(f"{ARTICLES}?trash=1", {**data, "post": "yes"})
    assert not Article.objects.filter(pk=article.pk).exists()
    assert not Footnote.objects.exists()


def test_deleting_an_appearance_moves_it_to_the_trash_single_and_bulk(author_client):
    one, two, three = AppearanceFactory.create_batch(3)
    author_client.post(
        reverse("admin:appearances_appearance_delete", args=[one.pk]), {"post": "yes"}
    )
    author_client.post(APPEARANCES, {"action": "move_to_trash", "_selected_action": [two.pk]})
    assert listed(author_client, APPEARANCES) == [str(three)]
    assert sorted(listed(author_client, APPEARANCES, trash="1")) == sorted([str(one), str(two)])
    assert Appearance.objects.trashed().count() == 2


def test_a_trashed_records_page_in_the_admin_says_so(author_client):
    article = ArticleFactory()
    article.move_to_trash()
    page = author_client.get(reverse("admin:archive_article_change", args=[article.pk]))
    assert "is in the trash since" in page.content.decode()


def test_purge_trash_deletes_for_good_only_what_has_waited_long_enough(settings):
    settings.TRASH_DAYS = 30
    old, recent, live = ArticleFactory.create_batch(3)
    old_appearance = AppearanceFactory()
    for row in (old, recent, old_appearance):
        row.move_to_trash()
    long_ago = timezone.now() - timedelta(days=31)
    Article.objects.filter(pk=old.pk).update(deleted_at=long_ago)
    Appearance.objects.filter(pk=old_appearance.pk).update(deleted_at=long_ago)
    out = StringIO()
    call_command("purge_trash", stdout=out)
    assert set(Article.objects.values_list("pk", flat=True)) == {recent.pk, live.pk}
    assert not Appearance.objects.exists()
    assert "1 article" in out.getvalue() and "1 appearance" in out.getvalue()


def test_a_trashed_articles_address_stays_taken_with_a_clear_message(author_client):
    article = ArticleFactory(title="First go", slug="first-go")
    article.move_to_trash()
    add = reverse("admin:archive_article_add")
    data = form_data(author_client.get(add).content.decode(), "article_form")
    data.update(
        title=["Second go"],
        slug=["first-go"],
        outlet=[article.outlet.pk],
        published_at_0=["10/03/2021"],
        published_at_1=["00:00:00"],
    )
    response = author_client.post(add, data)
    assert response.status_code == 200
    assert "“First go” is in the trash and still uses this slug" in response.content.decode()
    assert Article.objects.count() == 1


def test_linking_an_appearance_to_writing_never_offers_a_trashed_article(author_client):
    ArticleFactory(title="Corridor live")
    ArticleFactory(title="Corridor trashed").move_to_trash()
    response = author_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "corridor",
            "app_label": "appearances",
            "model_name": "appearance",
            "field_name": "related_articles",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Corridor live"]
