"""The author's workspace: adding appearances, the duplicate warning, the recording to-do list."""

from datetime import date, time

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from appearances.models import Appearance
from tests.appearances.factories import AppearanceFactory
from tests.factories import OutletFactory, PersonFactory

pytestmark = pytest.mark.django_db

ADD = "admin:appearances_appearance_add"


def form_data(outlet, **changes):
    data = {
        "title": "Book discussion: ISIS in South Asia",
        "slug": "",
        "kind": "webinar",
        "status": "published",
        "outlet": outlet.pk,
        "programme": "",
        "date_precision": "time",
        "start_date": "2020-04-29",
        "start_time": "18:00",
        "timezone": "Asia/Kolkata",
        "repeated_hour": "",
        "date_note": "",
        "duration": "",
        "attendance": "online",
        "location": "",
        "event_url": "",
        "language": "en",
        "author_role": "discussant",
        "recording_url": "",
        "recording_offset": "",
        "description": "",
        "participations-TOTAL_FORMS": "0",
        "participations-INITIAL_FORMS": "0",
        "participations-MIN_NUM_FORMS": "0",
        "participations-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_author_adds_a_timed_webinar_with_participants(author_client):
    outlet = OutletFactory(name="Observer Research Foundation")
    maya = PersonFactory(name="Maya")
    data = form_data(
        outlet,
        **{
            "participations-TOTAL_FORMS": "1",
            "participations-0-person": maya.pk,
            "participations-0-role": "host",
            "participations-0-order": "0",
        },
    )
    response = author_client.post(reverse(ADD), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    appearance = Appearance.objects.get()
    assert appearance.date_label == "29 April 2020, 18:00 IST"
    assert [str(p) for p in appearance.participations.all()] == ["Maya (host)"]


def test_unknown_zone_is_shown_as_an_error_and_nothing_is_saved(author_client):
    response = author_client.post(reverse(ADD), form_data(OutletFactory(), timezone="IST"))
    assert response.status_code == 200
    assert "is not a time zone we know" in response.content.decode()
    assert not Appearance.objects.exists()


def test_nonexistent_local_time_is_shown_as_an_error(author_client):
    data = form_data(
        OutletFactory(), start_date="2026-03-29", start_time="01:30", timezone="Europe/London"
    )
    response = author_client.post(reverse(ADD), data)
    assert "does not exist in Europe/London" in response.content.decode()
    assert not Appearance.objects.exists()


def test_second_entry_of_the_same_webinar_is_warned_about_and_not_saved(author_client):
    announced = AppearanceFactory(
        title="ISIS in South Asia", start_date=date(2020, 4, 29), start_time=time(18)
    )
    data = form_data(announced.outlet, recording_url="https://youtu.be/abcDEF12345")
    response = author_client.post(reverse(ADD), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "looks like an appearance already recorded" in html
    assert reverse("admin:appearances_appearance_change", args=[announced.pk]) in html
    assert Appearance.objects.count() == 1


def test_author_may_confirm_a_genuinely_different_appearance(author_client):
    existing = AppearanceFactory(start_date=date(2020, 4, 29), start_time=time(18))
    data = form_data(existing.outlet, not_a_duplicate="on", title="A second panel")
    response = author_client.post(reverse(ADD), data)
    assert response.status_code == 302
    assert Appearance.objects.count() == 2


def test_recording_filter_lists_past_appearances_without_a_recording(author_client):
    AppearanceFactory(title="Past, no recording")
    AppearanceFactory(title="Past, recorded", recording_url="https://youtu.be/abcDEF12345")
    AppearanceFactory(title="Future, no recording", start_date=date(2099, 1, 1))
    response = author_client.get(
        reverse("admin:appearances_appearance_changelist") + "?recording=missing"
    )
    shown = [a.title for a in response.context["cl"].result_list]
    assert shown == ["Past, no recording"]


def test_export_actions_are_offered_only_with_the_permission(client, django_user_model):
    user = django_user_model.objects.create_user(
        "editor", password="x-long-password", is_staff=True
    )
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_appearance", "change_appearance"])
    )
    client.force_login(user)
    changelist = reverse("admin:appearances_appearance_changelist")

    def offered():
        form = client.get(changelist).context["action_form"]
        return dict(form.fields["action"].choices) if form else {}

    assert "export_csv" not in offered()
    user.user_permissions.add(Permission.objects.get(codename="export_appearance"))
    user = django_user_model.objects.get(pk=user.pk)
    client.force_login(user)
    assert "export_csv" in offered()
