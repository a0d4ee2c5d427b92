"""A year's archive is a compact list, a page at a time: title, outlet and date per line."""

from datetime import UTC, datetime

import pytest

from archive.views.find import YearArchiveView
from tests.appearances.factories import AppearanceFactory
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_year_lists_title_outlet_and_date_without_the_standfirst(client):
    ArticleFactory(
        title="Beijing in Central Asia",
        standfirst="A long standfirst nobody scanning a year needs.",
        published_at=datetime(2020, 4, 29, 10, tzinfo=UTC),
    )
    AppearanceFactory(title="Webinar on Kabul", start_date=datetime(2020, 6, 2).date())
    ArticleFactory(title="Draft piece", draft=True, published_at=datetime(2020, 5, 1, tzinfo=UTC))
    html = client.get("/2020/").content.decode()
    assert "Beijing in Central Asia" in html and "Webinar on Kabul" in html
    assert "29 April 2020" in html
    assert "A long standfirst" not in html
    assert "Draft piece" not in html


def test_a_busy_year_is_paginated_and_keeps_every_piece(client, monkeypatch):
    monkeypatch.setattr(YearArchiveView, "paginate_by", 2)
    titles = [f"Piece number {i}" for i in range(5)]
    for day, title in enumerate(titles, start=1):
        ArticleFactory(title=title, published_at=datetime(2019, 3, day, 9, tzinfo=UTC))
    seen = []
    for page in (1, 2, 3):
        html = client.get(f"/2019/?page={page}").content.decode()
        seen += [t for t in titles if t in html]
        assert "5 items published in 2019" in html
    assert sorted(seen) == sorted(titles)
    assert 'href="?page=2"' in client.get("/2019/").content.decode()
    missing = client.get("/2019/?page=9")
    assert missing.status_code == 404 and "2019 has 3 pages" in missing.content.decode()
