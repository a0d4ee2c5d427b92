"""The changed admin pages in a real Chromium, with screenshots for a person to look at:
an article dated on its outlet's clock with an empty time, the duplicate warning's
"add what I typed" button, and the export page's counts."""

import os
from datetime import date, time
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from appearances.models import Appearance
from archive.models import Article
from tests import signin
from tests.appearances.factories import AppearanceFactory
from tests.factories import OutletFactory, country

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "test-artifacts"))


def sign_in(page, author):
    signin.sign_in(page, author.username, "a-long-test-password", signin.add_authenticator(author))
    page.wait_for_url("**/admin/")


def choose(page, selector, obj):
    """Pick `obj` in an autocomplete box, as choosing it from the suggestions would."""
    page.evaluate(
        "([selector, pk, name]) => { const s = document.querySelector(selector);"
        " s.append(new Option(name, pk, true, true)); s.dispatchEvent(new Event('change')); }",
        [selector, str(obj.pk), str(obj)],
    )


def shoot(page, name):
    SHOTS.mkdir(exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_an_article_with_an_empty_time_saves_on_its_outlets_day(page, author):
    outlet = OutletFactory(name="The Straits Times", country=country("sg"))
    sign_in(page, author)
    page.goto(reverse("admin:archive_article_add"))
    page.fill("#id_title", "Covid-19 is fuel to the flames of security threats")
    page.fill("#id_slug", "fuel-to-the-flames")
    choose(page, "#id_outlet", outlet)
    page.fill("#id_published_at_0", "27/04/2020")
    page.fill("#id_published_at_1", "")
    shoot(page, "admin-article-publication-date")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    article = Article.objects.get()
    assert article.published_on == date(2020, 4, 27)
    assert article.timezone == "Asia/Singapore" and not article.is_timed


def test_the_duplicate_warning_adds_what_was_typed_to_the_existing_record(page, author):
    existing = AppearanceFactory(title="ISIS in South Asia", start_time=time(18))
    sign_in(page, author)
    page.goto(reverse("admin:appearances_appearance_add"))
    page.fill("#id_title", "Book discussion: ISIS in South Asia")
    choose(page, "#id_outlet", existing.outlet)
    page.fill("#id_start_date", "29/04/2020")
    page.fill("#id_start_time", "18:00")
    page.fill("#id_timezone", "Asia/Kolkata")
    page.fill("#id_recording_url", "https://youtu.be/abcDEF12345")
    page.click("input[name=_save]")
    button = page.get_by_role("button", name="Add what I typed to “ISIS in South Asia”")
    button.wait_for()
    assert page.input_value("#id_recording_url") == "https://youtu.be/abcDEF12345"
    shoot(page, "admin-appearance-duplicate-warning")
    button.click()
    page.wait_for_selector(".messagelist .success")
    shoot(page, "admin-appearance-merged")
    assert Appearance.objects.count() == 1
    existing.refresh_from_db()
    assert existing.recording_url == "https://youtu.be/abcDEF12345"


def test_the_export_page_is_linked_from_the_admin_and_counts_before_download(page, author):
    AppearanceFactory(start_date=date(2020, 5, 3))
    AppearanceFactory(start_date=date(2020, 7, 1), month_only=True)
    sign_in(page, author)
    page.goto(reverse("admin:appearances_appearance_changelist"))
    page.get_by_role("link", name="Export appearances").click()
    page.wait_for_url("**/exports/appearances/")
    page.fill("#id_year", "2020")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_selector(".export-count")
    assert "2 appearances" in page.inner_text(".export-count")
    assert page.get_by_text("appearances_2020.csv").is_visible()
    shoot(page, "export-page-counts")


def test_the_start_time_is_said_in_the_organisers_zone_with_its_utc_instant(new_york_page, author):
    page = new_york_page
    appearance = AppearanceFactory(start_date=date(2020, 4, 29), start_time=time(18))
    sign_in(page, author)
    page.goto(reverse("admin:appearances_appearance_change", args=[appearance.pk]))
    page.wait_for_load_state("load")

    line = page.locator(".zone-line")
    expect(line).to_have_text("Time in Asia/Kolkata (the organiser's zone) = 12:30 UTC.")
    # DateTimeShortcuts has run and wrote no note comparing New York with the server.
    expect(page.locator(".datetimeshortcuts").first).to_be_attached()
    expect(page.locator(".timezonewarning")).to_have_count(0)
    when = page.get_by_role("group", name="When, as announced").inner_text()
    assert "server" not in when.lower() and "hours behind" not in when

    zone = page.locator("#id_timezone")
    page.fill("#id_start_time", "07:00")
    expect(line).to_have_text("Time in Asia/Kolkata (the organiser's zone) = 01:30 UTC.")
    zone.fill("Asia/Tokyo")
    expect(line).to_have_text(
        "Time in Asia/Tokyo (the organiser's zone) = 22:00 UTC on 28 April 2020."
    )
    zone.fill("Asia/Kolkatta")
    expect(line).to_have_text(
        "“Asia/Kolkatta” is not a time zone: type its IANA name, e.g. Asia/Kolkata."
    )
    zone.fill("")
    expect(line).to_have_text(
        "Give the organiser's zone: the time is read in it, and the appearance "
        "cannot be saved without one."
    )
    zone.fill("Europe/London")
    page.fill("#id_start_date", "29/03/2026")
    page.fill("#id_start_time", "01:30")
    expect(line).to_have_text(
        "01:30 on 29 March 2026 does not exist in Europe/London: the clocks skip that hour there."
    )
    # The clocks went back over 01:30 on 25 October 2026: which one is chosen below.
    page.fill("#id_start_date", "25/10/2026")
    expect(line).to_contain_text("happens twice in Europe/London")
    page.select_option("#id_repeated_hour", "1")
    expect(line).to_have_text("Time in Europe/London (the organiser's zone) = 01:30 UTC.")

    # Typed in the wrong case, the zone is named and then stored as IANA spells it.
    page.fill("#id_start_date", "29/04/2020")
    page.fill("#id_start_time", "18:00")
    page.select_option("#id_repeated_hour", "")
    zone.fill("asia/kolkata")
    expect(line).to_have_text("Time in Asia/Kolkata (the organiser's zone) = 12:30 UTC.")
    shots = Path(os.environ.get("SCREENSHOT_DIR", "test-artifacts"))
    shots.mkdir(exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        line.scroll_into_view_if_needed()
        page.screenshot(path=shots / f"zones-appearance-{width}.png")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    appearance.refresh_from_db()
    assert appearance.timezone == "Asia/Kolkata"
    assert appearance.utc_label == "29 April 2020, 12:30 UTC"
