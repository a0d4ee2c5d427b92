"""The staff export page and files: reachable from the admin, counted before download,
named after the filter, typed JSON, and calendars that give every timed event a length."""

import json
from datetime import date, time, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from icalendar import Calendar

from tests.appearances.factories import AppearanceFactory
from tests.appearances.test_exports import body, url
from tests.factories import OutletFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query, fmt, expected",
    [
        ("year=2020", "csv", "appearances_2020.csv"),
        ("year=2020&country=cn", "xlsx", "appearances_2020_CN.xlsx"),
        ("from=2020-05-01&to=2020-05-31", "json", "appearances_2020-05-01_to_2020-05-31.json"),
        ("from=2020-05-01", "ics", "appearances_from_2020-05-01.ics"),
        ("outlet=rusi&kind=webinar", "md", "appearances_rusi_webinar.md"),
    ],
)
def test_files_are_named_after_the_filter_asked_for(exporter, query, fmt, expected):
    rusi = OutletFactory(name="Royal United Services Institute", short_name="RUSI")
    AppearanceFactory(outlet=rusi, countries=["cn"], start_date=date(2020, 5, 3))
    AppearanceFactory(outlet=rusi, start_date=date(2021, 1, 5))
    response = exporter.get(url(fmt, query))
    assert response.status_code == 200
    assert f'filename="{expected}"' in response["Content-Disposition"]


@pytest.mark.parametrize(
    "query, heading",
    [
        ("", "# Appearances\n"),
        ("year=2020&country=cn", "# Appearances: China, 2020\n"),
        ("outlet=rusi&kind=webinar", "# Appearances: Webinar, Royal United Services Institute\n"),
        ("from=2020-05-01&to=2020-05-31", "# Appearances: 1 May 2020 to 31 May 2020\n"),
    ],
)
def test_cv_list_is_headed_by_the_filter_in_words_not_the_file_name(exporter, query, heading):
    # It read "# Appearances all" and "# Appearances 2020 cn".
    rusi = OutletFactory(name="Royal United Services Institute", short_name="RUSI")
    AppearanceFactory(outlet=rusi, countries=["cn"], start_date=date(2020, 5, 3))
    text = body(exporter.get(url("md", query))).decode()
    assert text.startswith(heading)


def test_the_page_counts_what_matches_and_says_what_the_calendar_leaves_out(exporter):
    AppearanceFactory(start_date=date(2020, 5, 3))
    AppearanceFactory(start_date=date(2020, 7, 1), month_only=True)
    AppearanceFactory(start_date=date(2020, 8, 1), draft=True)  # never counted, never sent
    AppearanceFactory(start_date=date(2021, 8, 1))
    page = exporter.get(reverse("appearances:export"), {"year": "2020"}).text
    assert "<strong>2 appearances</strong> match these filters." in page
    assert "<strong>1 of these</strong> will not be in it" in page
    assert "appearances_2020.csv" in page
    assert "lasts 60 minutes there" in page


def test_json_has_typed_values_and_times_with_their_offset(exporter):
    AppearanceFactory(
        title="Timed", recording_url="https://youtu.be/abcDEF12345",
        recording_offset=timedelta(minutes=12, seconds=5),
    )  # fmt: skip
    AppearanceFactory(title="Day", day_only=True, start_date=date(2020, 5, 2))
    timed, day = json.loads(body(exporter.get(url("json"))))
    assert timed["start_local"] == "2020-04-29T18:00:00+05:30"
    assert timed["start_utc"] == "2020-04-29T12:30:00+00:00"
    assert timed["time_known"] is True and timed["recording_starts"] == 725
    assert timed["programme"] is None and timed["themes"] == []
    assert day["time_known"] is False
    assert day["start_utc"] is None and day["time_local"] is None and day["timezone"] is None


def test_a_timed_event_without_a_length_gets_the_default_in_calendars(exporter, settings):
    AppearanceFactory(start_date=date(2020, 5, 3), start_time=time(18), duration=None)
    settings.APPEARANCE_DEFAULT_DURATION = timedelta(minutes=90)
    (event,) = Calendar.from_ical(body(exporter.get(url("ics")))).walk("VEVENT")
    assert event["dtend"].dt - event["dtstart"].dt == timedelta(minutes=90)


def test_the_admin_list_links_the_export_page_for_staff_allowed_to_export(
    client, django_user_model
):
    user = django_user_model.objects.create_user("staff", password="x-long-pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_appearance"))
    client.force_login(user)
    changelist = reverse("admin:appearances_appearance_changelist")
    export = reverse("appearances:export")
    assert f'href="{export}"' not in client.get(changelist).text
    user.user_permissions.add(Permission.objects.get(codename="export_appearance"))
    user = django_user_model.objects.get(pk=user.pk)  # permissions are cached per object
    client.force_login(user)
    assert f'href="{export}"' in client.get(changelist).text
