"""The browse lists (/countries/, /outlets/, /themes/, /people/) show every entry with
published writing or appearances, with the same figures home and each entry's page show."""

import re

import pytest
from django.urls import reverse

from appearances.models import Role
from tests.appearances.factories import AppearanceFactory
from tests.factories import ArticleFactory, OutletFactory, PersonFactory, ThemeFactory, country

pytestmark = pytest.mark.django_db


def text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_country_tagged_only_on_appearances_is_listed_with_both_counts(client):
    ArticleFactory(countries=["cn"])
    AppearanceFactory(countries=["cn", "np"])
    AppearanceFactory(countries=["np"], draft=True)
    page = text(client, reverse("archive:country_list"))
    assert "Nepal 1 appearance" in page
    assert "China 1 writing · 1 appearance" in page


def test_outlet_with_appearances_only_is_listed(client):
    host = OutletFactory(name="Al Jazeera")
    AppearanceFactory(outlet=host)
    AppearanceFactory(outlet=OutletFactory(name="Draft Host"), draft=True)
    page = text(client, reverse("archive:outlet_list"))
    assert "Al Jazeera 1 appearance" in page
    assert "Draft Host" not in page


def test_home_index_and_country_page_give_one_figure(client):
    for _ in range(3):
        ArticleFactory(countries=["cn"])
    for _ in range(2):
        AppearanceFactory(countries=["cn"])
    ArticleFactory(countries=["cn"], draft=True)
    home = text(client, reverse("archive:home"))
    assert "China 5" in home
    assert "China 3 writing · 2 appearances" in text(client, reverse("archive:country_list"))
    detail = text(client, country("cn").get_absolute_url())
    assert "Writing and appearances 5" in detail
    assert "3 pieces of writing, 2 appearances" in detail


def test_theme_and_person_lists_count_appearances_too(client):
    theme = ThemeFactory(name="Belt and Road")
    panellist = PersonFactory(name="Raffaello Pantucci")
    AppearanceFactory(themes=[theme], people=[(panellist, Role.PANELLIST)])
    ArticleFactory(themes=[theme], authors=[panellist])
    assert "Belt and Road 1 writing · 1 appearance" in text(client, reverse("archive:theme_list"))
    people = text(client, reverse("archive:person_list"))
    assert "Raffaello Pantucci 1 writing · 1 appearance" in people


def test_regions_most_used_first(client):
    # Northern Europe (UN code order puts it after the Asian regions) has the most pieces.
    for _ in range(3):
        ArticleFactory(countries=["gb"])
    ArticleFactory(countries=["kz"])
    ArticleFactory(countries=["cn"])
    AppearanceFactory(countries=["cn"])
    page = text(client, reverse("archive:country_list"))
    assert page.index("Northern Europe") < page.index("Eastern Asia") < page.index("Central Asia")


def test_first_name_only_guest_gets_no_page_and_no_link(client):
    guest = PersonFactory(name="Sara")
    named = PersonFactory(name="Sara Khan")
    appearance = AppearanceFactory(people=[(guest, Role.PANELLIST), (named, Role.HOST)])
    html = client.get(appearance.get_absolute_url()).content.decode()
    assert f'href="{named.get_absolute_url()}"' in html
    assert f'href="{guest.get_absolute_url()}"' not in html and "Sara, panellist" in html
    assert client.get(guest.get_absolute_url()).status_code == 404
    assert client.get(reverse("archive:person_feed", args=[guest.slug])).status_code == 404
    assert client.get(named.get_absolute_url()).status_code == 200
    people = text(client, reverse("archive:person_list"))
    assert "Sara Khan" in people and "Sara 1" not in people
    sitemap = client.get("/sitemap-people.xml").content.decode()
    assert named.get_absolute_url() in sitemap and guest.get_absolute_url() not in sitemap


def test_author_overrides_the_page_rule_either_way(client):
    guest = PersonFactory(name="Bilahari", own_page=True)
    crowd = PersonFactory(name="Someone Unimportant", own_page=False)
    AppearanceFactory(people=[(guest, Role.PANELLIST), (crowd, Role.PANELLIST)])
    assert client.get(guest.get_absolute_url()).status_code == 200
    assert client.get(crowd.get_absolute_url()).status_code == 404
    sitemap = client.get("/sitemap-people.xml").content.decode()
    assert guest.get_absolute_url() in sitemap and crowd.get_absolute_url() not in sitemap


def main_nav(client, url):
    html = client.get(url).content.decode()
    return re.search(r'<nav class="site-nav" aria-label="Main">(.*?)</nav>', html, re.S).group(1)


def test_people_are_in_the_main_nav_marked_current_on_their_page(client):
    ArticleFactory(authors=[PersonFactory(name="Marlene Laruelle")])
    people = reverse("archive:person_list")
    assert f'<a href="{people}" aria-current="page">People</a>' in main_nav(client, people)
    elsewhere = main_nav(client, reverse("archive:theme_list"))
    assert f'<a href="{people}">People</a>' in elsewhere
    assert elsewhere.count('aria-current="page"') == 1
