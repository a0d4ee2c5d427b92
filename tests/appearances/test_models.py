"""Times as announced, honest precision, validation of zones and clock changes."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.utils import timezone

from appearances.models import Appearance, Role
from appearances.recordings import embed_url
from tests.appearances.factories import AppearanceFactory
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_announced_local_time_is_stored_as_the_right_instant():
    orf = AppearanceFactory(
        start_date=date(2020, 4, 29), start_time=time(18), timezone="Asia/Kolkata"
    )
    gwu = AppearanceFactory(
        start_date=date(2020, 6, 30), start_time=time(21), timezone="America/New_York"
    )
    assert orf.starts_at == datetime(2020, 4, 29, 12, 30, tzinfo=UTC)
    assert gwu.starts_at == datetime(2020, 7, 1, 1, 0, tzinfo=UTC)
    assert orf.date_label == "29 April 2020, 18:00 IST"
    assert gwu.utc_label == "1 July 2020, 01:00 UTC"


def test_month_precision_is_shown_as_the_month_never_a_fake_midnight():
    appearance = AppearanceFactory(month_only=True, start_date=date(2020, 7, 17))
    appearance.refresh_from_db()
    assert appearance.starts_at is None
    assert appearance.start_time is None
    assert appearance.start_date == date(2020, 7, 1)
    assert appearance.period_end == date(2020, 7, 31)
    assert appearance.date_label == "July 2020"
    assert "00:00" not in appearance.date_label


def test_unknown_time_zone_is_a_validation_error():
    appearance = AppearanceFactory.build(timezone="India/Delhi")
    with pytest.raises(ValidationError) as error:
        appearance.full_clean(exclude=["outlet", "slug"])
    assert "not a time zone we know" in str(error.value.message_dict["timezone"])


def test_time_in_the_spring_forward_gap_is_refused_with_a_clear_message():
    appearance = AppearanceFactory.build(
        start_date=date(2026, 3, 29), start_time=time(1, 30), timezone="Europe/London"
    )
    with pytest.raises(ValidationError) as error:
        appearance.full_clean(exclude=["outlet", "slug"])
    assert "does not exist in Europe/London" in str(error.value.message_dict["start_time"])


def test_time_in_the_repeated_hour_needs_an_explicit_choice():
    appearance = AppearanceFactory.build(
        start_date=date(2026, 10, 25), start_time=time(1, 30), timezone="Europe/London"
    )
    with pytest.raises(ValidationError) as error:
        appearance.full_clean(exclude=["outlet", "slug"])
    assert "happens twice" in str(error.value.message_dict["start_time"])
    appearance.repeated_hour = 1
    appearance.full_clean(exclude=["outlet", "slug"])
    assert appearance.starts_at == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    appearance.repeated_hour = 0
    appearance.full_clean(exclude=["outlet", "slug"])
    assert appearance.starts_at == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_timed_precision_without_a_time_is_refused():
    appearance = AppearanceFactory.build(start_time=None)
    with pytest.raises(ValidationError) as error:
        appearance.full_clean(exclude=["outlet", "slug"])
    assert "start_time" in error.value.message_dict


def test_appearance_turns_from_upcoming_to_past_when_its_time_passes():
    soon = timezone.now() + timedelta(minutes=5)
    local = soon.astimezone(AppearanceFactory.build().zone)
    appearance = AppearanceFactory(start_date=local.date(), start_time=local.time())
    assert list(Appearance.objects.upcoming()) == [appearance]
    later = soon + timedelta(minutes=1)
    assert list(Appearance.objects.upcoming(now=later)) == []
    assert list(Appearance.objects.past(now=later)) == [appearance]


def test_month_only_appearance_stays_upcoming_until_its_month_is_over():
    appearance = AppearanceFactory(month_only=True, start_date=date(2030, 5, 1))
    in_may = datetime(2030, 5, 31, 12, tzinfo=UTC)
    in_june = datetime(2030, 6, 1, 12, tzinfo=UTC)
    assert list(Appearance.objects.upcoming(now=in_may)) == [appearance]
    assert list(Appearance.objects.past(now=in_june)) == [appearance]


def test_month_only_appearance_far_east_is_upcoming_to_the_last_minute_of_its_month():
    # Sorted at noon on 1 May in UTC+14, i.e. 30 April: the furthest back an upcoming
    # appearance can sort, which the upcoming query's index bound must still admit.
    appearance = AppearanceFactory(
        month_only=True, start_date=date(2030, 5, 1), timezone="Pacific/Kiritimati"
    )
    last_minute = timezone.make_aware(datetime(2030, 5, 31, 23, 59))
    assert list(Appearance.objects.upcoming(now=last_minute)) == [appearance]
    assert list(Appearance.objects.past(now=last_minute)) == []


def test_draft_is_never_published():
    live = AppearanceFactory()
    AppearanceFactory(draft=True)
    assert list(Appearance.objects.published()) == [live]


def test_deleting_a_participant_person_is_refused():
    person = PersonFactory()
    AppearanceFactory(people=[(person, Role.HOST)])
    with pytest.raises(ProtectedError):
        person.delete()


def test_similar_finds_the_same_outlet_within_a_day_only():
    first = AppearanceFactory()
    again = AppearanceFactory.build(
        outlet=first.outlet, start_date=date(2020, 4, 30), start_time=time(9), title="Again"
    )
    other_outlet = AppearanceFactory.build(start_date=date(2020, 4, 29), start_time=time(18))
    far = AppearanceFactory.build(outlet=first.outlet, start_date=date(2020, 5, 3))
    assert list(again.similar()) == [first]
    assert list(other_outlet.similar()) == []
    assert list(far.similar()) == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://www.youtube.com/watch?v=abcDEF12345",
            "https://www.youtube-nocookie.com/embed/abcDEF12345?autoplay=1&start=90",
        ),
        (
            "https://youtu.be/abcDEF12345",
            "https://www.youtube-nocookie.com/embed/abcDEF12345?autoplay=1&start=90",
        ),
        (
            "https://vimeo.com/123456",
            "https://player.vimeo.com/video/123456?autoplay=1&dnt=1#t=90s",
        ),
        ("https://www.bbc.co.uk/sounds/play/m000", ""),
        ("https://evil.example/youtube.com/watch?v=abcDEF12345", ""),
    ],
)
def test_only_youtube_and_vimeo_recordings_are_embedded_privacy_first(url, expected):
    assert embed_url(url, 90) == expected
