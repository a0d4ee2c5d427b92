"""A reader in a real Chromium: follow a call site, come back, see the note in a popover."""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from archive.demo import article_slug
from archive.models import Article

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "test-artifacts"))


@pytest.fixture
def paper_url():
    # A transactional test may start from a flushed database; the demo loader
    # creates any country it needs.
    call_command("load_demo", stdout=StringIO())
    return Article.objects.get(slug=article_slug("beijing-binds-gwu")).get_absolute_url()


def test_reader_follows_a_call_site_to_its_note_and_the_back_link_home(page, paper_url):
    page.goto(paper_url)
    call = page.locator("#fnref-33 a")
    call.click()
    assert page.evaluate("location.hash") == "#fn-33"
    note = page.locator("#fn-33")
    assert note.is_visible()
    assert "Kazakhstan summons Chinese ambassador" in note.inner_text()
    note.locator("a.footnote-backref").click()
    assert page.evaluate("location.hash") == "#fnref-33"
    assert page.locator("#fnref-33").is_visible()
    SHOTS.mkdir(exist_ok=True)
    page.locator("#fn-36").scroll_into_view_if_needed()
    page.locator("#notes").screenshot(path=SHOTS / "notes-section.png")


def test_a_note_called_twice_links_back_to_each_call_site(page, paper_url):
    # The author's paper calls each note once: call note 21 a second time, as an
    # author may, at the end of the text.
    paper = Article.objects.get(slug=article_slug("beijing-binds-gwu"))
    Article.objects.filter(pk=paper.pk).update(body=paper.body + " Again.[^21]")
    from archive.cache import content_changed

    content_changed()
    page.goto(paper_url)
    page.locator("#fn-21").get_by_role("link", name="Back to citation b").click()
    assert page.evaluate("location.hash") == "#fnref2-21"
    assert page.locator("#fnref2-21").is_visible()


def test_hovering_a_call_site_shows_its_note_in_a_popover(page, paper_url):
    page.goto(paper_url)
    page.locator("#fnref-6 a").hover()
    popover = page.locator(".footnote-popover")
    popover.wait_for()
    assert "Death Toll In Ethnic Clashes" in popover.inner_text()
    assert page.locator("#fnref-6 a").get_attribute("aria-describedby") == "footnote-popover"
    page.mouse.move(5, 5)
    popover.wait_for(state="detached")


def test_keyboard_focus_on_a_call_site_shows_the_popover_and_escape_hides_it(page, paper_url):
    page.goto(paper_url)
    page.locator("#fnref-35 a").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('sup').id") == "fnref-36"
    popover = page.locator(".footnote-popover")
    assert "Kazakhstan summons" in popover.inner_text()
    assert "Same source as note 33" in popover.inner_text()
    page.keyboard.press("Escape")
    popover.wait_for(state="detached")


def test_without_javascript_call_sites_are_plain_links(_browser, live_server, paper_url):
    context = _browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(paper_url)
    page.locator("#fnref-1 a").click()
    assert page.url.endswith("#fn-1")
    assert page.locator(".footnote-popover").count() == 0
    context.close()
