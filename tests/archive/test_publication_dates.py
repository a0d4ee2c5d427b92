"""Dates as the outlet printed them: the publication zone and precision of each article,
on its page, in the date archives, feeds, sitemaps and the admin, and in the notes check."""

import re
from datetime import UTC, date, datetime
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from archive.models import Article, Outlet
from citations.checks import note_checks
from tests.archive.test_admin import article_form
from tests.citations.factories import FootnoteFactory, SourceFactory
from tests.factories import ArticleFactory, OutletFactory, country

pytestmark = pytest.mark.django_db

SINGAPORE = ZoneInfo("Asia/Singapore")
# 27 April 2020, 05:00 in Singapore: 26 April 22:00 in London.
FUEL = datetime(2020, 4, 27, 5, 0, tzinfo=SINGAPORE)


@pytest.fixture
def straits_times():
    return OutletFactory(name="The Straits Times", country=country("sg"))


def test_an_outlet_takes_the_zone_of_a_country_with_one_time(straits_times):
    assert straits_times.timezone == "Asia/Singapore"
    assert OutletFactory(country=country("cn")).timezone == "Asia/Shanghai"
    # Several zones and no national time: left to the author (the site's zone meanwhile).
    assert OutletFactory(country=country("us")).timezone == ""


def test_a_singapore_piece_shows_the_day_and_time_singapore_printed(client, straits_times):
    article = ArticleFactory(outlet=straits_times, published_at=FUEL, date_precision="exact")
    assert article.timezone == "Asia/Singapore" and article.published_on == date(2020, 4, 27)
    html = client.get(article.get_absolute_url()).text
    assert '<time datetime="2020-04-27T05:00:00+08:00">27 April 2020, 05:00 Singapore time' in html
    assert "26 April 2020" not in html and "BST" not in html


def test_a_date_alone_shows_the_day_without_a_time(client, straits_times):
    day = datetime(2020, 4, 27, tzinfo=SINGAPORE)
    article = ArticleFactory(outlet=straits_times, published_at=day)
    assert article.date_precision == Article.Precision.DAY
    html = client.get(article.get_absolute_url()).text
    assert '<time datetime="2020-04-27">27 April 2020</time>' in html


def test_month_and_approximate_precision_never_invent_a_day(straits_times):
    day = datetime(2020, 4, 1, tzinfo=SINGAPORE)
    month = ArticleFactory(outlet=straits_times, published_at=day, date_precision="month")
    about = ArticleFactory(outlet=straits_times, published_at=day, date_precision="approximate")
    assert (month.date_label, month.date_iso) == ("April 2020", "2020-04")
    assert about.date_label == "about 1 April 2020"


def test_the_month_archive_files_a_piece_under_the_outlets_day(client, straits_times):
    # 1 May 05:00 in Singapore was still 30 April in London.
    article = ArticleFactory(
        title="Filed on the first of May",
        outlet=straits_times,
        published_at=datetime(2020, 5, 1, 5, 0, tzinfo=SINGAPORE),
    )
    assert article.title in client.get("/2020/05/").text
    assert client.get("/2020/04/").status_code == 404


def test_the_feed_and_the_sitemap_give_the_outlets_day(client, straits_times):
    ArticleFactory(outlet=straits_times, published_at=datetime(2020, 5, 1, 5, tzinfo=SINGAPORE))
    feed = client.get(reverse("archive:feed")).text
    assert "on 1 May 2020, 05:00 Singapore time." in feed
    xml = client.get(reverse("archive:sitemap_section", args=["outlets"])).content
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ElementTree.fromstring(xml)  # noqa: S314 - our own output
    lastmods = [e.text for e in root.iterfind("s:url/s:lastmod", ns)]
    assert lastmods == ["2020-05-01"]


def test_an_empty_time_saves_as_a_date_alone_in_the_outlets_zone(author_client, straits_times):
    response = author_client.post(
        reverse("admin:archive_article_add"),
        article_form(straits_times, published_at_0="2020-04-27", published_at_1=""),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    assert article.date_precision == Article.Precision.DAY
    assert article.timezone == "Asia/Singapore"
    assert article.published_at == datetime(2020, 4, 27, tzinfo=SINGAPORE)
    assert article.published_on == date(2020, 4, 27)


def test_a_typed_time_is_read_on_the_outlets_clock_and_shown_back(author_client, straits_times):
    author_client.post(
        reverse("admin:archive_article_add"),
        article_form(straits_times, published_at_0="2020-04-27", published_at_1="05:00"),
    )
    article = Article.objects.get()
    assert article.published_at == datetime(2020, 4, 26, 21, 0, tzinfo=UTC)
    assert article.date_precision == Article.Precision.EXACT
    page = author_client.get(reverse("admin:archive_article_change", args=[article.pk])).text
    assert 'value="27/04/2020"' in page and 'value="05:00:00"' in page
    assert "leave the time at 00:00" not in page
    assert "Leave the time empty if only the date is known" in page


def test_a_time_with_a_month_precision_is_refused_and_nothing_is_lost(
    author_client, straits_times
):
    response = author_client.post(
        reverse("admin:archive_article_add"),
        article_form(
            straits_times, published_at_1="05:00", date_precision="month", title="Kept title"
        ),
    )
    assert response.status_code == 200
    assert "A time of day only makes sense when the date is exact" in response.text
    assert "Kept title" in response.text and not Article.objects.exists()


def test_an_article_zone_of_its_own_overrides_the_outlets(author_client):
    outlet = OutletFactory(timezone="Europe/London")
    author_client.post(
        reverse("admin:archive_article_add"),
        article_form(outlet, published_at_1="09:00", timezone="America/New_York"),
    )
    article = Article.objects.get()
    assert article.published_at == datetime(2020, 7, 1, 13, 0, tzinfo=UTC)
    assert article.date_label == "1 July 2020, 09:00 EDT"


def zone_line(html):
    return re.search(r'<p [^>]*class="[^"]*\bpublication-zone"[^>]*>([^<]*)</p>', html).group(1)


def test_the_form_says_which_zone_the_time_is_read_in(author_client, straits_times, settings):
    settings.TIME_ZONE = "Europe/London"
    article = ArticleFactory(outlet=straits_times, published_at=FUEL)
    change = author_client.get(reverse("admin:archive_article_change", args=[article.pk]))
    assert (
        zone_line(change.text) == "Time in Asia/Singapore (the article&#x27;s publication zone)."
    )
    add = author_client.get(reverse("admin:archive_article_add")).text
    assert zone_line(add).startswith("Time in Europe/London (the site&#x27;s zone")
    typo = author_client.post(
        reverse("admin:archive_article_add"), article_form(straits_times, timezone="Asia/Singapur")
    )
    assert zone_line(typo.text).startswith("“Asia/Singapur” is not a time zone")
    sent_back = author_client.post(
        reverse("admin:archive_article_add"), article_form(straits_times, title="")
    )
    assert zone_line(sent_back.text).startswith("Time in Asia/Singapore (the outlet&#x27;s zone")


def test_notes_check_compares_days_in_the_articles_zone(straits_times):
    # 30 June 07:00 in Singapore is 29 June in London and in UTC.
    paper = ArticleFactory(
        outlet=straits_times, published_at=datetime(2020, 6, 30, 7, tzinfo=SINGAPORE)
    )
    same_day = SourceFactory(title="Same day", published_on=date(2020, 6, 30))
    next_day = SourceFactory(title="Next day", published_on=date(2020, 7, 1))
    FootnoteFactory(article=paper, order=1, sources=[same_day])
    FootnoteFactory(article=paper, order=2, sources=[next_day])
    late = [w for w in note_checks(paper, list(paper.footnotes.with_sources())) if "after" in w]
    assert len(late) == 1
    assert late[0].startswith("Note 2 ") and "(30 June 2020)" in late[0]


def test_a_wordpress_import_dates_posts_in_the_blogs_zone():
    from tests.archive.test_wordpress_import import BLOG, import_file

    imported = import_file(BLOG)
    wolf = Article.objects.get(slug="beware-the-spirit-of-the-wolf-warrior")
    assert wolf.timezone == imported.zone == "Europe/London"
    assert wolf.published_on == date(2020, 7, 1)  # 00:30 in London, 30 June in UTC
    assert Outlet.objects.get(articles=wolf).timezone == "Europe/London"
