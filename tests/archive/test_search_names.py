"""Search by the names around a record, the author's work before cited sources, suggested
pages: with the real names of the seed (the author, his co-author and co-panellist, the
outlets and programme he appeared on, the themes of the China posts).

Runs on both databases: a name found by its link must rank and count the same way whether
PostgreSQL's full-text search or SQLite's FTS5 matched the words.
"""

import pytest
from django.urls import reverse

from archive.search import search
from tests.appearances.factories import AppearanceFactory
from tests.citations.factories import FootnoteFactory, SourceFactory
from tests.factories import ArticleFactory, OutletFactory, PersonFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def titles(results):
    return [str(hit.object) for hit in results.hits]


@pytest.fixture
def seed():
    """The author's July 2020 China posts, as the seed's tag page shows them."""
    rusi = OutletFactory(name="Royal United Services Institute", short_name="RUSI")
    straits = OutletFactory(name="The Straits Times")
    aje = OutletFactory(name="Al Jazeera English", kind="broadcaster")
    bbc = OutletFactory(name="BBC Radio 4", kind="broadcaster")
    orf = OutletFactory(name="Observer Research Foundation", short_name="ORF")
    author = PersonFactory(name="Raffaello Pantucci")
    nouwens = PersonFactory(name="Veerle Nouwens")
    bagchi = PersonFactory(name="Indrani Bagchi")
    bri = ThemeFactory(name="Belt and Road Initiative", slug="belt-and-road-initiative")
    uk_china = ThemeFactory(name="UK-China relations", slug="uk-china-relations")
    rows = {
        "huawei": ArticleFactory(
            title="Huawei is No Way for British Strategy on China",
            standfirst="The UK may escape serious retaliation for barring Huawei.",
            body="London needs a more sophisticated debate, vision and plan.",
            outlet=rusi,
            authors=[nouwens, author],
            countries=["CN", "GB"],
            themes=[uk_china],
        ),
        "wolf": ArticleFactory(
            title="Beware the spirit of the Wolf Warrior",
            standfirst="Summoning the forces of nationalism invites a bite-back.",
            body="The film Wolf Warrior 2 has entered the lexicon in Beijing.",
            outlet=straits,
            authors=[author],
            themes=[bri],
        ),
        "inside_story": AppearanceFactory(
            title="Inside Story: China and the UK",
            kind="television",
            programme="Inside Story",
            outlet=aje,
            countries=["CN", "GB"],
            people=[(author, "guest"), (nouwens, "panellist")],
        ),
        "today": AppearanceFactory(
            title="Today programme interview", kind="radio", outlet=bbc, people=[(author, "guest")]
        ),
        "isis_book": AppearanceFactory(
            title="Book discussion: ISIS in South Asia",
            outlet=orf,
            people=[(author, "panellist"), (bagchi, "panellist")],
        ),
    }
    # Cited sources that say "China" in every title: they come after the author's work.
    for n in range(13):
        FootnoteFactory(
            article=rows["huawei"],
            sources=[SourceFactory(title=f"China report {n}", publisher="Global Times")],
        )
    return rows


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pantucci", {"huawei", "wolf", "inside_story", "today", "isis_book"}),
        ("Al Jazeera", {"inside_story"}),
        ("bbc", {"today"}),
        ("ORF", {"isis_book"}),
        ("Indrani Bagchi", {"isis_book"}),  # a co-panellist
        ("nouwens", {"huawei", "inside_story"}),  # co-author and co-panellist
        ("rusi", {"huawei"}),  # an outlet's short name
        ("inside story", {"inside_story"}),  # a programme
        ("Belt and Road", {"wolf"}),  # part of a theme's name
        ("britain", {"huawei", "inside_story"}),  # a country's alias
    ],
)
def test_names_find_the_records_they_are_attached_to(seed, query, expected):
    results = search(query, limit=100)
    assert {hit.object for hit in results.hits} == {seed[key] for key in expected}
    assert results.total == len(expected)


def test_authors_writing_and_appearances_come_before_cited_sources(seed, client):
    results = search("china", limit=100)
    kinds = [hit.provider.name for hit in results.hits]
    first_source = kinds.index("source")
    assert set(kinds[:first_source]) == {"article", "appearance"}
    assert set(kinds[first_source:]) == {"source"}
    assert first_source == 2  # the Huawei piece and Inside Story, both tagged China
    page = client.get(reverse("archive:search"), {"q": "china"}).text
    huawei, sources = page.index("Huawei is No Way"), page.index("Cited sources")
    assert huawei < sources < page.index("China report")


def test_a_matching_theme_country_outlet_or_person_page_is_suggested_first(seed, client):
    for query, suggestion, url in [
        ("belt and road", "Theme: Belt and Road Initiative", "/themes/belt-and-road-initiative/"),
        ("china", "Country: China", "/countries/cn/"),
        ("al jazeera", "Outlet: Al Jazeera English", None),
        ("bagchi", "Person: Indrani Bagchi", None),
    ]:
        response = client.get(reverse("archive:search"), {"q": query})
        names = response.context["results"].suggestions
        shown = [f"{name.label}: {name.object}" for name in names]
        assert suggestion in shown, (query, shown)
        page = response.text
        assert page.index(suggestion) < page.index("search-hit")
        if url:
            assert f'href="{url}"' in page


def test_names_only_on_unpublished_records_find_and_suggest_nothing(client):
    hidden_person = PersonFactory(name="Veerle Nouwens")
    hidden_theme = ThemeFactory(name="Belt and Road Initiative")
    hidden_outlet = OutletFactory(name="Al Jazeera English")
    ArticleFactory(title="Draft piece", draft=True, authors=[hidden_person], themes=[hidden_theme])
    ArticleFactory(title="Later piece", scheduled=True, outlet=hidden_outlet)
    AppearanceFactory(title="Draft panel", draft=True, people=[(hidden_person, "panellist")])
    gone = AppearanceFactory(title="Trashed panel", outlet=hidden_outlet)
    gone.delete()  # to the trash
    ArticleFactory(title="Something else")
    for query in ("nouwens", "belt and road", "al jazeera"):
        results = search(query)
        assert results.hits == [] and results.total == 0 and results.suggestions == [], query
        assert results.facets["type"] == []
        page = client.get(reverse("archive:search"), {"q": query}).text
        assert "Draft" not in page and "Trashed" not in page and "Later piece" not in page


def test_a_name_match_still_narrows_by_facet_and_counts_what_clicking_lists(seed):
    results = search("pantucci")
    kind_rows = {row["value"]: row["count"] for row in results.facets["type"]}
    assert kind_rows == {"article": 2, "appearance": 3}
    for row in results.facets["outlet"]:
        clicked = search("pantucci", {"outlet": row["value"]}, limit=100)
        assert clicked.total == row["count"] == len(clicked.hits)
    assert titles(search("pantucci", {"type": "appearance", "kind": "radio"})) == [
        "Today programme interview"
    ]


def test_a_newly_published_record_is_found_by_name_at_once(seed):
    draft = ArticleFactory(
        title="A later RUSI paper", draft=True, authors=[PersonFactory(name="Emil Dall")]
    )
    assert search("emil dall").total == 0
    draft.status = "published"
    draft.save()
    assert titles(search("emil dall")) == ["A later RUSI paper"]


def test_part_of_a_word_is_not_a_name(seed):
    assert search("pantuc").total == 0
    assert search("jaze").suggestions == []
    assert search("jaze").total == 0


def test_a_first_name_only_guest_is_found_but_never_suggested_as_a_page(seed, client):
    """People without a page of their own (browse's rule) must not be offered as one."""
    appearance = AppearanceFactory(
        title="A webinar with Maya", kind="webinar", outlet=OutletFactory(name="Some Forum")
    )
    guest = PersonFactory(name="Maya")
    appearance.participations.create(person=guest, role="panellist", order=1)
    response = client.get(reverse("archive:search"), {"q": "maya"})
    assert "A webinar with Maya" in response.text
    assert not [n for n in response.context["results"].suggestions if n.kind == "person"]
    assert guest.get_absolute_url() not in response.text
    guest.own_page = True
    guest.save()
    response = client.get(reverse("archive:search"), {"q": "maya"})
    assert "Person: Maya" in [
        f"{n.label}: {n.object}" for n in response.context["results"].suggestions
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Pantucci's records that say China or are tagged with it; not his other ones.
        ("pantucci china", {"huawei", "inside_story"}),
        ("china pantucci", {"huawei", "inside_story"}),
        ("nouwens huawei", {"huawei"}),  # a co-author and a word of the title
        ("pantucci wolf warrior", {"wolf"}),
        ("bbc belt and road", {"silk_road"}),  # an outlet and a theme, both by their links
        ("al jazeera britain", {"inside_story"}),  # an outlet and a country's alias
    ],
)
def test_names_inside_a_longer_query_find_the_records_linked_to_each(seed, query, expected):
    seed["silk_road"] = AppearanceFactory(
        title="The World Tonight",
        kind="radio",
        outlet=seed["today"].outlet,
        themes=["Belt and Road Initiative"],
    )
    results = search(query, limit=100)
    assert {hit.object for hit in results.hits} == {seed[key] for key in expected}
    assert results.total == len(expected)


def test_every_name_inside_a_longer_query_is_suggested(seed, client):
    response = client.get(reverse("archive:search"), {"q": "pantucci china"})
    shown = [f"{n.label}: {n.object}" for n in response.context["results"].suggestions]
    assert shown == ["Country: China", "Person: Raffaello Pantucci"]
    response = client.get(reverse("archive:search"), {"q": "bbc belt and road"})
    shown = [f"{n.label}: {n.object}" for n in response.context["results"].suggestions]
    assert shown == ["Theme: Belt and Road Initiative", "Outlet: BBC Radio 4"]


def test_a_common_word_in_a_longer_query_is_a_word_not_part_of_a_theme(seed):
    """ "road" is a word of the theme "Belt and Road Initiative": alone in a longer query it
    is looked for in the text, not read as the theme (a surname or an outlet's word is)."""
    assert search("pantucci road").total == 0
    assert titles(search("pantucci spirit")) == ["Beware the spirit of the Wolf Warrior"]


def test_a_word_that_is_a_whole_name_is_not_also_part_of_another_kind_of_name(seed, client):
    """ "china" is the country China: it does not also name the outlet "South China Morning
    Post", whose pieces on other countries would then match "pantucci china"."""
    scmp = OutletFactory(name="South China Morning Post")
    seed["kashmir"] = ArticleFactory(
        title="Kashmir's long winter",
        body="Delhi and Islamabad trade blame again.",
        outlet=scmp,
        authors=[seed["wolf"].authors.get()],
        countries=["IN", "PK"],
    )
    results = search("pantucci china", limit=100)
    assert {hit.object for hit in results.hits} == {seed["huawei"], seed["inside_story"]}
    response = client.get(reverse("archive:search"), {"q": "pantucci china"})
    shown = [f"{n.label}: {n.object}" for n in response.context["results"].suggestions]
    assert "Outlet: South China Morning Post" not in shown
    # A whole name of one kind still takes the names of that kind it is a word of:
    # "bbc" is the outlet BBC, and BBC Radio 4 too.
    author = seed["wolf"].authors.get()
    on_bbc = AppearanceFactory(
        title="Newsnight", kind="television", outlet=OutletFactory(name="BBC"),
        people=[(author, "guest")],
    )  # fmt: skip
    results = search("bbc pantucci", limit=100)
    assert {hit.object for hit in results.hits} == {on_bbc, seed["today"]}
