"""In Chromium: the JSON-LD data block raises no CSP complaint, and the header search works."""

import json

import pytest

from archive.models import AuthorProfile
from tests.factories import ArticleFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_json_ld_data_block_passes_the_csp_and_parses_in_the_browser(page):
    article = ArticleFactory(title="Khorgos and the new Silk Road", authors=[PersonFactory()])
    response = page.goto(article.get_absolute_url())
    assert "script-src 'self'" in response.headers["content-security-policy"]
    blocks = page.locator('script[type="application/ld+json"]')
    assert blocks.count() == 1
    data = json.loads(blocks.text_content())
    assert data["@graph"][0]["headline"] == "Khorgos and the new Silk Road"
    # `page` fails the test on any console error, CSP violations included.


def test_header_search_finds_published_writing(page):
    ArticleFactory(title="Khorgos dry port", body="Trains change gauge at Khorgos.")
    ArticleFactory(title="Khorgos draft", draft=True)
    page.goto("/")
    page.get_by_label("Search the archive").fill("khorgos")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=khorgos")
    assert page.get_by_role("heading", name="Khorgos dry port").is_visible()
    assert page.get_by_text("Khorgos draft").count() == 0
    assert page.locator("mark").first.text_content().lower() == "khorgos"


def test_about_page_renders_without_console_errors(page):
    AuthorProfile.objects.create(person=PersonFactory(name="Ada Analyst"), biography="Hello.")
    page.goto("/about/")
    assert page.get_by_role("heading", name="Ada Analyst", level=1).is_visible()
