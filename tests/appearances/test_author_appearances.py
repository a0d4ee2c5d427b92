"""The author made every appearance: her part is its "Your role" (`author_role`), not a row
among its people. Her person page, the people list, her feed and a search for her name
count and list every published appearance, once each, and never a draft or a trashed one.
"""

import feedparser
import pytest
from django.urls import reverse

from appearances.models import Role
from archive.models import AuthorProfile
from archive.search import search
from tests.appearances.factories import AppearanceFactory
from tests.factories import ArticleFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    """The demo's shape: the author's writing, appearances that list only the other people
    on them (or nobody), one that lists her too, a draft and a trashed one."""
    author = PersonFactory(name="Raffaello Pantucci")
    AuthorProfile.objects.create(person=author)
    guest = PersonFactory(name="Veerle Nouwens")
    rows = {
        "author": author,
        "guest": guest,
        "article": ArticleFactory(title="Beware the Wolf Warrior", authors=[author]),
        "alone": AppearanceFactory(title="Inside Story"),
        "with_guest": AppearanceFactory(title="Today programme", people=[(guest, Role.GUEST)]),
        # Listed as well as being the author: still one appearance, and her co-panellist's.
        "listed": AppearanceFactory(
            title="ISIS in South Asia",
            people=[(author, Role.PANELLIST), (guest, Role.PANELLIST)],
        ),
        "draft": AppearanceFactory(title="Not yet announced", draft=True),
        "trashed": AppearanceFactory(title="Withdrawn talk"),
    }
    rows["trashed"].move_to_trash()
    return rows


PUBLISHED = {"alone", "with_guest", "listed"}


def timeline_objects(response):
    return [entry["object"] for entry in response.context["timeline"]]


def test_the_authors_page_lists_and_counts_every_published_appearance_once(archive, client):
    response = client.get(archive["author"].get_absolute_url())
    assert response.context["counts"] == {"articles": 1, "appearances": 3}
    assert response.context["paginator"].count == 4
    listed = timeline_objects(response)
    assert sorted(map(str, listed)) == sorted(
        ["Beware the Wolf Warrior", "Inside Story", "Today programme", "ISIS in South Asia"]
    )
    assert "1 piece of writing, 3 appearances." in response.text
    assert "Not yet announced" not in response.text
    assert "Withdrawn talk" not in response.text


def test_a_guest_on_an_appearance_the_author_is_listed_on_is_still_counted(archive, client):
    response = client.get(archive["guest"].get_absolute_url())
    assert response.context["counts"] == {"articles": 0, "appearances": 2}
    assert {str(row) for row in timeline_objects(response)} == {
        "Today programme",
        "ISIS in South Asia",
    }


def test_the_people_list_counts_the_authors_appearances(archive, client):
    people = {p.name: p for p in client.get(reverse("archive:person_list")).context["people"]}
    author = people["Raffaello Pantucci"]
    assert (author.n, author.n_articles, author.n_appearances) == (4, 1, 3)
    assert people["Veerle Nouwens"].n_appearances == 2


def test_the_authors_feed_carries_her_published_appearances(archive, client):
    url = reverse("archive:person_feed", kwargs={"slug": archive["author"].slug})
    feed = feedparser.parse(client.get(url).content)
    titles = [entry.title for entry in feed.entries]
    assert len(titles) == 4
    assert sum("ISIS in South Asia" in title for title in titles) == 1
    assert not [t for t in titles if "Not yet announced" in t or "Withdrawn talk" in t]


@pytest.mark.parametrize(
    ("query", "total"),
    # Her piece of writing too, but not where the query has words it lacks.
    [("pantucci", 4), ("Raffaello Pantucci", 4), ("pantucci webinar", 3)],
)
def test_a_search_for_the_authors_name_finds_her_published_appearances(archive, query, total):
    results = search(query, limit=100)
    found = [hit.object for hit in results.hits if hit.provider.name == "appearance"]
    assert sorted(map(str, found)) == sorted(str(archive[key]) for key in PUBLISHED)
    assert results.total == total  # each appearance once


def test_the_author_known_only_from_appearances_is_found_and_suggested(client):
    author = PersonFactory(name="Raffaello Pantucci")
    AuthorProfile.objects.create(person=author)
    AppearanceFactory(title="Inside Story")
    AppearanceFactory(title="Not yet announced", draft=True)
    response = client.get(reverse("archive:search"), {"q": "pantucci"})
    results = response.context["results"]
    assert [str(hit.object) for hit in results.hits] == ["Inside Story"]
    assert [name.object for name in results.suggestions] == [author]
    assert client.get(author.get_absolute_url()).context["counts"]["appearances"] == 1


def test_without_published_appearances_the_author_has_none(client):
    author = PersonFactory(name="Raffaello Pantucci")
    AuthorProfile.objects.create(person=author)
    ArticleFactory(authors=[author])
    AppearanceFactory(title="Not yet announced", draft=True)
    response = client.get(author.get_absolute_url())
    assert response.context["counts"] == {"articles": 1, "appearances": 0}
    assert not [hit for hit in search("pantucci").hits if hit.provider.name == "appearance"]


def test_the_authors_page_costs_the_same_queries_however_many_appearances(
    client, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    author = PersonFactory(name="Raffaello Pantucci")
    AuthorProfile.objects.create(person=author)
    ArticleFactory(authors=[author])

    def cost():
        client.get(author.get_absolute_url())  # the counts, once per generation
        with django_assert_max_num_queries(8) as captured:
            assert client.get(author.get_absolute_url()).status_code == 200
        return len(captured)

    AppearanceFactory.create_batch(2, people=[(PersonFactory(), Role.HOST)])
    few = cost()
    AppearanceFactory.create_batch(25, people=[(PersonFactory(), Role.HOST)])
    assert cost() == few


def test_the_counts_follow_the_author_profile_at_once(archive, client, settings):
    settings.PAGE_CACHE_SECONDS = 3600
    author = archive["author"]
    assert client.get(author.get_absolute_url()).context["counts"]["appearances"] == 3
    AuthorProfile.objects.all().delete()
    # Now only the appearance that lists him among its people is his.
    response = client.get(author.get_absolute_url())
    assert response.context["counts"] == {"articles": 1, "appearances": 1}
    assert [
        str(hit.object) for hit in search("pantucci").hits if hit.provider.name != "article"
    ] == ["ISIS in South Asia"]
