"""The duplicate warning's way out: add what was typed to the existing record, and the
"recording exists, address unknown" state."""

from datetime import date, time

import pytest
from django.urls import reverse

from appearances.models import Appearance
from tests.admin_forms import form_data as posted_form
from tests.appearances.factories import AppearanceFactory
from tests.appearances.test_admin import ADD, form_data
from tests.factories import PersonFactory, ThemeFactory, country

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced():
    return AppearanceFactory(
        title="ISIS in South Asia",
        start_date=date(2020, 4, 29),
        start_time=time(18),
        programme="",
        location="",
        countries=["in"],
        event_url="https://orf.example/isis-in-south-asia",
    )


def reported(announced, **changes):
    maya = PersonFactory(name="Maya")
    return form_data(
        announced.outlet,
        title="Book discussion: ISIS in South Asia",
        recording_url="https://youtu.be/abcDEF12345",
        programme="ORF Book Talks",
        event_url="https://elsewhere.example/other",
        countries=[country("pk").pk],
        themes=[ThemeFactory(name="Terrorism").pk],
        **{
            "participations-TOTAL_FORMS": "1",
            "participations-0-person": maya.pk,
            "participations-0-role": "host",
            "participations-0-order": "0",
        },
        **changes,
    )


def test_the_warning_offers_to_add_what_was_typed_and_keeps_the_form(author_client, announced):
    response = author_client.post(reverse(ADD), reported(announced))
    html = response.text
    assert f'name="merge_into" value="{announced.pk}"' in html
    assert "Add what I typed to “ISIS in South Asia”" in html
    # Everything typed is still in the form, ready to be sent again.
    again = posted_form(html, "appearance_form")
    assert again["recording_url"] == ["https://youtu.be/abcDEF12345"]
    assert again["programme"] == ["ORF Book Talks"]


def test_adding_to_the_existing_record_fills_its_gaps_and_overwrites_nothing(
    author_client, announced
):
    response = author_client.post(
        reverse(ADD), reported(announced, merge_into=str(announced.pk)), follow=True
    )
    assert Appearance.objects.count() == 1
    announced.refresh_from_db()
    assert announced.recording_url == "https://youtu.be/abcDEF12345"
    assert announced.programme == "ORF Book Talks"
    assert announced.title == "ISIS in South Asia"  # the existing title stays
    assert announced.event_url == "https://orf.example/isis-in-south-asia"  # kept, not replaced
    assert {c.slug for c in announced.countries.all()} == {"in", "pk"}
    assert [t.name for t in announced.themes.all()] == ["Terrorism"]
    assert [p.person.name for p in announced.participations.all()] == ["Maya"]
    text = response.text
    assert "was added to “ISIS in South Asia”" in text
    assert "It already had event page, kept as they were" in text
    assert response.redirect_chain[-1][0] == reverse(
        "admin:appearances_appearance_change", args=[announced.pk]
    )


def test_a_merge_into_a_record_that_is_no_duplicate_is_refused(author_client, announced):
    other = AppearanceFactory(start_date=date(2019, 1, 1))
    response = author_client.post(reverse(ADD), reported(announced, merge_into=str(other.pk)))
    assert response.status_code == 200
    assert "looks like an appearance already recorded" in response.text
    other.refresh_from_db()
    assert other.recording_url == ""


def test_a_recording_without_an_address_is_recorded_and_said_publicly(author_client, client):
    response = author_client.post(
        reverse(ADD), form_data(AppearanceFactory().outlet, recording_unlocated="on",
                                start_date="2021-03-02", title="On the radio")
    )  # fmt: skip
    assert response.status_code == 302
    appearance = Appearance.objects.get(title="On the radio")
    assert appearance.recording_unlocated
    html = client.get(appearance.get_absolute_url()).text
    assert "A recording was made" in html and "is not known yet" in html
    missing = author_client.get(
        reverse("admin:appearances_appearance_changelist"), {"recording": "missing"}
    ).text
    assert "On the radio</a></th>" not in missing
    unlocated = author_client.get(
        reverse("admin:appearances_appearance_changelist"), {"recording": "unlocated"}
    ).text
    assert "On the radio</a></th>" in unlocated
