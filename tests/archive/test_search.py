"""Search: web-search syntax, ranking, facets, accents, and that only published work is found.

Runs on both databases: PostgreSQL full-text search and SQLite FTS5 must agree on plain words.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from archive.search import parse_query, search
from tests.factories import ArticleFactory, OutletFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def titles(results):
    return [hit.object.title for hit in results.hits]


def test_draft_and_scheduled_articles_never_appear_in_search():
    ArticleFactory(title="Pamir highway live")
    ArticleFactory(title="Pamir highway draft", draft=True)
    ArticleFactory(title="Pamir highway scheduled", scheduled=True)
    assert titles(search("pamir highway")) == ["Pamir highway live"]


def test_draft_stays_out_of_search_after_staff_previewed_it(author_client, client):
    draft = ArticleFactory(title="Secret Ferghana memo", draft=True)
    assert author_client.get(draft.get_absolute_url()).status_code == 200
    response = client.get(reverse("archive:search"), {"q": "ferghana"})
    assert "Secret Ferghana memo" not in response.text
    assert response.context["results"].total == 0


def test_titles_rank_above_standfirsts_above_bodies():
    ArticleFactory(title="Other", standfirst="Plain.", body="About Dushanbe water politics.")
    ArticleFactory(title="Other two", standfirst="Dushanbe water politics.", body="Plain.")
    ArticleFactory(title="Dushanbe water politics", standfirst="Plain.", body="Plain.")
    assert titles(search("dushanbe water")) == [
        "Dushanbe water politics",
        "Other two",
        "Other",
    ]


def test_plain_words_must_all_match_and_stems_match():
    ArticleFactory(title="Sanctions on Tehran", body="")
    ArticleFactory(title="A sanction regime for Minsk", body="")
    assert titles(search("sanction tehran")) == ["Sanctions on Tehran"]
    both = {"Sanctions on Tehran", "A sanction regime for Minsk"}
    assert set(titles(search("sanctions"))) == both


def test_quoted_phrase_minus_word_and_or():
    ArticleFactory(title="Belt and Road in Kazakhstan", body="")
    ArticleFactory(title="Road and belt tightening in Kazakhstan", body="")
    ArticleFactory(title="Uzbekistan rail", body="")
    assert titles(search('"belt and road"')) == ["Belt and Road in Kazakhstan"]
    assert titles(search("kazakhstan -tightening")) == ["Belt and Road in Kazakhstan"]
    assert set(titles(search("uzbekistan or tightening"))) == {
        "Road and belt tightening in Kazakhstan",
        "Uzbekistan rail",
    }


def test_search_is_accent_insensitive_both_ways():
    ArticleFactory(title="Tājik migrants and Moscow", body="")
    ArticleFactory(title="Cafe diplomacy in Almaty", body="")
    assert titles(search("tajik")) == ["Tājik migrants and Moscow"]
    assert titles(search("café")) == ["Cafe diplomacy in Almaty"]


def test_facets_count_matches_and_narrow_them():
    rusi = OutletFactory(name="RUSI")
    theme = ThemeFactory(name="Belt and Road Initiative")
    ArticleFactory(title="Corridor one", countries=["kz"], themes=[theme], outlet=rusi)
    ArticleFactory(title="Corridor two", countries=["kz", "cn"])
    ArticleFactory(title="Corridor three", countries=["cn"])
    results = search("corridor")
    assert results.total == 3
    countries = {row["value"]: row["count"] for row in results.facets["country"]}
    assert countries == {"kz": 2, "cn": 2}
    assert results.facets["type"] == [{"value": "article", "label": "Writing", "count": 3}]
    narrowed = search("corridor", {"country": "kz", "theme": theme.slug})
    assert titles(narrowed) == ["Corridor one"]
    assert {row["value"]: row["count"] for row in narrowed.facets["outlet"]} == {rusi.slug: 1}


def test_snippet_highlights_match_and_escapes_html_in_the_text():
    ArticleFactory(
        title="Plain",
        body="Some <script>alert(1)</script> about [Khorgos](https://example.org) dry port.[^3]",
    )
    [hit] = search("khorgos").hits
    assert "<mark>Khorgos</mark> dry port" in hit.snippet
    assert "<script>" not in hit.snippet
    assert "example.org" not in hit.snippet and "^3" not in hit.snippet
    assert "…  …" not in hit.snippet


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "x" * 500,
        '"unbalanced quote',
        "a\x00b",
        "-only -negatives",
        "the and of",
        "' OR 1=1 --",
        "NEAR(a b) AND *",
        "<script>alert(1)</script>",
        "))) (((",
        "\x01\x02\x03",
    ],
)
def test_bad_queries_get_a_friendly_page_and_are_escaped(client, raw):
    ArticleFactory(title="Something to find")
    response = client.get(reverse("archive:search"), {"q": raw})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text
    assert "\x00" not in response.text


def test_long_query_is_refused_with_a_message():
    query = parse_query("word " * 100)
    assert not query.runnable
    assert "under 200" in query.error


def test_unknown_facet_value_is_explained_not_an_error(client):
    ArticleFactory(title="Caspian shipping")
    response = client.get(
        reverse("archive:search"), {"q": "caspian", "country": "zz", "year": "abc"}
    )
    assert response.status_code == 200
    assert "could not be understood" in response.text


def test_search_page_shows_results_facets_and_pagination_in_bounded_queries(
    client, django_assert_max_num_queries
):
    theme = ThemeFactory(name="Energy")
    for n in range(25):
        ArticleFactory(title=f"Caspian pipeline {n}", countries=["az", "kz"], themes=[theme])
    with django_assert_max_num_queries(16):
        response = client.get(reverse("archive:search"), {"q": "caspian pipeline"})
    assert response.context["results"].total == 25
    assert len(response.context["results"].hits) == 20
    assert 'rel="next"' in response.text
    second = client.get(reverse("archive:search"), {"q": "caspian pipeline", "page": "2"})
    assert len(second.context["results"].hits) == 5
    first_titles = {hit.object.title for hit in response.context["results"].hits}
    assert not first_titles & {hit.object.title for hit in second.context["results"].hits}


def test_header_search_form_is_a_labelled_get_form(client):
    response = client.get(reverse("archive:home"))
    assert 'action="/search/" method="get" role="search"' in response.text
    assert '<label for="site-search-q"' in response.text


def test_type_facet_narrows_to_one_kind_of_record_and_rejects_unknown_types(client):
    ArticleFactory(title="Aral sea")
    assert search("aral", {"type": "article"}).total == 1
    response = client.get(reverse("archive:search"), {"q": "aral", "type": "<b>nope</b>"})
    assert response.status_code == 200
    assert "There is no type" in response.text and "<b>nope</b>" not in response.text


def test_newest_first_sort_orders_by_date():
    ArticleFactory(title="Aral old", published_at=timezone.now() - timedelta(days=30))
    ArticleFactory(title="Aral sea", body="Aral Aral Aral")
    ArticleFactory(title="Aral new", body="", published_at=timezone.now() - timedelta(hours=1))
    assert titles(search("aral", newest=True)) == ["Aral new", "Aral sea", "Aral old"]


def test_a_facet_counts_without_its_own_filter_so_values_can_be_switched():
    ArticleFactory(title="Steppe one", countries=["kz"])
    ArticleFactory(title="Steppe two", countries=["mn"])
    results = search("steppe", {"country": "kz"})
    assert titles(results) == ["Steppe one"]
    assert {row["value"]: row["count"] for row in results.facets["country"]} == {
        "kz": 1,
        "mn": 1,
    }


def test_words_far_apart_in_a_long_body_are_both_quoted_and_highlighted():
    filler = " ".join(["Steppe caravans crossed the plateau."] * 150)  # about 5,000 characters
    ArticleFactory(
        title="A long read",
        standfirst="",
        body=f"{filler} The energy ministry met. {filler} A new pipeline opened. {filler}",
    )
    snippet = str(search("energy pipeline").hits[0].snippet)
    assert "<mark>energy</mark>" in snippet or "<mark>pipeline</mark>" in snippet
    if connection.vendor == "postgresql":
        # PostgreSQL quotes around each word, so both show.
        assert "<mark>energy</mark>" in snippet and "<mark>pipeline</mark>" in snippet


@pytest.mark.parametrize(
    "snippet",
    ["oil exports resuming.[^57] Then", "oil exports resuming.[^57", "^57] oil exports resuming."],
)
def test_a_footnote_call_cut_by_the_snippet_leaves_no_trace(snippet):
    from archive.search_query import highlight

    assert "57" not in highlight(snippet)
    assert "oil exports resuming." in highlight(snippet)


def test_a_hard_line_break_in_the_body_shows_as_a_space_not_a_backslash():
    # As imported from WordPress: a <br> in the author's signature line.
    ArticleFactory(title="Signed", body="Raffaello Pantucci\\\nSenior Fellow, RSIS")
    snippet = str(search("senior fellow").hits[0].snippet)
    assert "\\" not in snippet
    assert "Pantucci <mark>Senior</mark>" in " ".join(snippet.split())


def test_an_escaped_character_is_quoted_without_its_backslash():
    from archive.search_query import highlight

    assert str(highlight("the \\(RSIS\\) report\\!")) == "the (RSIS) report!"


def test_an_image_in_the_body_leaves_no_markup_or_address_in_the_quote():
    # As imported from WordPress: the byline, then a screenshot, then the text. The quote
    # around the name used to end inside the image: "SGT !Screen Shot …(https://…/2020 …".
    ArticleFactory(
        title="Fuel to the flames",
        standfirst="",
        body="Raffaello Pantucci For The Straits Times\\\nPUBLISHED | APR 27, 2020\n\n"
        "![Screen Shot 2020-04-28 at 05.06.51](https://example.org/wp-content/uploads/2020/04/"
        "Screen-Shot-2020-04-28-at-05-06-51.png)\n\nAn Afghan security officer in Kabul.",
    )
    snippet = str(search("pantucci").hits[0].snippet)
    assert "<mark>Pantucci</mark>" in snippet
    for trace in ("https", "example.org", "png", "!", "("):
        assert trace not in snippet


@pytest.mark.parametrize(
    ("snippet", "quoted"),
    [
        (
            "… SGT ![Screen Shot 2020-04-28 at 05.06.51](https://example.org/uploads/2020 …",
            "… SGT …",
        ),
        ("… SGT ![Screen Shot …", "… SGT Screen Shot …"),
        ("… 05-06-51.png) An Afghan officer", "… An Afghan officer"),
        ("… uploads/2020/04/shot.png) An Afghan officer", "… An Afghan officer"),
        (
            "the [report](https://example.org/a/b) and [another](https://example.org/c …",
            "the report and another …",
        ),
        ("… U.S.) said it would", "… U.S.) said it would"),
    ],
)
def test_an_image_or_link_address_cut_by_the_snippet_leaves_no_trace(snippet, quoted):
    from archive.search_query import highlight

    assert " ".join(str(highlight(snippet)).split()) == quoted
