"""Stored outside addresses become links only when they are http, https or mailto, written out
in full: refused with a reason in the admin, and never a live link on the way out, even
for a row written around the admin."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from openpyxl import load_workbook

from appearances.models import Appearance
from archive.links import link_problem, public_url
from archive.models import Article, AuthorProfile, Outlet, Person
from citations.models import Source
from tests.appearances.factories import AppearanceFactory
from tests.citations.factories import FootnoteFactory, SourceFactory
from tests.factories import ArticleFactory, OutletFactory, PersonFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    " javascript:alert(1)",
    "\x01javascript:alert(1)",
    "java\u200bscript:alert(1)",
    "vbscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "//evil.example/alert(1)",
    "/\\evil.example/alert(1)",
    "https:\\\\evil.example",
    "https:evil.example",
    "https://",
    "ftp://evil.example/",
    "file:///etc/passwd",
    "mailto:",
    "https://evil.example/\u202egnp.exe",
    "relative/alert(1)",
]
FINE = [
    "https://example.org/",
    "http://example.org/a?b=c#d",
    "HTTPS://EXAMPLE.ORG/",
    "https://user@example.org:8080/path",
    "https://例子.中国/路径",
    "https://ru.wikipedia.org/wiki/Казахстан",
    "mailto:press@example.org",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_hostile_addresses_are_refused_with_a_reason(url):
    assert link_problem(url)
    assert public_url(url) == ""


@pytest.mark.parametrize("url", FINE)
def test_ordinary_addresses_may_be_linked(url):
    assert link_problem(url) is None
    assert public_url(url) == url


def test_web_only_fields_refuse_mailto():
    assert public_url("mailto:a@example.org", ("http", "https")) == ""


def test_a_javascript_profile_link_is_refused_by_the_about_page_form(author_client):
    person = PersonFactory(name="Ada Analyst")
    response = author_client.post(
        reverse("admin:archive_authorprofile_add"),
        {
            "person": person.pk,
            "same_as": "https://example.org/ada\njavascript:alert(document.cookie)",
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["same_as"]
    assert errors == [
        "Line 2 (javascript:alert(document.cookie)): Addresses starting “javascript:” cannot be "
        "linked: only http: or https: ones."
    ]
    assert not AuthorProfile.objects.exists()
    # Nothing typed is lost: the form comes back holding both lines.
    assert "https://example.org/ada" in response.text


@pytest.mark.parametrize(
    ("admin_url", "data", "field"),
    [
        ("admin:archive_outlet_add", {"name": "Ftp Times", "kind": "newspaper"}, "website"),
        ("admin:archive_person_add", {"name": "Ada"}, "url"),
        ("admin:citations_source_add", {"title": "A story"}, "url"),
        ("admin:citations_source_add", {"title": "A story"}, "archive_url"),
    ],
)
def test_url_fields_refuse_other_schemes_with_a_clear_error(author_client, admin_url, data, field):
    response = author_client.post(reverse(admin_url), {**data, field: "ftp://files.example/x"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [
        "Addresses starting “ftp:” cannot be linked: only http: or https: ones."
    ]


def test_appearance_admin_refuses_a_javascript_recording(author_client):
    outlet = OutletFactory()
    response = author_client.post(
        reverse("admin:appearances_appearance_add"),
        {"title": "Talk", "outlet": outlet.pk, "recording_url": "javascript:alert(1)"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["recording_url"] == [
        "Addresses starting “javascript:” cannot be linked: only http: or https: ones."
    ]


def hostile_archive(django_user_model):
    """Every stored outside address of every kind of record, set around the admin (as a row
    saved before the rule, or written by a script, would be)."""
    owner = PersonFactory(name="Ada Analyst", slug="ada")
    outlet = OutletFactory(name="The Hostile Times", slug="hostile")
    article = ArticleFactory(
        title="Hostile piece", slug="hostile-piece", outlet=outlet, authors=[owner], body="A[^1]."
    )
    source = SourceFactory(title="Hostile source", publisher="example.org")
    FootnoteFactory(article=article, order=1, text="See the source.", sources=[source])
    AuthorProfile.objects.create(person=owner, email="press@example.org")
    appearance = AppearanceFactory(
        title="Hostile talk", slug="hostile-talk", outlet=outlet, kind=Appearance.Kind.WEBINAR
    )
    Outlet.objects.filter(pk=outlet.pk).update(website="javascript:alert(1)")
    Person.objects.filter(pk=owner.pk).update(url="JaVaScRiPt:alert(2)")
    Article.objects.filter(pk=article.pk).update(
        original_url="java\tscript:alert(3)", full_text=True
    )
    AuthorProfile.objects.update(
        contact_url="//evil.example/alert(4)",
        same_as="https://example.org/ada\njavascript:alert(5)\n data:text/html,alert(6)",
    )
    Source.objects.filter(pk=source.pk).update(
        url="javascript:alert(7)", archive_url="vbscript:alert(8)"
    )
    # A YouTube address under another scheme must not become an embedded player either.
    Appearance.objects.filter(pk=appearance.pk).update(
        event_url="javascript:alert(9)",
        recording_url="javascript://www.youtube.com/watch?v=dQw4w9WgXcQ%0aalert(10)",
    )
    staff = django_user_model.objects.create_user("exporter", password="x", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="export_appearance"))
    return article, appearance, staff


def test_a_hostile_row_never_reaches_any_page_feed_or_export_as_a_link(client, django_user_model):
    article, appearance, staff = hostile_archive(django_user_model)
    public = [
        article.get_absolute_url(),
        article.outlet.get_absolute_url(),
        reverse("archive:person_detail", args=["ada"]),
        reverse("archive:about"),
        appearance.get_absolute_url(),
        reverse("citations:source_list"),
        reverse("citations:source_list") + "?site=example.org",
        reverse("archive:feed"),
        reverse("archive:outlet_feed", args=["hostile"]),
        reverse("appearances:feed"),
        reverse("appearances:calendar"),
        reverse("appearances:appearance_calendar", args=[appearance.slug]),
        *(
            reverse("citations:article_sources", args=[article.slug, fmt])
            for fmt in ("json", "bib", "ris")
        ),
    ]
    texts = {}
    for path in public:
        response = client.get(path)
        assert response.status_code == 200, path
        texts[path] = response.content.decode()
    client.force_login(staff)
    for fmt in ("csv", "json", "md", "ics", "xlsx"):
        response = client.get(reverse("appearances:export_file", args=[fmt]))
        content = b"".join(response.streaming_content)
        if fmt == "xlsx":
            sheet = load_workbook(io.BytesIO(content)).active
            texts[fmt] = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row)
        else:
            texts[fmt] = content.decode()
    for path, text in texts.items():
        text = text.replace("\r\n ", "")  # calendars fold long lines
        assert "Hostile" in text, path  # the records are there...
        assert "alert(" not in text, path  # ...their hostile addresses are not
        assert "evil.example" not in text and "youtube-nocookie" not in text, path
    about = texts[reverse("archive:about")]
    assert 'href="https://example.org/ada"' in about  # the good line still is
