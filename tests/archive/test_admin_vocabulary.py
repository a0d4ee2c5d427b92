"""The admin's vocabulary pickers: countries found as people type them, and themes and
people created without leaving the form."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def suggestions(client, term, model="article"):
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": term, "app_label": "archive" if model == "article" else "appearances",
         "model_name": model, "field_name": "countries"},
    )  # fmt: skip
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    "term, first",
    [
        ("UK", "United Kingdom"),
        ("us", "United States of America"),
        ("USA", "United States of America"),
        ("Britain", "United Kingdom"),
        ("ind", "India"),  # starts-with before "British Indian Ocean Territory"
        ("china", "China"),  # exact before "Taiwan (Province of China)"-like names
        ("chinese", "China"),
    ],
)
def test_country_search_ranks_exact_and_aliases_first(author_client, term, first):
    found = suggestions(author_client, term)
    assert found and found[0].startswith(first), found[:5]


def test_starts_with_comes_before_contains(author_client):
    found = suggestions(author_client, "ind")
    assert found.index("Indonesia") < found.index("British Indian Ocean Territory")


def test_appearance_country_search_knows_the_aliases_too(author_client):
    assert suggestions(author_client, "UK", model="appearance")[0] == "United Kingdom"


@pytest.mark.parametrize("page", ["admin:appearances_appearance_add", "admin:archive_article_add"])
def test_themes_and_people_can_be_added_from_the_form(author_client, page):
    html = author_client.get(reverse(page)).text
    assert 'id="add_id_themes"' in html
    assert 'id="add_id_' in html and "-__prefix__-person" in html
