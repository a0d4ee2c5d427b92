"""The author in a real Chromium: edit a note, read what changed, restore the earlier version;
trash an article and see the public page gone."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from citations.models import Footnote
from tests import signin
from tests.citations.factories import FootnoteFactory, SourceFactory
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "test-artifacts"))


def sign_in(page, author):
    signin.sign_in(page, author.username, "a-long-test-password", signin.add_authenticator(author))
    page.wait_for_url("**/admin/")


def shoot(page, name):
    SHOTS.mkdir(exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_author_edits_a_note_reads_the_change_and_restores_the_earlier_version(page, author):
    source = SourceFactory(title="Ministry statement", publisher="mfa.example")
    article = ArticleFactory(title="Water and borders", body="Rivers matter.[^1]")
    FootnoteFactory(article=article, order=1, text="The ministry said so.", sources=[source])
    sign_in(page, author)

    page.goto(reverse("admin:archive_article_change", args=[article.pk]))
    page.fill("#id_footnotes-0-text", "The embassy said so.")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    assert Footnote.objects.get().text == "The embassy said so."

    page.goto(reverse("admin:archive_article_history", args=[article.pk]))
    assert "author" in page.locator("#change-history").inner_text()
    page.get_by_role("link", name="What changed").first.click()
    diff = page.locator(".history-changes")
    assert diff.locator("del", has_text="ministry").is_visible()
    assert diff.locator("ins", has_text="embassy").is_visible()
    shoot(page, "history-what-changed")

    page.go_back()
    page.get_by_role("link", name="Restore this version").first.click()
    assert page.input_value("#id_footnotes-0-text") == "The ministry said so."
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    assert Footnote.objects.get().text == "The ministry said so."
    assert [c.source for c in Footnote.objects.get().citations.all()] == [source]


def test_a_trashed_article_is_gone_from_the_site_and_waits_in_the_trash(page, author):
    article = ArticleFactory(title="Rail to Europe")
    response = page.goto(article.get_absolute_url())
    assert response.status == 200
    sign_in(page, author)
    page.goto(reverse("admin:archive_article_delete", args=[article.pk]))
    shoot(page, "trash-confirm")
    page.click("input[value='Move to the trash']")
    page.wait_for_selector(".messagelist .success")
    page.goto(reverse("admin:archive_article_changelist") + "?trash=1")
    assert "Rail to Europe" in page.locator("#result_list").inner_text()
    shoot(page, "trash-list")

    page.context.clear_cookies()
    response = page.goto(article.get_absolute_url())
    assert response.status == 410
    assert "removed from the archive" in page.inner_text("main")
    shoot(page, "gone-410")
