"""The browse pages, home and the article page in Chromium: print, phones, dark mode."""

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

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


def test_provenance_line_keeps_its_full_stop_beside_the_date(page, content):
    # The date's template ended in a newline, which the line rendered as a space: on a
    # 1280-pixel page the full stop after "30 June 2020" wrapped onto a line of its own.
    page.goto(content.get_absolute_url())
    provenance = page.locator(".provenance").inner_text()
    assert provenance.endswith(f"{page.locator('.provenance time').inner_text()}.")
    content.alt_title = "Beijing's reach"
    content.save()
    page.goto(content.get_absolute_url())
    assert ", also as “Beijing's reach”." in page.locator(".provenance").inner_text()
    assert " ," not in page.locator(".provenance").inner_text()


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


@pytest.fixture
def a_busy_spring(content, monkeypatch):
    """Six pieces over March and April 2020, four to a page of the year and the month: page
    2 of 2020 goes on with April, then March."""
    from archive.views.find import DatedRecordsMixin

    monkeypatch.setattr(DatedRecordsMixin, "paginate_by", 4)
    outlet = OutletFactory(name="The Diplomat")
    for day in (2, 9, 16, 23, 30):
        ArticleFactory(
            title=f"Notes from Central Asia, {day} April",
            outlet=outlet,
            published_at=datetime(2020, 4, day, 9, tzinfo=UTC),
        )
    ArticleFactory(
        title="Kazakhstan's spring of discontent",
        outlet=outlet,
        published_at=datetime(2020, 3, 12, 9, tzinfo=UTC),
    )
    return content


def test_header_lists_people_and_fits_a_phone_and_one_desktop_row(page, content):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/people/")
    people = page.get_by_role("navigation", name="Main").get_by_role("link", name="People")
    expect(people).to_be_visible()
    expect(people).to_have_attribute("aria-current", "page")
    for url in ("/people/", "/", "/2020/04/"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
        header = page.locator(".site-header").bounding_box()
        assert header["x"] >= 0 and header["x"] + header["width"] <= 390, url
    # On a desktop the title, the nav and the search box still share one row.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/people/")
    middles = [
        (box := page.locator(part).bounding_box())["y"] + box["height"] / 2
        for part in (".site-title", ".site-nav", ".site-search")
    ]
    assert max(middles) - min(middles) < 10, middles


def test_screenshots_of_the_dates_and_people_pages(page, a_busy_spring):
    SHOTS.mkdir(exist_ok=True)
    author = a_busy_spring.authors.get()
    pages = (
        ("month", "/2020/04/"),
        ("year-page-2", "/2020/?page=2"),
        ("people", "/people/"),
        ("person", author.get_absolute_url()),
    )
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            for name, url in pages:
                page.goto(url)
                page.screenshot(path=SHOTS / f"browse-{name}-{width}-{scheme}.png", full_page=True)
                assert page.evaluate("document.documentElement.scrollWidth") <= width, url
    page.goto("/2020/?page=2")
    expect(page.get_by_role("heading", level=2).first).to_have_text("April (continued)")
