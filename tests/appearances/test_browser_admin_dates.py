"""The changed admin pages in a real Chromium, with screenshots for a person to look at:
an article dated on its outlet's clock with an empty time, the duplicate warning's
"add what I typed" button, and the export page's counts."""

import os
from datetime import date, time
from pathlib import Path

import pytest
from django.urls import reverse

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
