"""The author's workspace: creating, previewing and publishing, and refusals that lose nothing."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from archive.models import Article, Country, Person, Status
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


@pytest.mark.parametrize(
    "typed, known, expected",
    [
        ("00:00:00", False, "2020-07-01 00:00"),  # date only: goes public that morning
        ("18:45:00", True, "2020-07-01 18:45"),  # a typed time is kept, and marks it known
        ("23:30:00", True, "2020-07-01 23:30"),  # late in the day stays on the same date
    ],
)
def test_a_typed_time_is_kept_and_a_date_alone_starts_the_day(
    author_client, typed, known, expected
):
    outlet = OutletFactory()
    author_client.post(
        reverse("admin:archive_article_add"), article_form(outlet, published_at_1=typed)
    )
    article = Article.objects.get()
    local = timezone.localtime(article.published_at, timezone.get_default_timezone())
    assert local.strftime("%Y-%m-%d %H:%M") == expected
    assert article.is_timed is known


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
    ArticleFactory(title="An old piece", published_at=timezone.now().replace(year=2019))
    html = author_client.get(url, {"year": "2019"}).content.decode()
    assert "An old piece" in html and "Wolf Warrior" not in html
    for odd in ["0", "99999999", "²", "abc"]:
        assert author_client.get(url, {"year": odd}).status_code == 200


@pytest.mark.parametrize("model", ["outlet", "person", "country", "theme"])
def test_deleting_vocabulary_in_use_is_refused_with_a_clear_message(author_client, model):
    outlet = OutletFactory(name="Prospect")
    person = PersonFactory(name="Veerle Nouwens")
    theme = ThemeFactory(name="Nationalism")
    article = ArticleFactory(outlet=outlet, authors=[person], countries=["kz"], themes=[theme])
    obj = {"outlet": outlet, "person": person, "country": country("kz"), "theme": theme}[model]
    url = reverse(f"admin:archive_{model}_delete", args=[obj.pk])
    page = author_client.get(url).content.decode()
    assert "would require deleting the following protected related objects" in page
    author_client.post(url, {"post": "yes"})
    assert type(obj).objects.filter(pk=obj.pk).exists()
    assert Article.objects.filter(pk=article.pk).exists()
    assert Country.objects.get(code="KZ") in article.countries.all()
    assert theme in article.themes.all()


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


def test_two_people_with_the_same_first_name_get_distinct_slugs(author_client):
    for _ in range(2):
        response = author_client.post(
            reverse("admin:archive_person_add"), {"name": "Maya", "affiliation": "ORF"}
        )
        assert response.status_code == 302
    assert sorted(Person.objects.values_list("slug", flat=True)) == ["maya", "maya-2"]


def test_publishing_a_future_dated_piece_says_it_stays_hidden(author_client):
    scheduled = ArticleFactory(draft=True, scheduled=True)
    response = author_client.post(
        reverse("admin:archive_article_changelist"),
        {"action": "publish", "_selected_action": [scheduled.pk]},
        follow=True,
    )
    assert "dated in the future and stays hidden until then" in response.content.decode()


def test_an_articles_preview_shows_its_calls_as_the_public_page_does(author_client):
    from tests.citations.factories import FootnoteFactory

    article = ArticleFactory(body="Rivers matter.[^1]")
    FootnoteFactory(article=article, order=1, text="The ministry said so.")
    other = ArticleFactory(body="Nothing cited.")
    editor = author_client.get(reverse("admin:archive_article_change", args=[article.pk]))
    body_box = re.search(r'<textarea name="body"[^>]*>', editor.content.decode()).group(0)
    path = re.search(r'data-markdownx-urls-path="([^"]+)"', body_box).group(1)
    assert path == f"{reverse('markdownx_markdownify')}?article={article.pk}"

    preview = author_client.post(path.replace("&amp;", "&"), {"content": "Edited.[^1]"})
    html = preview.content.decode()
    assert "[^1]" not in html and 'href="#fn-1"' in html
    assert "The ministry said so." in html
    # Without the article, or for another one, the call has no note to link to.
    plain = author_client.post(reverse("markdownx_markdownify"), {"content": "Edited.[^1]"})
    assert "[^1]" in plain.content.decode()
    other_path = f"{reverse('markdownx_markdownify')}?article={other.pk}"
    assert "[^1]" in author_client.post(other_path, {"content": "Edited.[^1]"}).content.decode()


def test_a_preview_never_shows_notes_to_staff_who_may_not_change_articles(client):
    from django.contrib.auth.models import Permission, User

    from tests.citations.factories import FootnoteFactory

    article = ArticleFactory(body="Rivers matter.[^1]")
    FootnoteFactory(article=article, order=1, text="A confidential source.")
    clerk = User.objects.create_user("clerk", is_staff=True)
    # May edit author profiles (a Markdown editor, so a preview) but not articles.
    clerk.user_permissions.add(Permission.objects.get(codename="change_authorprofile"))
    client.force_login(clerk)
    url = f"{reverse('markdownx_markdownify')}?article={article.pk}"
    response = client.post(url, {"content": "Edited.[^1]"})
    assert response.status_code == 200
    assert "A confidential source." not in response.content.decode()
