"""Public pages: what a visitor sees, what they never see, and what bad addresses get."""

import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.views.defaults import server_error
from PIL import Image

from archive.models import ArticleImage
from tests.factories import ArticleFactory, OutletFactory, PersonFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    covid = ThemeFactory(name="COVID-19", slug="covid-19")
    bri = ThemeFactory(name="Belt and Road", slug="belt-and-road")
    rusi = OutletFactory(name="Royal United Services Institute", short_name="RUSI")
    scmp = OutletFactory(name="South China Morning Post", short_name="SCMP")
    coauthor = PersonFactory(name="Veerle Nouwens")
    live = ArticleFactory(
        title="Huawei is No Way for British Strategy",
        outlet=rusi,
        countries=["gb", "cn"],
        themes=[covid],
        authors=[coauthor],
    )
    other = ArticleFactory(
        title="Central Asia and the BRI", outlet=scmp, countries=["kz"], themes=[bri, covid]
    )
    draft = ArticleFactory(title="Secret draft piece", outlet=rusi, countries=["kz"], draft=True)
    scheduled = ArticleFactory(
        title="Embargoed piece", outlet=scmp, countries=["kz"], themes=[bri], scheduled=True
    )
    return {
        "live": live,
        "other": other,
        "draft": draft,
        "scheduled": scheduled,
        "covid": covid,
        "bri": bri,
        "rusi": rusi,
        "coauthor": coauthor,
    }


PUBLIC_PAGES = [
    "/",
    "/articles/",
    "/countries/",
    "/countries/kz/",
    "/countries/gb/",
    "/outlets/",
    "/outlets/rusi/",
    "/outlets/scmp/",
    "/themes/",
    "/themes/belt-and-road/",
    "/themes/covid-19/",
    "/people/veerle-nouwens/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_no_draft_or_scheduled_article_appears_on_any_public_page(client, corpus, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Secret draft piece" not in html
    assert "Embargoed piece" not in html


def test_draft_and_scheduled_article_pages_are_404_for_visitors(client, corpus):
    assert client.get(corpus["draft"].get_absolute_url()).status_code == 404
    assert client.get(corpus["scheduled"].get_absolute_url()).status_code == 404


def test_staff_can_preview_a_draft_which_is_marked_and_not_indexed(author_client, corpus):
    response = author_client.get(corpus["draft"].get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview." in html
    assert '<meta name="robots" content="noindex">' in html


def test_home_lists_latest_writing_and_ways_in(client, corpus):
    html = client.get("/").content.decode()
    assert "Huawei is No Way for British Strategy" in html
    assert 'href="/countries/kz/"' in html
    assert 'href="/themes/covid-19/"' in html
    assert 'href="/outlets/rusi/"' in html


def test_article_page_shows_provenance_and_ordered_byline(client, corpus):
    article = corpus["live"]
    article.original_url = "https://rusi.org/huawei"
    article.alt_title = "A print headline"
    article.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'href="https://rusi.org/huawei">Read the original at Royal United Services' in html
    assert "also as “A print headline”" in html
    assert 'href="/people/veerle-nouwens/">Veerle Nouwens</a>' in html
    assert f'<link rel="canonical" href="http://testserver{article.get_absolute_url()}">' in html


def test_republished_full_text_points_canonical_to_the_original(client, corpus):
    article = corpus["live"]
    article.original_url = "https://rusi.org/huawei"
    article.full_text = True
    article.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<link rel="canonical" href="https://rusi.org/huawei">' in html


def test_article_body_is_sanitised(client, corpus):
    article = corpus["live"]
    article.body = "Hello <script>alert('x')</script> [link](javascript:alert(1)) **bold**"
    article.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "javascript:" not in html
    assert "<strong>bold</strong>" in html


def test_article_list_filters_narrow_and_show_counts(client, corpus):
    response = client.get("/articles/", {"country": "kz"})
    html = response.content.decode()
    assert "Central Asia and the BRI" in html
    assert "Huawei is No Way" not in html
    facets = {f["name"]: f["rows"] for f in response.context["facets"]}
    themes = {row["value"]: row["count"] for row in facets["theme"]}
    assert themes == {"belt-and-road": 1, "covid-19": 1}  # the scheduled piece is not counted


def test_article_list_combines_filters(client, corpus):
    response = client.get("/articles/", {"theme": "covid-19", "outlet": "rusi"})
    assert [a.title for a in response.context["page_obj"]] == [corpus["live"].title]


def test_facet_counts_never_include_unpublished_articles(client, corpus):
    response = client.get("/articles/")
    facets = {f["name"]: f["rows"] for f in response.context["facets"]}
    kz = next(row for row in facets["country"] if row["value"] == "kz")
    assert kz["count"] == 1
    assert response.context["total"] == 2


def test_filters_survive_pagination(client, corpus):
    for n in range(25):
        ArticleFactory(title=f"Filler {n}", countries=["kz"], outlet=corpus["rusi"])
    response = client.get("/articles/", {"country": "kz"})
    html = response.content.decode()
    assert 'href="?country=kz&amp;page=2"' in html
    page_two = client.get("/articles/", {"country": "kz", "page": 2})
    assert page_two.status_code == 200
    assert all("kz" in [c.slug for c in a.countries.all()] for a in page_two.context["page_obj"])


@pytest.mark.parametrize(
    "query, message",
    [
        ({"year": "abc"}, "Enter a whole number."),
        ({"year": "99999"}, "less than or equal to 2100"),
        ({"country": "zz"}, "Select a valid choice"),
        ({"theme": "no-such-theme"}, "Select a valid choice"),
        ({"kind": "sonnet"}, "Select a valid choice"),
    ],
)
def test_malformed_filters_get_a_clear_message_not_a_500(client, corpus, query, message):
    response = client.get("/articles/", query)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "could not be understood" in html


def test_an_empty_filtered_list_says_the_filters_match_nothing_not_nothing_published(
    client, corpus
):
    # Under "Some filters could not be understood" the list went on "Nothing published
    # here yet.", as if the archive were empty; so did a list no piece matched.
    bad = client.get("/articles/", {"country": "zz"}).content.decode()
    assert "Nothing published here yet." not in bad
    assert "Nothing is listed until the filters above are put right." in bad
    none = client.get("/articles/", {"kind": "paper", "year": "1999"}).content.decode()
    assert "Nothing published here yet." not in none
    assert "No writing matches these filters." in none


@pytest.mark.parametrize(
    "page, message", [("999999", "There is no page 999999"), ("abc", "is not a number")]
)
def test_impossible_page_numbers_are_explained_404s(client, corpus, page, message):
    response = client.get("/articles/", {"page": page})
    assert response.status_code == 404
    assert message in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/countries/zz/",
        "/countries/kaz/",
        "/outlets/nowhere/",
        "/themes/nothing/",
        "/people/nobody/",
        "/articles/no-such-article/",
        "/no/such/page/",
    ],
)
def test_unknown_codes_and_slugs_are_404s_in_the_site_design(client, corpus, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Not found" in response.content.decode()
    assert 'class="site-header"' in response.content.decode()


def test_countries_are_grouped_by_region_with_counts(client, corpus):
    response = client.get("/countries/")
    regions = dict(response.context["regions"])
    assert [c.name for c in regions["Central Asia"]] == ["Kazakhstan"]
    assert regions["Central Asia"][0].n == 1  # the draft and the scheduled piece do not count
    assert "Northern Europe" in regions


def test_outlets_are_grouped_by_kind(client, corpus):
    response = client.get("/outlets/")
    kinds = dict(response.context["kinds"])
    assert {o.slug for o in kinds["Newspaper"]} == {"rusi", "scmp"}


def test_person_page_lists_co_authored_work(client, corpus):
    response = client.get("/people/veerle-nouwens/")
    assert [e["object"].title for e in response.context["timeline"]] == [corpus["live"].title]


def test_pages_send_security_headers(client, corpus):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_no_template_carries_inline_script_or_style(client, corpus):
    for path in [*PUBLIC_PAGES, corpus["live"].get_absolute_url(), "/no/such/page/"]:
        html = client.get(path).content.decode()
        assert "<script>" not in html and "style=" not in html and "<style" not in html, path


def test_server_error_page_is_in_the_site_design(rf):
    response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in html
    assert 'class="site-header"' in html


def test_article_images_show_alt_text_caption_and_credit(client, corpus):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "#8a2b1e").save(buffer, "PNG")
    article = corpus["live"]
    ArticleImage.objects.create(
        article=article,
        image=SimpleUploadedFile("doval.png", buffer.getvalue(), content_type="image/png"),
        alt_text="Two officials shake hands in front of flags",
        caption="Ajit Doval with Yang Jiechi in New Delhi",
        credit="Manish Swarup/AP",
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'alt="Two officials shake hands in front of flags"' in html
    assert 'width="64" height="48"' in html
    assert "Ajit Doval with Yang Jiechi in New Delhi" in html
    assert '<span class="credit">Manish Swarup/AP</span>' in html


def test_upper_case_country_codes_redirect_to_the_canonical_address(client, corpus):
    response = client.get("/countries/KZ/")
    assert response.status_code == 301
    assert response.url == "/countries/kz/"


def test_a_404_does_not_repeat_what_the_visitor_typed(client, corpus):
    response = client.get("/articles/", {"page": "Site moved, log in at evil.example"})
    assert response.status_code == 404
    assert "evil.example" not in response.content.decode()


@pytest.mark.parametrize("kind", ["person", "theme", "outlet"])
def test_vocabulary_used_only_by_drafts_stays_private(client, kind):
    person = PersonFactory(name="Secret Source")
    theme = ThemeFactory(name="Coup plans", slug="coup-plans")
    outlet = OutletFactory(name="Hidden Outlet")
    ArticleFactory(draft=True, authors=[person], themes=[theme], outlet=outlet)
    ArticleFactory(scheduled=True, authors=[person], themes=[theme], outlet=outlet)
    url = {"person": person, "theme": theme, "outlet": outlet}[kind].get_absolute_url()
    assert client.get(url).status_code == 404
    # nor does the article filter confirm that the theme or outlet exists
    assert client.get("/articles/", {"theme": "coup-plans"}).context["total"] == 0
    assert (
        "Select a valid choice"
        in client.get("/articles/", {"outlet": outlet.slug}).content.decode()
    )


def test_themes_named_in_any_script_have_working_pages(client):
    turkiye = ThemeFactory(name="Türkiye", slug="türkiye")
    china = ThemeFactory(name="中国", slug="中国")
    ArticleFactory(themes=[turkiye, china])
    assert client.get("/").status_code == 200
    assert client.get(turkiye.get_absolute_url()).status_code == 200
    assert client.get(china.get_absolute_url()).status_code == 200
    assert client.get("/articles/", {"theme": "türkiye"}).context["total"] == 1


def test_facet_counts_are_what_clicking_the_row_would_list(client, corpus):
    ArticleFactory(title="China and India", countries=["cn", "in"], outlet=corpus["rusi"])
    response = client.get("/articles/", {"country": "kz"})
    facets = {f["name"]: f["rows"] for f in response.context["facets"]}
    china = next(row for row in facets["country"] if row["value"] == "cn")
    listed = client.get("/articles/", {"country": "cn"}).context["total"]
    assert china["count"] == listed == 2
    # a single-valued dimension still offers the other values to switch to
    outlets = client.get("/articles/", {"outlet": "rusi"}).context["facets"]
    assert {row["value"] for f in outlets if f["name"] == "outlet" for row in f["rows"]} == {
        "rusi",
        "scmp",
    }


def test_selected_facets_and_chips_read_as_the_visitor_expects(client, corpus):
    response = client.get("/articles/", {"country": "KZ", "kind": "commentary"})
    facets = {f["name"]: f["rows"] for f in response.context["facets"]}
    assert next(r for r in facets["country"] if r["value"] == "kz")["selected"]
    chips = {chip["label"]: str(chip["value"]) for chip in response.context["active_filters"]}
    assert chips == {"Country": "Kazakhstan", "Kind": "Commentary"}


def test_draft_preview_is_never_cached_and_needs_the_view_permission(
    client, corpus, django_user_model
):
    clerk = django_user_model.objects.create_user("clerk", password="pw-clerk-123", is_staff=True)
    client.force_login(clerk)
    assert client.get(corpus["draft"].get_absolute_url()).status_code == 404
    clerk.user_permissions.add(Permission.objects.get(codename="view_article"))
    clerk = django_user_model.objects.get(pk=clerk.pk)
    client.force_login(clerk)
    response = client.get(corpus["draft"].get_absolute_url())
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    assert "no-store" not in client.get(corpus["live"].get_absolute_url()).headers.get(
        "Cache-Control", ""
    )


def test_a_filter_group_holding_the_choice_is_open_whatever_its_place(client, corpus):
    year = corpus["live"].published_at.year
    response = client.get("/articles/", {"year": year})
    groups = re.findall(
        r'<details class="facet" (open)?>\s*<summary>([^<]+)</summary>', response.text
    )
    chosen = [f["label"] for f in response.context["facets"] if f["selected"]]
    assert chosen
    assert all(is_open for is_open, label in groups if label in chosen), groups


def test_facet_counts_are_read_out_with_their_unit(client, corpus):
    html = client.get("/articles/").text
    # aria-label on a plain span is ignored by screen readers; hidden text is read.
    assert re.search(r'class="count">\d+<span class="visually-hidden"> items?</span>', html)
    assert 'class="count" aria-label' not in html
