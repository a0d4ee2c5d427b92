"""In a real Chromium: the visitor's own time, and a recording that loads only on request."""

from datetime import timedelta

import pytest

from tests.appearances.factories import AppearanceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_start_time_is_shown_in_the_visitors_own_zone(_browser, live_server):
    appearance = AppearanceFactory()  # 18:00 Asia/Kolkata = 12:30 UTC
    context = _browser.new_context(
        base_url=live_server.url, timezone_id="America/New_York", locale="en-GB"
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(appearance.get_absolute_url())
    local = page.locator("time[data-local-time]")
    assert local.is_visible()
    assert "08:30" in local.inner_text()
    assert "America/New_York" in local.inner_text()
    context.close()
    assert not errors


def test_recording_loads_nothing_from_the_video_host_until_play_is_pressed(page):
    appearance = AppearanceFactory(
        recording_url="https://www.youtube.com/watch?v=abcDEF12345",
        recording_offset=timedelta(minutes=12, seconds=30),
    )
    requested = []

    def fake_player(route):
        requested.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<p>player</p>")

    page.route("**/*youtube*/**", fake_player)
    page.goto(appearance.get_absolute_url())
    page.wait_for_load_state("networkidle")
    assert requested == []
    assert page.locator("iframe").count() == 0
    page.get_by_role("button", name="Play the recording here").click()
    frame = page.locator("iframe.embed__frame")
    frame.wait_for()
    assert frame.get_attribute("src").startswith(
        "https://www.youtube-nocookie.com/embed/abcDEF12345?autoplay=1&start=750"
    )
    page.wait_for_timeout(300)
    assert requested and all("youtube-nocookie.com" in url for url in requested)


def test_without_the_script_the_recording_is_a_plain_link(_browser, live_server):
    appearance = AppearanceFactory(recording_url="https://www.youtube.com/watch?v=abcDEF12345")
    context = _browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(appearance.get_absolute_url())
    assert not page.get_by_role("button", name="Play the recording here").is_visible()
    assert page.get_by_role("link", name="Watch or listen at the source").is_visible()
    assert not page.locator("time[data-local-time]").is_visible()
    context.close()


def test_lists_give_an_upcoming_appearances_time_in_the_visitors_zone(_browser, live_server):
    from datetime import date

    from django.utils import timezone

    next_year = timezone.localdate().year + 1
    coming = AppearanceFactory(title="Coming webinar", start_date=date(next_year, 12, 10))
    AppearanceFactory(title="Past webinar")  # 2020: no visitor's time for what is over
    context = _browser.new_context(
        base_url=live_server.url, timezone_id="America/New_York", locale="en-GB"
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    for path in ["/appearances/", "/"]:
        page.goto(path)
        # 18:00 in Kolkata on 10 December is 07:30 in New York.
        local = page.locator("time[data-local-time=short]")
        assert local.count() == 1, path
        assert local.is_visible(), path
        assert "10 December" in local.inner_text() and "07:30" in local.inner_text(), path
    page.goto(coming.get_absolute_url())
    assert "07:30" in page.locator("time[data-local-time]").inner_text()
    assert page.get_by_text("Your time").is_visible()
    context.close()
    assert not errors
