"""What crawlers and link previews read: canonical, OpenGraph, Twitter card, JSON-LD."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from archive.models import Article, AuthorProfile
from tests.factories import ArticleFactory, OutletFactory, PersonFactory, ThemeFactory, country

pytestmark = pytest.mark.django_db
LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(html):
    """Every node of the page's JSON-LD graph, by @type."""
    blocks = LD.findall(html)
    assert len(blocks) == 1, blocks
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org"
    return {node["@type"]: node for node in data["@graph"]}


def meta(html, key):
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', html)
    return match and match.group(1)


def test_article_page_has_news_article_json_ld_with_authors_and_publisher(client):
    outlet = OutletFactory(name="The Straits Times", website="https://www.straitstimes.com")
    authors = [PersonFactory(name="Ada Analyst"), PersonFactory(name="Bo Writer")]
    article = ArticleFactory(
        title="Wolf warriors",
        standfirst="Loud diplomacy.",
        outlet=outlet,
        authors=authors,
        countries=["kz"],
        themes=[ThemeFactory(name="Nationalism")],
    )
    html = client.get(article.get_absolute_url()).text
    nodes = json_ld(html)
    news = nodes["NewsArticle"]
    assert news["headline"] == "Wolf warriors"
    assert news["datePublished"] == timezone.localtime(article.published_at).isoformat()
    assert news["dateModified"] and news["description"] == "Loud diplomacy."
    assert [a["name"] for a in news["author"]] == ["Ada Analyst", "Bo Writer"]
    assert all(a["@type"] == "Person" and a["url"].startswith("http") for a in news["author"])
    assert news["publisher"] == {
        "@type": "Organization",
        "name": "The Straits Times",
        "url": "https://www.straitstimes.com",
    }
    assert news["mainEntityOfPage"] == f"http://testserver{article.get_absolute_url()}"
    crumbs = nodes["BreadcrumbList"]["itemListElement"]
    assert [c["name"] for c in crumbs] == ["Home", "Writing", "Wolf warriors"]
    assert [c["position"] for c in crumbs] == [1, 2, 3]
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:title") == "Wolf warriors"
    assert meta(html, "og:description") == "Loud diplomacy."
    assert meta(html, "og:url") == f"http://testserver{article.get_absolute_url()}"
    assert meta(html, "twitter:card") == "summary"
    assert meta(html, "article:published_time") == news["datePublished"]
    assert f'<link rel="canonical" href="http://testserver{article.get_absolute_url()}">' in html


def test_papers_are_scholarly_articles(client):
    paper = ArticleFactory(kind=Article.Kind.PAPER, authors=[PersonFactory()])
    assert "ScholarlyArticle" in json_ld(client.get(paper.get_absolute_url()).text)


def test_republished_full_text_points_canonical_to_the_original(client):
    article = ArticleFactory(full_text=True, original_url="https://example.org/original")
    html = client.get(article.get_absolute_url()).text
    assert '<link rel="canonical" href="https://example.org/original">' in html
    assert json_ld(html)["NewsArticle"]["isBasedOn"] == "https://example.org/original"


def test_json_ld_cannot_be_broken_out_of_by_the_text(client):
    article = ArticleFactory(
        title="</script><script>alert(1)</script>", standfirst="& <b>bold</b>"
    )
    html = client.get(article.get_absolute_url()).text
    block = LD.findall(html)[0]
    assert "</script" not in block and "<" not in block
    assert json_ld(html)["NewsArticle"]["name"] == "</script><script>alert(1)</script>"


def test_staff_preview_of_a_draft_describes_nothing(author_client):
    draft = ArticleFactory(title="Unannounced paper", draft=True)
    html = author_client.get(draft.get_absolute_url()).text
    head = html.split("</head>")[0]
    assert '<meta name="robots" content="noindex">' in head
    assert "og:title" not in head and "application/ld+json" not in head


def test_person_page_has_person_json_ld(client):
    person = PersonFactory(name="Marlene Laruelle", affiliation="GWU", url="https://example.edu")
    ArticleFactory(authors=[person])
    nodes = json_ld(client.get(person.get_absolute_url()).text)
    assert nodes["ProfilePage"]["mainEntity"] == {
        "@type": "Person",
        "name": "Marlene Laruelle",
        "url": f"http://testserver{person.get_absolute_url()}",
        "affiliation": {"@type": "Organization", "name": "GWU"},
        "sameAs": ["https://example.edu"],
    }
    crumbs = nodes["BreadcrumbList"]["itemListElement"]
    assert [c["name"] for c in crumbs] == ["Home", "People", "Marlene Laruelle"]
    assert crumbs[1]["item"] == "http://testserver/people/"
    assert [c["position"] for c in crumbs] == [1, 2, 3]


@pytest.mark.parametrize(
    "name",
    [
        "archive:home",
        "archive:article_list",
        "archive:country_list",
        "archive:outlet_list",
        "archive:theme_list",
        "archive:search",
    ],
)
def test_every_page_has_canonical_title_description_and_social_tags(client, name):
    ArticleFactory(countries=["kz"])
    html = client.get(reverse(name)).text
    assert '<link rel="canonical" href="http://testserver' in html
    for key in ["og:title", "og:description", "og:url", "og:type", "twitter:card"]:
        assert meta(html, key), key
    assert json_ld(html)  # parses, and has a graph
    assert "&amp;amp;" not in html


def test_home_page_describes_the_website_with_a_search_action(client):
    nodes = json_ld(client.get(reverse("archive:home")).text)
    action = nodes["WebSite"]["potentialAction"]
    assert action["target"] == "http://testserver/search/?q={search_term_string}"


def test_browse_pages_are_collection_pages_about_their_subject(client):
    ArticleFactory(countries=["kz"])
    nodes = json_ld(client.get(country("kz").get_absolute_url()).text)
    assert nodes["CollectionPage"]["about"] == {"@type": "Country", "name": "Kazakhstan"}
    assert [c["name"] for c in nodes["BreadcrumbList"]["itemListElement"]] == [
        "Home",
        "Countries",
        "Kazakhstan",
    ]


def test_about_page_is_a_media_kit_derived_from_the_archive(client):
    owner = PersonFactory(name="Raffaello Pantucci")
    AuthorProfile.objects.create(
        person=owner,
        job_title="Analyst",
        short_bio="Writes on China and Central Asia.",
        biography="A *long* biography.",
        affiliations="RUSI, London: Senior Associate Fellow\nRSIS, Singapore: Visiting Fellow",
        email="press@example.org",
    )
    theme = ThemeFactory(name="Belt and Road")
    ArticleFactory(title="Kazakh rail", authors=[owner], countries=["kz"], themes=[theme])
    ArticleFactory(title="Hidden draft", authors=[owner], countries=["af"], draft=True)
    html = client.get(reverse("archive:about")).text
    assert "<em>long</em>" in html
    assert "RUSI, London" in html and "Senior Associate Fellow" in html
    assert 'href="mailto:press@example.org"' in html
    assert "Central Asia" in html and "Kazakhstan" in html and "Belt and Road" in html
    assert "Kazakh rail" in html
    assert "Hidden draft" not in html and "Afghanistan" not in html
    person = json_ld(html)["ProfilePage"]["mainEntity"]
    assert person["name"] == "Raffaello Pantucci" and person["jobTitle"] == "Analyst"
    assert [a["name"] for a in person["affiliation"]] == ["RUSI, London", "RSIS, Singapore"]


def test_about_page_without_a_profile_is_a_friendly_404(client):
    response = client.get(reverse("archive:about"))
    assert response.status_code == 404
    assert "not written an about page" in response.text


def test_only_one_author_profile_can_be_added_in_the_admin(author_client):
    assert author_client.get("/admin/archive/authorprofile/add/").status_code == 200
    AuthorProfile.objects.create(person=PersonFactory())
    assert author_client.get("/admin/archive/authorprofile/add/").status_code == 403


def test_not_found_pages_ask_not_to_be_indexed_and_describe_nothing(client):
    html = client.get("/2020/13/").text
    head = html.split("</head>")[0]
    assert '<meta name="robots" content="noindex">' in head
    assert "og:title" not in head and "ld+json" not in head


def test_dates_carry_the_site_zone_offset_so_a_date_only_piece_keeps_its_day(client):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    day = datetime(2020, 6, 30, tzinfo=ZoneInfo("Europe/London"))
    article = ArticleFactory(published_at=day, date_precision="day", timezone="Europe/London")
    news = json_ld(client.get(article.get_absolute_url()).text)["NewsArticle"]
    assert news["datePublished"] == "2020-06-30T00:00:00+01:00"
