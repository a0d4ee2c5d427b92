"""The calendars we serve, read back with the icalendar parser."""

from datetime import UTC, date, datetime, time

import pytest
from django.urls import reverse
from icalendar import Calendar

from appearances.models import Appearance
from tests.appearances.factories import AppearanceFactory

pytestmark = pytest.mark.django_db


def served_calendar(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return Calendar.from_ical(body)


def events_by_summary(cal):
    return {str(e["summary"]): e for e in cal.walk("VEVENT")}


def test_the_two_sample_webinars_read_back_at_the_right_utc_instants(client):
    AppearanceFactory(
        title="ORF webinar",
        start_date=date(2020, 4, 29),
        start_time=time(18),
        timezone="Asia/Kolkata",
    )
    AppearanceFactory(
        title="GWU webinar",
        start_date=date(2020, 6, 30),
        start_time=time(21),
        timezone="America/New_York",
    )
    cal = served_calendar(client, reverse("appearances:calendar"))
    events = {s.split(" (")[0]: e for s, e in events_by_summary(cal).items()}
    orf, gwu = events["ORF webinar"]["dtstart"], events["GWU webinar"]["dtstart"]
    assert orf.params["TZID"] == "Asia/Kolkata"
    assert gwu.params["TZID"] == "America/New_York"
    assert orf.dt.astimezone(UTC) == datetime(2020, 4, 29, 12, 30, tzinfo=UTC)
    assert gwu.dt.astimezone(UTC) == datetime(2020, 7, 1, 1, 0, tzinfo=UTC)
    assert {str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")} == {
        "Asia/Kolkata",
        "America/New_York",
    }


def test_no_timed_event_is_floating(client):
    AppearanceFactory(timezone="Europe/London", start_time=time(9))
    AppearanceFactory(day_only=True)
    cal = served_calendar(client, reverse("appearances:calendar"))
    for event in cal.walk("VEVENT"):
        start = event["dtstart"].dt
        if isinstance(start, datetime):
            assert start.tzinfo is not None
            assert "TZID" in event["dtstart"].params


def test_day_only_is_all_day_and_month_only_is_left_out(client):
    AppearanceFactory(title="Day", day_only=True, start_date=date(2020, 5, 6))
    AppearanceFactory(title="Month", month_only=True, start_date=date(2020, 7, 1))
    cal = served_calendar(client, reverse("appearances:calendar"))
    events = events_by_summary(cal)
    assert [s.split(" (")[0] for s in events] == ["Day"]
    (day,) = events.values()
    assert day["dtstart"].dt == date(2020, 5, 6)
    assert day["dtend"].dt == date(2020, 5, 7)


def test_draft_appearance_never_in_calendar_feed(client):
    AppearanceFactory(title="Secret", draft=True)
    cal = served_calendar(client, reverse("appearances:calendar"))
    assert cal.walk("VEVENT") == []


def test_uid_is_stable_across_edits(client):
    appearance = AppearanceFactory()
    url = reverse("appearances:appearance_calendar", kwargs={"slug": appearance.slug})
    (before,) = served_calendar(client, url).walk("VEVENT")
    appearance.title = "A new title"
    appearance.start_time = time(19)
    appearance.save()
    (after,) = served_calendar(client, url).walk("VEVENT")
    assert str(before["uid"]) == str(after["uid"])
    assert after["dtstart"].dt.hour == 19


def test_single_event_calendar_carries_its_timezone(client):
    appearance = AppearanceFactory(timezone="America/New_York", start_time=time(21))
    url = reverse("appearances:appearance_calendar", kwargs={"slug": appearance.slug})
    cal = served_calendar(client, url)
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["America/New_York"]


def test_month_only_appearance_has_no_calendar_file(client):
    appearance = AppearanceFactory(month_only=True)
    url = reverse("appearances:appearance_calendar", kwargs={"slug": appearance.slug})
    response = client.get(url)
    assert response.status_code == 404
    assert "Only the month" in response.content.decode()
    assert Appearance.objects.count() == 1


def test_calendar_polls_are_answered_from_the_cache_and_a_new_appearance_shows_at_once(
    client, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 3600
    AppearanceFactory(title="ORF webinar")
    url = reverse("appearances:calendar")
    served_calendar(client, url)
    with django_assert_num_queries(0):
        assert "ORF webinar" in str(events_by_summary(served_calendar(client, url)))
    AppearanceFactory(title="GWU webinar")
    assert "GWU webinar" in str(events_by_summary(served_calendar(client, url)))
