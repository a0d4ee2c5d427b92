"""The browse pages, home and the article page in Chromium: print, phones, dark mode."""

import os
from pathlib import Path

import pytest

from appearances.models import Role
from archive.models import AuthorProfile
from tests.appearances.factories import AppearanceFactory
from tests.factories import ArticleFactory, OutletFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "test-artifacts"))


@pytest.fixture
def content():
    author = PersonFactory(name="Raffaello Pantucci")
    AuthorProfile.objects.create(
        person=author,
        job_title="Senior Fellow, S. Rajaratnam School of International Studies",
        short_bio="Writes on China's relations with its western neighbours and on terrorism.",
        affiliations="RUSI, London: Senior Associate Fellow\nRSIS, Singapore: Senior Fellow",
    )
    paper = ArticleFactory(
        title="Beijing's security footprint in Central Asia",
        outlet=OutletFactory(name="South China Morning Post"),
        original_url="https://www.scmp.com/comment/opinion/article/1",
        countries=["cn", "kz"],
        authors=[author],
        body="Beijing is [watching](https://example.org/watch) closely.",
    )
    webinar = AppearanceFactory(
        title="China in Central Asia: launch webinar",
        countries=["cn", "np"],
        people=[(PersonFactory(name="Sara"), Role.PANELLIST)],
    )
    webinar.related_articles.add(paper)
    return paper


def test_print_hides_navigation_and_shows_link_addresses(page, content):
    page.goto(content.get_absolute_url())
    page.emulate_media(media="print")
    assert page.locator(".site-header").evaluate("e => getComputedStyle(e).display") == "none"
    assert page.locator(".breadcrumbs").evaluate("e => getComputedStyle(e).display") == "none"
    after = page.locator(".prose a").evaluate("e => getComputedStyle(e, '::after').content")
    assert "https://example.org/watch" in after


def test_phone_breadcrumbs_leave_room_between_links(page, content):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(content.get_absolute_url())
    links = page.locator(".breadcrumbs li")
    first, second = links.nth(0).bounding_box(), links.nth(1).bounding_box()
    assert second["x"] - (first["x"] + first["width"]) >= 8 or second["y"] > first["y"]


def test_screenshots_desktop_and_phone_light_and_dark(page, content):
    SHOTS.mkdir(exist_ok=True)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            for name, url in (
                ("home", "/"),
                ("countries", "/countries/"),
                ("article", content.get_absolute_url()),
                ("year", f"/{content.published_at.year}/"),
            ):
                page.goto(url)
                page.screenshot(path=SHOTS / f"browse-{name}-{width}-{scheme}.png", full_page=True)
                # Nothing wider than a phone's screen.
                assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, url
