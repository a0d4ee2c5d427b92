"""The author's workspace: creating, previewing and publishing, and refusals that lose nothing."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from archive.models import Article, Country, Status
from tests.factories import ArticleFactory, OutletFactory, PersonFactory, ThemeFactory, country

pytestmark = pytest.mark.django_db


def article_form(outlet, **overrides):
    data = {
        "title": "Beware the spirit of the Wolf Warrior",
        "slug": "beware-the-spirit-of-the-wolf-warrior",
        "standfirst": "Combative diplomacy has a cost.",
        "kind": "op-ed",
        "status": "draft",
        "outlet": outlet.pk,
        "published_at_0": "2020-07-01",
        "published_at_1": "05:00:00",
        "introduction": "A piece for the Straits Times.",
        "body": "The body, with **emphasis**.",
        "authorships-TOTAL_FORMS": "0",
        "authorships-INITIAL_FORMS": "0",
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
        # The citations app adds its footnote inline to this admin.
        "footnotes-TOTAL_FORMS": "0",
        "footnotes-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_author_creates_a_draft_with_authors_countries_and_themes(author_client):
    outlet = OutletFactory(name="The Straits Times")
    person = PersonFactory(name="Raffaello Pantucci")
    nationalism = ThemeFactory(name="Nationalism")
    data = article_form(
        outlet,
        countries=[country("cn").pk, country("in").pk],
        themes=[nationalism.pk],
        **{
            "authorships-TOTAL_FORMS": "1",
            "authorships-0-person": person.pk,
            "authorships-0-order": "0",
        },
    )
    response = author_client.post(reverse("admin:archive_article_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug="beware-the-spirit-of-the-wolf-warrior")
    assert article.status == Status.DRAFT
    assert article.ordered_authors == [person]
    assert {c.slug for c in article.countries.all()} == {"cn", "in"}
    assert list(article.themes.all()) == [nationalism]
    assert not Article.objects.published().exists()


def test_without_a_known_time_the_date_is_pinned_to_midday(author_client):
    outlet = OutletFactory()
    author_client.post(
        reverse("admin:archive_article_add"),
        article_form(outlet, published_at_1="00:00:00", time_known=""),
    )
    article = Article.objects.get()
    assert article.published_at.astimezone().hour in (11, 12, 13)
    assert not article.time_known


def test_author_previews_a_draft_then_publishes_it_with_the_bulk_action(author_client):
    client = Client()  # an anonymous visitor beside the signed-in author
    draft = ArticleFactory(draft=True, title="A piece not yet out")
    change = author_client.get(reverse("admin:archive_article_change", args=[draft.pk]))
    assert "View on site" in change.content.decode()
    view_on_site = author_client.get(
        reverse(
            "admin:view_on_site", args=[ContentType.objects.get_for_model(Article).pk, draft.pk]
        )
    )
    assert view_on_site.url.endswith(draft.get_absolute_url())
    assert author_client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404

    response = author_client.post(
        reverse("admin:archive_article_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert "1 article published." in response.content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 200

    author_client.post(
        reverse("admin:archive_article_changelist"),
        {"action": "unpublish", "_selected_action": [draft.pk]},
    )
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_changelist_filters_and_search_work(author_client):
    ArticleFactory(title="Huawei is no way", countries=["gb"])
    ArticleFactory(title="Wolf Warrior", countries=["cn"])
    url = reverse("admin:archive_article_changelist")
    html = author_client.get(url, {"q": "huawei"}).content.decode()
    assert "Huawei is no way" in html and "Wolf Warrior" not in html
    gb = country("gb")
    html = author_client.get(url, {"countries__id__exact": gb.pk}).content.decode()
    assert "Huawei is no way" in html and "Wolf Warrior" not in html
    assert author_client.get(url, {"year": "2020"}).status_code == 200


@pytest.mark.parametrize("model", ["outlet", "person", "country"])
def test_deleting_vocabulary_in_use_is_refused_with_a_clear_message(author_client, model):
    outlet = OutletFactory(name="Prospect")
    person = PersonFactory(name="Veerle Nouwens")
    article = ArticleFactory(outlet=outlet, authors=[person], countries=["kz"])
    obj = {"outlet": outlet, "person": person, "country": country("kz")}[model]
    url = reverse(f"admin:archive_{model}_delete", args=[obj.pk])
    page = author_client.get(url).content.decode()
    assert "would require deleting the following protected related objects" in page
    author_client.post(url, {"post": "yes"})
    assert type(obj).objects.filter(pk=obj.pk).exists()
    assert Article.objects.filter(pk=article.pk).exists()
    assert Country.objects.get(code="KZ") in article.countries.all()


def test_autocomplete_finds_countries_by_name(author_client):
    response = author_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "kazakh",
            "app_label": "archive",
            "model_name": "article",
            "field_name": "countries",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Kazakhstan"]


def test_theme_autocomplete_is_served(author_client):
    ThemeFactory(name="Central Asia")
    response = author_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "central",
            "app_label": "archive",
            "model_name": "article",
            "field_name": "themes",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Central Asia"]


def test_markdown_preview_is_sanitised_and_staff_only(author_client):
    client = Client()
    url = reverse("markdownx_markdownify")
    payload = {"content": "**bold** <script>alert(1)</script>"}
    assert client.post(url, payload).status_code == 403
    html = author_client.post(url, payload).content.decode()
    assert "<strong>bold</strong>" in html
    assert "<script" not in html


def test_image_upload_endpoint_refuses_anonymous_visitors(client, tmp_path):
    image = tmp_path / "x.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n")
    with image.open("rb") as handle:
        response = client.post(reverse("markdownx_upload"), {"image": handle})
    assert response.status_code == 403
