"""The author editing the 63-note paper in a real Chromium: the notes table fits the form."""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from archive.demo import article_slug
from archive.models import Article
from tests import signin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "test-artifacts"))


@pytest.mark.parametrize("width", [1280, 1024])
def test_every_column_of_the_notes_table_is_on_screen(page, author, width):
    call_command("load_demo", stdout=StringIO())
    paper = Article.objects.get(slug=article_slug("beijing-binds-gwu"))
    signin.sign_in(page, author.username, "a-long-test-password", signin.add_authenticator(author))
    page.wait_for_url("**/admin/")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(reverse("admin:archive_article_change", args=[paper.pk]))
    table = page.locator("#footnotes-group table")
    overflow = table.evaluate(
        "t => { const box = t.closest('fieldset, .tabular'); "
        "return t.getBoundingClientRect().right - box.getBoundingClientRect().right; }"
    )
    SHOTS.mkdir(exist_ok=True)
    page.locator("#footnotes-group").scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / f"admin-notes-{width}.png")
    assert overflow <= 1, f"the notes table runs {overflow:.0f} px past the form at {width}"
    delete = page.locator("#footnotes-group tbody tr.form-row td.delete").first
    assert delete.is_visible() and delete.bounding_box()["x"] + 10 < width


def test_the_live_preview_shows_the_papers_calls_as_linked_numbers(page, author):
    call_command("load_demo", stdout=StringIO())
    paper = Article.objects.get(slug=article_slug("beijing-binds-gwu"))
    signin.sign_in(page, author.username, "a-long-test-password", signin.add_authenticator(author))
    page.wait_for_url("**/admin/")
    page.goto(reverse("admin:archive_article_change", args=[paper.pk]))
    page.locator("textarea#id_body").fill("Beijing's outreach grew.[^58]")
    preview = page.locator("textarea#id_body ~ .markdownx-preview, .markdownx-preview").last
    expect(preview.locator('a[href="#fn-58"]')).to_have_count(1)
    expect(preview).not_to_contain_text("[^58]")
