"""The search's year facet counts the year in the site's zone, on both databases (SQLite
groups by the stored UTC text, converting only the days either side of New Year)."""

from datetime import UTC, datetime

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
