"""Appearances in search, feeds, the sitemap, link previews, the about page and the page cache:
published ones only, with facets, valid Atom and schema.org Events as precise as the
announcement."""

import json
import re
import time as clock
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import feedparser
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from appearances.changes import next_appearance_change
from appearances.models import Appearance, Role
from archive.models import Article, AuthorProfile
from archive.search import search
from tests.appearances.factories import AppearanceFactory
from tests.factories import ArticleFactory, OutletFactory, PersonFactory, ThemeFactory

pytestmark = pytest.mark.django_db
LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def event_of(html):
    blocks = LD.findall(html)
    assert len(blocks) == 1, blocks
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org"
    [event] = [node for node in data["@graph"] if node["@type"] == "Event"]
    for required in ("name", "startDate", "location", "eventAttendanceMode", "organizer"):
        assert event[required], required
    return event


def meta(html, key):
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', html)
    return match and match.group(1)


def parsed_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


# -- Search --------------------------------------------------------------------------------


def test_published_appearance_is_found_and_a_draft_never():
    shown = AppearanceFactory(title="Tajik border security webinar")
    AppearanceFactory(title="Tajik border security rehearsal", draft=True)
    results = search("tajik border")
    assert [hit.object for hit in results.hits] == [shown]
    assert results.facets["type"] == [{"value": "appearance", "label": "Appearances", "count": 1}]


def test_title_and_programme_rank_above_the_description():
    in_description = AppearanceFactory(title="A long talk", description="On Kyrgyz customs posts.")
    in_programme = AppearanceFactory(title="Tuesday", programme="Kyrgyz politics hour")
    in_title = AppearanceFactory(title="Kyrgyz customs today")
    ranked = [hit.object for hit in search("kyrgyz").hits]
    assert ranked.index(in_title) < ranked.index(in_description)
    assert ranked.index(in_programme) < ranked.index(in_description)


def test_the_kind_of_appearance_is_searchable_by_its_word():
    webinar = AppearanceFactory(title="Pandemic and the Belt and Road")
    AppearanceFactory(title="Pandemic and the Belt and Road", kind=Appearance.Kind.RADIO)
    assert [hit.object for hit in search("webinar pandemic").hits] == [webinar]


def test_appearance_facets_count_and_narrow_by_type_country_theme_outlet_year_and_kind():
    theme = ThemeFactory(name="Energy")
    rusi = OutletFactory(name="RUSI")
    kz_2020 = AppearanceFactory(
        title="Caspian pipelines", countries=["kz"], themes=[theme], outlet=rusi
    )
    cn_2021 = AppearanceFactory(
        title="Caspian pipelines again",
        countries=["cn"],
        start_date=date(2021, 3, 1),
        kind=Appearance.Kind.RADIO,
    )
    article = ArticleFactory(title="Caspian pipelines in print", countries=["kz"])
    results = search("caspian pipelines")
    assert {row["value"]: row["count"] for row in results.facets["type"]} == {
        "article": 1,
        "appearance": 2,
    }
    assert {row["value"]: row["count"] for row in results.facets["country"]} == {"kz": 2, "cn": 1}
    assert {row["value"]: row["count"] for row in results.facets["year"]}[2021] == 1

    def found(**params):
        return {hit.object for hit in search("caspian pipelines", params).hits}

    assert found(type="appearance") == {kz_2020, cn_2021}
    assert found(country="kz") == {kz_2020, article}
    assert found(theme=theme.slug) == {kz_2020}
    assert found(outlet=rusi.slug) == {kz_2020}
    assert found(year="2021") == {cn_2021}
    assert found(kind="radio") == {cn_2021}
    # An article kind narrows away every appearance, and is no error for them.
    results = search("caspian pipelines", {"kind": Article.Kind.COMMENTARY})
    assert not results.errors
    assert all(not isinstance(hit.object, Appearance) for hit in results.hits)


def test_search_page_shows_an_appearance_hit_and_never_a_draft(client):
    AppearanceFactory(title="Webinar on Afghan transit")
    AppearanceFactory(title="Webinar on Afghan secrets", draft=True)
    response = client.get(reverse("archive:search"), {"q": "afghan"})
    assert response.status_code == 200
    assert "Webinar on Afghan transit" in response.text
    assert "Afghan secrets" not in response.text


# -- Feeds ---------------------------------------------------------------------------------


def test_appearance_feed_is_valid_atom_of_published_appearances_only(client):
    theme = ThemeFactory(name="Terrorism")
    shown = AppearanceFactory(
        title="Jihadism in South Asia",
        description="On *networks*. <script>alert(1)</script>",
        countries=["in"],
        themes=[theme],
        recording_url="https://www.youtube.com/watch?v=abcdefghijk",
    )
    AppearanceFactory(title="Unannounced rehearsal", draft=True)
    ArticleFactory(title="An article, not an appearance")
    feed = parsed_feed(client, reverse("appearances:feed"))
    [entry] = feed.entries
    assert entry.title == "Webinar: Jihadism in South Asia"
    content = entry.content[0].value
    assert "<em>networks</em>" in content and "<script" not in content
    assert "youtube.com/watch" in content
    assert {tag.term for tag in entry.tags} == {"India", "Terrorism"}
    assert entry.link.endswith(reverse("appearances:detail", kwargs={"slug": shown.slug}))


def test_appearances_join_the_site_feed_and_every_browse_feed(client):
    theme = ThemeFactory(name="Policing")
    outlet = OutletFactory(name="NIICE")
    host = PersonFactory(name="Host Person")
    AppearanceFactory(
        title="Policing the Silk Road",
        countries=["kg"],
        themes=[theme],
        outlet=outlet,
        people=[(host, Role.HOST)],
    )
    AppearanceFactory(title="Secret briefing", countries=["kg"], themes=[theme], draft=True)
    for url in (
        reverse("archive:feed"),
        reverse("archive:country_feed", kwargs={"code": "kg"}),
        reverse("archive:theme_feed", kwargs={"slug": theme.slug}),
        reverse("archive:outlet_feed", kwargs={"slug": outlet.slug}),
        reverse("archive:person_feed", kwargs={"slug": host.slug}),
    ):
        titles = [entry.title for entry in parsed_feed(client, url).entries]
        assert titles == ["Webinar: Policing the Silk Road"], url


def test_a_person_known_only_from_a_draft_appearance_has_no_feed(client):
    hidden = PersonFactory(name="Not yet announced")
    AppearanceFactory(draft=True, people=[(hidden, Role.PANELLIST)])
    assert (
        client.get(reverse("archive:person_feed", kwargs={"slug": hidden.slug})).status_code == 404
    )


def test_appearance_list_head_links_its_feed_for_autodiscovery(client):
    html = client.get(reverse("appearances:list")).text
    head = html.split("</head>")[0]
    feed = reverse("appearances:feed")
    assert re.search(
        rf'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="{feed}">', head
    )


# -- Sitemap -------------------------------------------------------------------------------


def test_sitemap_lists_published_appearances_and_never_a_draft(client):
    from tests.archive.test_sitemaps import sitemap_urls

    shown = AppearanceFactory(title="Shown")
    hidden = AppearanceFactory(title="Hidden", draft=True)
    xml = " ".join(sitemap_urls(client))
    assert shown.get_absolute_url() in xml
    assert hidden.get_absolute_url() not in xml
    assert reverse("appearances:list") in xml


# -- Link previews and JSON-LD -------------------------------------------------------------


def test_timed_webinar_is_an_online_event_with_the_organisers_offset(client):
    panellist = PersonFactory(name="Dr Panellist", affiliation="ORF")
    appearance = AppearanceFactory(
        title="Book discussion: ISIS in South Asia",
        outlet=OutletFactory(name="Observer Research Foundation", website="https://orf.example"),
        start_date=date(2020, 4, 29),
        start_time=time(18, 0),
        timezone="Asia/Kolkata",
        duration=timedelta(hours=1),
        event_url="https://orf.example/events/isis-south-asia",
        people=[(panellist, Role.PANELLIST)],
    )
    html = client.get(appearance.get_absolute_url()).text
    event = event_of(html)
    assert event["startDate"] == "2020-04-29T18:00:00+05:30"
    assert event["endDate"] == "2020-04-29T19:00:00+05:30"
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert event["location"] == {
        "@type": "VirtualLocation",
        "url": "https://orf.example/events/isis-south-asia",
    }
    assert event["organizer"]["name"] == "Observer Research Foundation"
    assert [p["name"] for p in event["performer"]] == ["Dr Panellist"]
    assert meta(html, "og:title") == "Book discussion: ISIS in South Asia"
    assert meta(html, "og:description").startswith(
        "Webinar, Observer Research Foundation, 29 April"
    )
    assert meta(html, "og:url").endswith(appearance.get_absolute_url())


def test_the_site_owner_is_a_performer_of_every_appearance(client):
    AuthorProfile.objects.create(person=PersonFactory(name="Ada Analyst"))
    appearance = AppearanceFactory()
    names = [
        p["name"] for p in event_of(client.get(appearance.get_absolute_url()).text)["performer"]
    ]
    assert names == ["Ada Analyst"]


def test_an_untimed_appearance_has_its_day_or_month_never_a_made_up_midnight(client):
    day = AppearanceFactory(day_only=True, start_date=date(2020, 5, 14))
    month = AppearanceFactory(month_only=True, start_date=date(2020, 7, 20))
    assert event_of(client.get(day.get_absolute_url()).text)["startDate"] == "2020-05-14"
    assert event_of(client.get(month.get_absolute_url()).text)["startDate"] == "2020-07"


def test_attendance_modes_and_places(client):
    in_person = AppearanceFactory(
        attendance=Appearance.Attendance.IN_PERSON, location="Whitehall, London"
    )
    hybrid = AppearanceFactory(attendance=Appearance.Attendance.HYBRID, location="Singapore")
    event = event_of(client.get(in_person.get_absolute_url()).text)
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert event["location"]["@type"] == "Place"
    assert event["location"]["address"] == "Whitehall, London"
    event = event_of(client.get(hybrid.get_absolute_url()).text)
    assert event["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [place["@type"] for place in event["location"]] == ["Place", "VirtualLocation"]


def test_a_video_recording_is_a_video_object_and_a_radio_one_a_broadcast_event(client):
    video = AppearanceFactory(recording_url="https://www.youtube.com/watch?v=abcdefghijk")
    radio = AppearanceFactory(
        kind=Appearance.Kind.RADIO,
        attendance=Appearance.Attendance.BROADCAST,
        recording_url="https://www.bbc.co.uk/sounds/play/m000abcd",
    )
    recorded = event_of(client.get(video.get_absolute_url()).text)["recordedIn"]
    assert recorded["@type"] == "VideoObject"
    for required in ("name", "description", "uploadDate", "thumbnailUrl", "embedUrl"):
        assert recorded[required], required
    assert recorded["uploadDate"] == "2020-04-29T18:00:00+05:30"
    broadcast = event_of(client.get(radio.get_absolute_url()).text)["subjectOf"]
    assert broadcast["@type"] == "BroadcastEvent"
    assert broadcast["url"] == "https://www.bbc.co.uk/sounds/play/m000abcd"
    assert broadcast["publishedOn"]["@type"] == "BroadcastService"


def test_a_draft_in_staff_preview_gives_crawlers_no_description(author_client):
    draft = AppearanceFactory(title="Embargoed panel", draft=True)
    html = author_client.get(draft.get_absolute_url()).text
    assert "Embargoed panel" in html
    assert not LD.findall(html)
    assert meta(html, "og:title") is None


# -- About page ----------------------------------------------------------------------------


def test_about_page_lists_upcoming_published_appearances_only(client):
    AuthorProfile.objects.create(person=PersonFactory(name="Ada Analyst"), biography="Hello.")
    soon = timezone.localdate() + timedelta(days=10)
    AppearanceFactory(title="Coming webinar", start_date=soon)
    AppearanceFactory(title="Coming but secret", start_date=soon, draft=True)
    AppearanceFactory(title="Long past", start_date=date(2019, 1, 1))
    html = client.get(reverse("archive:about")).text
    assert "Upcoming appearances" in html
    assert "Coming webinar" in html
    assert "Coming but secret" not in html and "Long past" not in html


def test_about_page_has_no_upcoming_panel_when_nothing_is_announced(client):
    AuthorProfile.objects.create(person=PersonFactory(name="Ada Analyst"), biography="Hello.")
    AppearanceFactory(title="Long past", start_date=date(2019, 1, 1))
    assert "Upcoming appearances" not in client.get(reverse("archive:about")).text


# -- The page cache ------------------------------------------------------------------------


def test_next_change_is_the_next_start_or_the_end_of_an_untimed_day_or_month(settings):
    settings.TIME_ZONE = "Europe/London"
    london = ZoneInfo("Europe/London")
    now = datetime(2020, 4, 28, 12, 0, tzinfo=london)
    timed = AppearanceFactory(
        start_date=date(2020, 4, 29), start_time=time(18), timezone="Asia/Kolkata"
    )
    AppearanceFactory(start_date=date(2020, 4, 30), start_time=time(9), draft=True)
    assert next_appearance_change(now) == timed.starts_at
    AppearanceFactory(day_only=True, start_date=date(2020, 4, 28))
    assert next_appearance_change(now) == datetime(2020, 4, 29, 0, 0, tzinfo=london)
    month = datetime(2020, 5, 1, tzinfo=london)
    assert next_appearance_change(datetime(2020, 4, 29, 14, 0, tzinfo=london)) is None
    AppearanceFactory(month_only=True, start_date=date(2020, 4, 10))
    assert next_appearance_change(datetime(2020, 4, 29, 14, 0, tzinfo=london)) == month


def test_cached_appearance_list_moves_an_appearance_to_past_once_it_starts(settings):
    settings.PAGE_CACHE_SECONDS = 3600
    visitor = Client()
    zone = ZoneInfo("Asia/Kolkata")
    start = (timezone.now() + timedelta(seconds=2)).astimezone(zone)
    AppearanceFactory(
        title="Starting any moment",
        start_date=start.date(),
        start_time=start.time(),
        timezone="Asia/Kolkata",
    )
    AppearanceFactory(title="Long past", start_date=date(2019, 1, 1))
    url = reverse("appearances:list")

    def section_of(title):
        html = visitor.get(url).text
        before = html.split(title)[0]
        return "Past" if ">Past<" in before else "Upcoming"

    assert section_of("Starting any moment") == "Upcoming"
    assert section_of("Starting any moment") == "Upcoming"  # served again, perhaps cached
    while timezone.now() <= start:
        clock.sleep(0.1)
    assert section_of("Starting any moment") == "Past"


def test_appearance_feed_stays_bounded_in_queries(client, django_assert_max_num_queries):
    theme = ThemeFactory(name="Energy")
    for n in range(40):
        AppearanceFactory(
            title=f"Talk {n}",
            countries=["kz"],
            themes=[theme],
            people=[(PersonFactory(), Role.PANELLIST)],
        )
    # Appearances, participants, countries, themes; the next-change look-ups of the cache.
    with django_assert_max_num_queries(7):
        feed = parsed_feed(client, reverse("appearances:feed"))
    assert len(feed.entries) == 30
