"""The article form in a real Chromium, on a laptop whose clock is not the server's: the
time is said to be in the article's zone, never measured against the server's."""

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests import signin
from tests.factories import ArticleFactory, OutletFactory, country

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SINGAPORE = ZoneInfo("Asia/Singapore")
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "test-artifacts"))


def test_the_zone_line_follows_the_zone_field_and_no_server_time_note(
    new_york_page, author, settings
):
    page = new_york_page
    settings.TIME_ZONE = "Europe/London"
    outlet = OutletFactory(name="The Straits Times", country=country("sg"))
    OutletFactory(name="Nikkei Asia", country=country("jp"))
    OutletFactory(name="Global Wire", timezone="")
    article = ArticleFactory(
        outlet=outlet, published_at=datetime(2020, 4, 27, 5, tzinfo=SINGAPORE)
    )
    signin.sign_in(page, author.username, "a-long-test-password", signin.add_authenticator(author))
    page.wait_for_url("**/admin/")
    page.goto(reverse("admin:archive_article_change", args=[article.pk]))
    page.wait_for_load_state("load")

    line = page.locator(".publication-zone")
    expect(line).to_have_text("Time in Asia/Singapore (the article's publication zone).")
    # DateTimeShortcuts has run (its shortcuts are there) and wrote no note of its own.
    expect(page.locator(".datetimeshortcuts").first).to_be_attached()
    expect(page.locator(".timezonewarning")).to_have_count(0)
    fieldset = page.get_by_role("group", name="First published").inner_text()
    assert "server" not in fieldset.lower() and "hours ahead" not in fieldset
    assert "hours behind" not in fieldset

    zone = page.locator("#id_timezone")
    zone.fill("Asia/Tokyo")
    expect(line).to_have_text("Time in Asia/Tokyo (the article's publication zone).")
    # "Now" is the time on Tokyo's clock, not the server's or the laptop's.
    page.locator(".datetimeshortcuts").get_by_text("Now", exact=True).click()
    typed = datetime.strptime(page.input_value("#id_published_at_1"), "%H:%M:%S")
    tokyo = datetime.now(ZoneInfo("Asia/Tokyo"))
    minutes_apart = (typed.hour * 60 + typed.minute - tokyo.hour * 60 - tokyo.minute) % 1440
    assert min(minutes_apart, 1440 - minutes_apart) <= 2

    zone.fill("Asia/Singapur")
    expect(line).to_have_text(
        "“Asia/Singapur” is not a time zone: type its IANA name, e.g. Asia/Singapore."
    )
    zone.fill("")
    expect(line).to_have_text(
        "Time in Asia/Singapore (the outlet's zone: the article names none of its own)."
    )
    # Another outlet: its zone will be the article's once saved, whatever it is.
    page.locator(".field-outlet .select2-selection").click()
    page.locator(".select2-search__field[aria-controls=select2-id_outlet-results]").fill("Nikkei")
    page.locator(".select2-results__option", has_text="Nikkei Asia").click()
    # Asked of the admin for that one outlet, and named.
    expect(line).to_have_text(
        "Time in Asia/Tokyo (the outlet's zone: the article names none of its own)."
    )
    expect(page.locator(".timezonewarning")).to_have_count(0)
    # An outlet with no zone of its own: the site's.
    page.locator(".field-outlet .select2-selection").click()
    page.locator(".select2-search__field[aria-controls=select2-id_outlet-results]").fill("Wire")
    page.locator(".select2-results__option", has_text="Global Wire").click()
    expect(line).to_have_text(
        "Time in Europe/London (the site's zone: neither the article nor its outlet names one)."
    )
    # A name in the wrong case is the zone the server will store, spelled as IANA does.
    zone.fill("asia/tokyo")
    expect(line).to_have_text("Time in Asia/Tokyo (the article's publication zone).")
    assert page.locator("#id_timezone_names option[value='Asia/Tokyo']").count() == 1

    SHOTS.mkdir(exist_ok=True)
    zone.fill("Asia/Singapore")
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            line.scroll_into_view_if_needed()
            page.screenshot(path=SHOTS / f"admin-article-zone-{width}-{scheme}.png")
    page.emulate_media(color_scheme="light")
    zone.fill("")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        line.scroll_into_view_if_needed()
        page.screenshot(path=SHOTS / f"zones-article-{width}.png")
