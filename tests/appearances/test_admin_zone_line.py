"""The appearance form's zone line as the server writes it: the organiser's zone, the instant
in UTC once date, time and zone are typed, and no note about the server's clock."""

import re
from datetime import date, time

import pytest
from django.urls import reverse

from tests.appearances.factories import AppearanceFactory
from tests.appearances.test_admin import ADD, form_data
from tests.factories import OutletFactory

pytestmark = pytest.mark.django_db


def zone_line(html):
    found = re.search(r'<p [^>]*class="[^"]*\borganiser-zone"[^>]*>([^<]*)</p>', html)
    assert found, "no zone line on the appearance form"
    return found.group(1).replace("&#x27;", "'")


def test_the_change_form_names_the_organisers_zone_and_the_instant_in_utc(author_client):
    appearance = AppearanceFactory(
        start_date=date(2020, 4, 29), start_time=time(18), timezone="Asia/Kolkata"
    )
    page = author_client.get(
        reverse("admin:appearances_appearance_change", args=[appearance.pk])
    ).text
    assert zone_line(page) == "Time in Asia/Kolkata (the organiser's zone) = 12:30 UTC."


def test_the_utc_instant_names_the_day_when_it_is_another(author_client):
    appearance = AppearanceFactory(
        start_date=date(2020, 4, 29), start_time=time(7), timezone="Asia/Tokyo"
    )
    page = author_client.get(
        reverse("admin:appearances_appearance_change", args=[appearance.pk])
    ).text
    assert zone_line(page) == (
        "Time in Asia/Tokyo (the organiser's zone) = 22:00 UTC on 28 April 2020."
    )


def test_an_empty_zone_is_said_to_be_needed_and_refused(author_client):
    response = author_client.post(reverse(ADD), form_data(OutletFactory(), timezone=""))
    assert response.status_code == 200
    assert "This field is required" in response.text
    assert zone_line(response.text).startswith("Give the organiser's zone")


def test_a_skipped_hour_is_named_on_the_line(author_client):
    data = form_data(
        OutletFactory(), start_date="2026-03-29", start_time="01:30", timezone="Europe/London"
    )
    response = author_client.post(reverse(ADD), data)
    assert zone_line(response.text) == (
        "01:30 on 29 March 2026 does not exist in Europe/London: the clocks skip that hour there."
    )


def test_the_add_form_starts_from_the_default_zone(author_client):
    page = author_client.get(reverse(ADD)).text
    assert zone_line(page) == "Time in Europe/London (the organiser's zone)."
    # The line's script is on the page, which is what removes Django's server-time note.
    assert "js/zone_line" in page
