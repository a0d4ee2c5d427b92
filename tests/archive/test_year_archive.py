"""The year and month archives are compact lists, a page at a time: title, outlet and date
per line."""

import re
from datetime import UTC, datetime

import pytest

from archive.views.find import MonthArchiveView, YearArchiveView
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


def test_month_lists_title_outlet_and_date_without_the_standfirst(client):
    ArticleFactory(
        title="Beijing in Central Asia",
        standfirst="A long standfirst nobody scanning a month needs.",
        published_at=datetime(2020, 4, 29, 10, tzinfo=UTC),
    )
    AppearanceFactory(title="Webinar on the Pamirs")  # 29 April 2020 in Kolkata
    html = client.get("/2020/04/").content.decode()
    assert '<ul class="compact-list">' in html
    assert "Beijing in Central Asia" in html and "Webinar on the Pamirs" in html
    assert "29 April 2020" in html and "2 items published this month" in html
    assert "A long standfirst" not in html


@pytest.mark.parametrize(
    ("view", "url", "lede", "name"),
    [
        (YearArchiveView, "/2019/", "5 items published in 2019", "2019"),
        (MonthArchiveView, "/2019/03/", "5 items published this month", "March 2019"),
    ],
)
def test_a_busy_year_or_month_is_paginated_and_keeps_every_piece(
    client, monkeypatch, view, url, lede, name
):
    monkeypatch.setattr(view, "paginate_by", 2)
    titles = [f"Piece number {i}" for i in range(5)]
    for day, title in enumerate(titles, start=1):
        ArticleFactory(title=title, published_at=datetime(2019, 3, day, 9, tzinfo=UTC))
    seen = []
    for page in (1, 2, 3):
        html = client.get(f"{url}?page={page}").content.decode()
        seen += [t for t in titles if t in html]
        assert lede in html
    assert sorted(seen) == sorted(titles)
    assert 'href="?page=2"' in client.get(url).content.decode()
    missing = client.get(f"{url}?page=9")
    assert missing.status_code == 404 and f"{name} has 3 pages" in missing.content.decode()


def month_headings(html):
    return re.findall(r'<h2 id="month-\d\d"><a [^>]*>(\w+)</a>( <span[^>]*>[^<]*</span>)?', html)


def test_a_month_carried_over_from_the_page_before_says_continued(client, monkeypatch):
    monkeypatch.setattr(YearArchiveView, "paginate_by", 2)
    for day in (1, 2, 3):  # March fills page 1 and goes on over page 2
        ArticleFactory(published_at=datetime(2019, 3, day, 9, tzinfo=UTC))
    ArticleFactory(published_at=datetime(2019, 2, 1, 9, tzinfo=UTC))
    ArticleFactory(published_at=datetime(2019, 1, 1, 9, tzinfo=UTC))  # page 3 begins anew
    pages = [client.get(f"/2019/?page={n}").content.decode() for n in (1, 2, 3)]
    assert [[month for month, _ in month_headings(html)] for html in pages] == [
        ["March"],
        ["March", "February"],
        ["January"],
    ]
    assert "(continued)" not in pages[0] and "(continued)" not in pages[2]
    assert [bool(later) for _, later in month_headings(pages[1])] == [True, False]
    assert "March</a> <span" in pages[1] and ">(continued)</span>" in pages[1]
