"""Real Chromium, driven by Playwright: a visitor's path through the site and the author's
publishing flow in the admin. The `page` fixture fails a test on any console error, so a
CSP violation (an inline script or style) fails it too."""

import re

import pytest
from playwright.sync_api import expect

from archive.models import Article, Status
from tests.factories import ArticleFactory, OutletFactory, PersonFactory, ThemeFactory
from tests.signin import add_authenticator, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def published():
    central_asia = ThemeFactory(name="Central Asia", slug="central-asia")
    outlet = OutletFactory(name="East Asia Forum")
    return ArticleFactory(
        title="Rising nationalism tests China's uneasy partnerships in Central Asia",
        slug="rising-nationalism",
        outlet=outlet,
        countries=["kz", "kg", "cn"],
        themes=[central_asia],
        authors=[PersonFactory(name="Raffaello Pantucci")],
        body="Public opinion in **Kazakhstan** has long been wary.",
    )


def test_visitor_goes_home_then_a_country_then_an_article(page, published):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Kazakhstan")).first.click()
    expect(page).to_have_url(re.compile(r"/countries/kz/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kazakhstan")
    page.get_by_role("link", name=published.title).click()
    expect(page).to_have_url(re.compile(r"/articles/rising-nationalism/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(published.title)
    expect(page.locator(".prose strong")).to_have_text("Kazakhstan")
    expect(page.get_by_text("First published in East Asia Forum")).to_be_visible()


def test_keyboard_user_can_skip_to_content(page, published):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()


def test_filters_narrow_the_list_in_the_browser(page, published):
    ArticleFactory(title="A piece about India", countries=["in"])
    page.goto("/articles/")
    expect(page.locator(".item")).to_have_count(2)
    page.locator(".facet").filter(has_text="Country").get_by_role(
        "link", name=re.compile(r"^India")
    ).click()
    expect(page.locator(".item")).to_have_count(1)
    expect(page.get_by_role("link", name="A piece about India")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"Country: India")).click()
    expect(page.locator(".item")).to_have_count(2)


def test_layout_fits_a_phone_screen(page, published):
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ["/", "/articles/", "/countries/kz/", published.get_absolute_url()]:
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"


def test_author_logs_in_and_publishes_a_draft(page, author, live_server):
    draft = ArticleFactory(
        title="Lessons of Covid-19 for defence spending", slug="defence-lessons", draft=True
    )
    page.goto(draft.get_absolute_url())
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()

    sign_in(page, "author", "a-long-test-password", add_authenticator(author))
    page.get_by_role("link", name="Articles").first.click()
    page.get_by_role("link", name="Lessons of Covid-19 for defence spending").click()

    # The live Markdown preview renders through the sanitising renderer.
    body = page.locator("textarea#id_body")
    body.fill("A **bold** claim <script>alert(1)</script>")
    preview = page.locator(".markdownx-preview").last
    expect(preview.locator("strong")).to_have_text("bold")
    expect(preview.locator("script")).to_have_count(0)

    page.get_by_label("Status").select_option("published")
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert Article.objects.get(pk=draft.pk).status == Status.PUBLISHED

    visitor = page.context.browser.new_page(base_url=live_server.url)
    visitor.goto(draft.get_absolute_url())
    expect(visitor.get_by_role("heading", level=1)).to_have_text(draft.title)
    expect(visitor.locator(".prose strong")).to_have_text("bold")
    visitor.close()
