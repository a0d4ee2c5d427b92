"""Public pages: the list, an appearance's page, and appearances beside articles elsewhere."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from appearances.models import Role
from tests.appearances.factories import AppearanceFactory
from tests.factories import ArticleFactory, OutletFactory, PersonFactory, ThemeFactory, country

pytestmark = pytest.mark.django_db


def titles(response):
    return [a.title for a in response.context["appearances"]]


def local_in(days):
    when = timezone.localtime(timezone.now() + timedelta(days=days))
    return {
        "start_date": when.date(),
        "start_time": when.time().replace(microsecond=0),
        "timezone": "Europe/London",
    }


def test_list_shows_upcoming_soonest_first_then_past_newest_first(client):
    AppearanceFactory(title="Past, older", **local_in(-30))
    AppearanceFactory(title="Upcoming, later", **local_in(20))
    AppearanceFactory(title="Past, newer", **local_in(-2))
    AppearanceFactory(title="Upcoming, sooner", **local_in(3))
    in_two_months = (timezone.localdate().replace(day=1) + timedelta(days=62)).replace(day=1)
    AppearanceFactory(title="Month, ahead", month_only=True, start_date=in_two_months)
    response = client.get(reverse("appearances:list"))
    assert titles(response) == [
        "Upcoming, sooner",
        "Upcoming, later",
        "Month, ahead",
        "Past, newer",
        "Past, older",
    ]
    html = response.content.decode()
    assert html.index("Upcoming</h2>") < html.index("Past</h2>")


def test_draft_appearance_never_listed_or_shown(client):
    draft = AppearanceFactory(title="Secret", draft=True)
    assert "Secret" not in client.get(reverse("appearances:list")).content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_staff_can_preview_a_draft(author_client):
    draft = AppearanceFactory(title="Secret", draft=True)
    response = author_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Preview." in response.content.decode()


def test_filters_survive_pagination(client):
    for i in range(25):
        AppearanceFactory(kind="radio", start_date=date(2020, 1, 1) + timedelta(days=i))
    AppearanceFactory(kind="television", title="Television")
    response = client.get(reverse("appearances:list") + "?kind=radio")
    assert len(titles(response)) == 20
    assert 'href="?kind=radio&amp;page=2"' in response.content.decode()
    second = client.get(reverse("appearances:list") + "?kind=radio&page=2")
    assert len(titles(second)) == 5
    assert "Television" not in titles(second)


@pytest.mark.parametrize(
    "query", ["kind=radio", "country=cn", "theme=terrorism", "year=2020", "outlet=orf"]
)
def test_each_filter_narrows_the_list(client, query):
    theme = ThemeFactory(name="Terrorism", slug="terrorism")
    wanted = AppearanceFactory(
        title="Wanted", kind="radio", countries=["cn"], themes=[theme], start_date=date(2020, 5, 1)
    )
    wanted.outlet.slug = "orf"
    wanted.outlet.save()
    AppearanceFactory(title="Other", kind="webinar", start_date=date(2019, 5, 1))
    assert titles(client.get(reverse("appearances:list") + "?" + query)) == ["Wanted"]


def test_bad_filter_is_a_message_not_a_500(client):
    response = client.get(reverse("appearances:list") + "?year=abc&kind=nonsense")
    assert response.status_code == 200
    html = response.content.decode()
    assert "could not be understood" in html
    # Each wrong filter is named with the value given, as on the writing list.
    assert "<strong>Year</strong> “abc”" in html
    assert "“nonsense”: Select a valid choice." in html


def test_detail_shows_organiser_time_utc_and_a_placeholder_for_the_visitors(client):
    appearance = AppearanceFactory(recording_url="https://www.youtube.com/watch?v=abcDEF12345")
    html = client.get(appearance.get_absolute_url()).content.decode()
    assert "29 April 2020, 18:00 IST" in html
    assert "29 April 2020, 12:30 UTC" in html
    assert "data-local-time" in html
    # The player is not in the page: only its address, for the script to use on request.
    assert "<iframe" not in html
    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/abcDEF12345' in html


@pytest.mark.parametrize(
    ("duration", "said"),
    [
        (timedelta(hours=1, minutes=30), "1 hour 30 minutes"),
        (timedelta(minutes=45), "45 minutes"),
        (timedelta(hours=2), "2 hours"),
        (timedelta(seconds=40), "40 seconds"),
    ],
)
def test_detail_says_the_length_in_words_not_as_a_stored_duration(client, duration, said):
    appearance = AppearanceFactory(duration=duration)
    html = client.get(appearance.get_absolute_url()).content.decode()
    assert f"<dt>Length</dt><dd>{said}</dd>" in html
    assert str(duration) not in html  # "1:30:00"


def test_detail_lists_people_with_roles_and_only_published_related_articles(client):
    maya = PersonFactory(name="Maya")
    live, draft = (
        ArticleFactory(title="Live paper"),
        ArticleFactory(title="Draft paper", draft=True),
    )
    appearance = AppearanceFactory(people=[(maya, Role.HOST)])
    appearance.related_articles.set([live, draft])
    html = client.get(appearance.get_absolute_url()).content.decode()
    # A guest credited by first name only is a name, not a link to a page of her own.
    assert "<li>Maya, host" in html
    assert "Live paper" in html
    assert "Draft paper" not in html


def test_month_only_page_says_so_and_offers_no_calendar(client):
    appearance = AppearanceFactory(month_only=True, start_date=date(2020, 7, 1))
    html = client.get(appearance.get_absolute_url()).content.decode()
    assert "July 2020" in html
    assert "Only the month is known" in html
    assert "calendar.ics" not in html


def test_country_page_shows_appearances_beside_articles_in_one_timeline(client):
    ArticleFactory(
        title="Article in May", countries=["cn"], published_at=timezone.now() - timedelta(days=10)
    )
    AppearanceFactory(title="Talk now", countries=["cn"], **local_in(-1))
    ArticleFactory(
        title="Article older", countries=["cn"], published_at=timezone.now() - timedelta(days=40)
    )
    AppearanceFactory(title="Draft talk", countries=["cn"], draft=True)
    html = client.get(country("cn").get_absolute_url()).content.decode()
    assert html.index("Talk now") < html.index("Article in May") < html.index("Article older")
    assert "Draft talk" not in html


def test_outlet_theme_and_person_pages_show_appearances(client):
    theme = ThemeFactory(name="Terrorism", slug="terrorism")
    maya = PersonFactory(name="Maya Rao")
    appearance = AppearanceFactory(title="Shared talk", themes=[theme], people=[(maya, Role.HOST)])
    ArticleFactory(title="Co-written", authors=[maya], themes=[theme])
    for subject in (appearance.outlet, theme, maya):
        html = client.get(subject.get_absolute_url()).content.decode()
        assert "Shared talk" in html, subject
    person_page = client.get(maya.get_absolute_url()).content.decode()
    assert "Co-written" in person_page


def test_home_shows_upcoming_appearances(client):
    AppearanceFactory(title="Next week", **local_in(7))
    html = client.get(reverse("archive:home")).content.decode()
    assert "Coming up" in html and "Next week" in html


def test_main_nav_links_to_appearances(client):
    html = client.get(reverse("archive:home")).content.decode()
    assert f'href="{reverse("appearances:list")}"' in html


def make_rows(n, people=(), **kwargs):
    for _ in range(n):
        AppearanceFactory(
            people=[*people, (PersonFactory(), Role.PANELLIST)],
            countries=["cn", "kz"],
            themes=[ThemeFactory(name="Terrorism")],
            **kwargs,
        )
        # Dated beside the appearances, so every page of the timeline mixes both kinds.
        ArticleFactory(
            countries=["cn"],
            authors=[PersonFactory()],
            published_at=datetime(2020, 4, 29, 10, tzinfo=UTC),
        )


def count_queries(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["list", "detail", "country", "person"])
def test_query_count_is_constant_as_appearances_grow(client, django_assert_max_num_queries, page):
    def url():
        if page == "list":
            return reverse("appearances:list")
        if page == "country":
            return country("cn").get_absolute_url()
        if page == "person":
            return shared.get_absolute_url()
        return AppearanceFactory(
            people=[(PersonFactory(), Role.HOST)] * 1, countries=["cn"]
        ).get_absolute_url()

    shared = PersonFactory(name="Shared Person")
    make_rows(2, people=[(shared, Role.HOST)])
    few = count_queries(client, url(), django_assert_max_num_queries, 20)
    make_rows(15, people=[(shared, Role.HOST)])
    many = count_queries(client, url(), django_assert_max_num_queries, 20)
    assert few == many


def test_filter_menus_offer_only_what_published_appearances_use(client):
    theme = ThemeFactory(name="Terrorism", slug="terrorism")
    AppearanceFactory(countries=["kz"], themes=[theme])
    AppearanceFactory(countries=["af"], themes=[ThemeFactory(name="Hidden")], draft=True)
    article = ArticleFactory()
    article.themes.add(ThemeFactory(name="Only in articles"))
    form = client.get(reverse("appearances:list")).context["filter"].form
    assert [c.code for c in form.fields["country"].queryset] == ["KZ"]
    assert [t.name for t in form.fields["theme"].queryset] == ["Terrorism"]
    assert len(form.fields["outlet"].queryset) == 1


def test_filter_menus_follow_publishing_at_once_with_the_caches_on(client, settings):
    settings.PAGE_CACHE_SECONDS = 3600
    AppearanceFactory(outlet=OutletFactory(name="NPR"))
    hidden = AppearanceFactory(outlet=OutletFactory(name="Al Jazeera"), draft=True)
    url = reverse("appearances:list")
    option = f'<option value="{hidden.outlet.slug}"'
    assert option not in client.get(url).text
    hidden.status = "published"
    hidden.save()
    assert option in client.get(url).text
    hidden.status = "draft"
    hidden.save()
    assert option not in client.get(url).text


def test_filter_menus_mark_the_chosen_option_and_escape_names(client):
    chosen = OutletFactory(name="Law & <Order> Radio", slug="law-order")
    AppearanceFactory(outlet=chosen, kind="radio")
    AppearanceFactory()
    html = client.get(reverse("appearances:list") + "?outlet=law-order&kind=radio").content
    html = html.decode()
    assert '<option value="law-order" selected>Law &amp; &lt;Order&gt; Radio</option>' in html
    assert '<option value="radio" selected>Radio</option>' in html
    assert '<option value="" selected>' not in html.split('name="outlet"')[1].split("</select>")[0]


def test_list_pages_continue_from_upcoming_into_past_without_gaps(client):
    for day in range(3):
        AppearanceFactory(title=f"Upcoming {day}", **local_in(day + 1))
    for day in range(25):
        AppearanceFactory(title=f"Past {day}", **local_in(-day - 1))
    first = client.get(reverse("appearances:list"))
    second = client.get(reverse("appearances:list") + "?page=2")
    listed = titles(first) + titles(second)
    assert listed == [f"Upcoming {d}" for d in range(3)] + [f"Past {d}" for d in range(25)]
    assert "Upcoming</h2>" not in second.content.decode()
    assert second.content.decode().count("Past</h2>") == 1


def test_list_page_where_upcoming_meets_past_stays_within_eight_queries(
    client, django_assert_max_num_queries, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # the page's own queries, not the cache's
    for day in range(3):
        AppearanceFactory(people=[(PersonFactory(), Role.HOST)], **local_in(day + 1))
        AppearanceFactory(people=[(PersonFactory(), Role.GUEST)], **local_in(-day - 1))
    client.get(reverse("appearances:list"))  # content types, read once per process
    with django_assert_max_num_queries(8):
        response = client.get(reverse("appearances:list"))
    assert len(titles(response)) == 6


def test_every_page_of_the_list_follows_upcoming_then_past_deep_pages_too(client, monkeypatch):
    from appearances import views
    from appearances.models import Appearance

    monkeypatch.setattr(views, "DIRECT_DEPTH", 3)  # reach the keyed path with a few pages
    today = timezone.localdate()
    for days in [-40, -3, -1, 2, 5, 9, -20, -60, -90, -400] + list(range(-500, -1200, -15)):
        AppearanceFactory(start_date=today + timedelta(days=days))
    AppearanceFactory(month_only=True, start_date=today.replace(day=1))  # this month: upcoming
    AppearanceFactory(draft=True, start_date=today - timedelta(days=700))
    now = timezone.now()
    published = Appearance.objects.published()
    expected = [a.slug for a in published.upcoming(now).order_by("sort_at", "-pk")]
    expected += [a.slug for a in published.past(now)]
    seen, page = [], 1
    while True:
        response = client.get(reverse("appearances:list"), {"page": page})
        if response.status_code == 404:
            break
        seen += [a.slug for a in response.context["appearances"]]
        page += 1
    assert page > 3
    assert seen == expected


def test_filter_menus_name_their_no_choice_option(client):
    AppearanceFactory(countries=["kz"])
    html = client.get(reverse("appearances:list")).text
    for label in ["Any kind", "Any host or broadcaster", "Any country", "Any theme"]:
        assert re.search(f'<option value=""( selected)?>{label}</option>', html), label
    assert "---------" not in html
