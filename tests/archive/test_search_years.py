"""The search's year facet counts an article in the year its outlet printed (its own
publication zone, by default the site's), on both databases, and agrees with the year
filter."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from archive.search import search
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("zone", "years"),
    [("Asia/Tokyo", {2021: 3}), ("America/New_York", {2020: 2, 2021: 1})],
)
def test_a_piece_published_at_new_year_counts_in_the_sites_years(settings, zone, years):
    settings.TIME_ZONE = zone
    for moment in (
        datetime(2020, 12, 31, 20, 30, tzinfo=UTC),  # 2021 in Tokyo, 2020 in New York
        datetime(2021, 1, 1, 3, 0, tzinfo=UTC),  # 2021 in Tokyo, 2020 in New York
        datetime(2021, 1, 1, 6, 0, tzinfo=UTC),  # 2021 in both
    ):
        ArticleFactory(title="Kashgar trade fair", published_at=moment)
    with timezone.override(zone):
        results = search("kashgar")
        counted = {row["value"]: row["count"] for row in results.facets["year"]}
        assert counted == years
        for year, n in years.items():
            assert search("kashgar", {"year": str(year)}).total == n


def test_a_piece_counts_in_the_year_of_its_own_publication_zone(settings):
    """1 January 2021, 02:00 in Singapore is still 31 December 2020 in London (the
    site's zone): the piece belongs to 2021, in the facet as in the filter and archive."""
    settings.TIME_ZONE = "Europe/London"
    ArticleFactory(
        title="Kashgar trade fair",
        published_at=datetime(2021, 1, 1, 2, 0, tzinfo=ZoneInfo("Asia/Singapore")),
        timezone="Asia/Singapore",
    )
    with timezone.override("Europe/London"):
        results = search("kashgar")
        assert [(row["value"], row["count"]) for row in results.facets["year"]] == [(2021, 1)]
        assert search("kashgar", {"year": "2021"}).total == 1
        assert search("kashgar", {"year": "2020"}).total == 0
