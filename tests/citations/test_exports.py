"""The exports carry what the notes now read, and read back in reference tools' parsers."""

import json
from datetime import date

import bibtexparser
import pytest
import rispy
from django.urls import reverse

from tests.factories import ArticleFactory

from .factories import FootnoteFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    article = ArticleFactory(slug="kinds")
    journal = SourceFactory(
        kind="journal",
        authors="Hegghammer, Thomas",
        title="The Rise of Muslim Foreign Fighters",
        publisher="International Security",
        volume="35",
        issue="3",
        pages="53–94",
        doi="10.1162/ISEC_a_00023",
        published_on=date(2010, 1, 1),
        date_precision="year",
    )
    book = SourceFactory(
        kind="book",
        authors="Pantucci, Raffaello\nPetersen, Alexandros",
        title="Sinostan: China’s Inadvertent Empire",
        publisher="Oxford University Press",
        place="Oxford",
        published_on=date(2022, 1, 1),
        date_precision="year",
    )
    report = SourceFactory(
        kind="report",
        authors="International Crisis Group",
        title="Central Asia’s Silk Road Rivalries",
        publisher="International Crisis Group",
        series="Europe and Central Asia Report",
        issue="245",
        published_on=date(2017, 7, 1),
        date_precision="month",
        url="https://www.crisisgroup.org/245",
    )
    post = SourceFactory(
        kind="post",
        authors="Tokayev, Kassym-Jomart",
        title="Had a phone conversation",
        publisher="Twitter",
        published_on=date(2020, 3, 23),
        url="https://twitter.com/TokayevKZ/status/1",
        accessed_on=date(2020, 3, 24),
    )
    FootnoteFactory(article=article, order=1, sources=[journal, book])
    FootnoteFactory(article=article, order=2, sources=[report, post])
    return article


def export(client, article, fmt):
    response = client.get(reverse("citations:article_sources", args=[article.slug, fmt]))
    return response.content.decode()


def test_csl_json_has_types_names_numbers_and_dates_as_precise_as_known(client, article):
    journal, book, report, post = json.loads(export(client, article, "json"))
    assert journal["type"] == "article-journal"
    assert journal["author"] == [{"family": "Hegghammer", "given": "Thomas"}]
    assert (journal["container-title"], journal["volume"], journal["issue"]) == (
        "International Security",
        "35",
        "3",
    )
    assert (journal["page"], journal["DOI"]) == ("53–94", "10.1162/ISEC_a_00023")
    assert journal["issued"] == {"date-parts": [[2010]]}
    assert (book["type"], book["publisher"], book["publisher-place"]) == (
        "book",
        "Oxford University Press",
        "Oxford",
    )
    assert [a["family"] for a in book["author"]] == ["Pantucci", "Petersen"]
    assert report["type"] == "report" and report["author"] == [
        {"literal": "International Crisis Group"}
    ]
    assert (report["collection-title"], report["number"]) == (
        "Europe and Central Asia Report",
        "245",
    )
    assert report["issued"] == {"date-parts": [[2017, 7]]}
    assert (post["type"], post["container-title"]) == ("post", "Twitter")


def test_bibtex_reads_back_with_entry_types_and_fields(client, article):
    library = bibtexparser.parse_string(export(client, article, "bib"))
    assert not library.failed_blocks
    journal, book, report, post = library.entries
    fields = {e.key: {f.key: f.value for f in e.fields} for e in library.entries}
    assert [e.entry_type for e in library.entries] == ["article", "book", "report", "online"]
    j = fields[journal.key]
    assert (j["author"], j["journaltitle"], j["volume"], j["number"]) == (
        "Hegghammer, Thomas",
        "International Security",
        "35",
        "3",
    )
    assert (j["pages"], j["doi"], j["date"]) == ("53--94", "10.1162/ISEC\\_a\\_00023", "2010")
    b = fields[book.key]
    assert b["author"] == "Pantucci, Raffaello and Petersen, Alexandros"
    assert (b["publisher"], b["location"]) == ("Oxford University Press", "Oxford")
    r = fields[report.key]
    assert (r["author"], r["institution"], r["type"]) == (
        "{International Crisis Group}",
        "International Crisis Group",
        "Report",
    )
    assert (r["series"], r["number"], r["date"]) == (
        "Europe and Central Asia Report",
        "245",
        "2017-07",
    )
    p = fields[post.key]
    assert (p["organization"], p["urldate"]) == ("Twitter", "2020-03-24")


def test_ris_reads_back_with_types_and_tags(client, article):
    journal, book, report, post = rispy.loads(export(client, article, "ris"))
    assert [r["type_of_reference"] for r in (journal, book, report, post)] == [
        "JOUR",
        "BOOK",
        "RPRT",
        "ELEC",
    ]
    assert journal["authors"] == ["Hegghammer, Thomas"]
    assert (journal["secondary_title"], journal["volume"], journal["number"]) == (
        "International Security",
        "35",
        "3",
    )
    assert (journal["start_page"], journal["end_page"], journal["doi"]) == (
        "53",
        "94",
        "10.1162/ISEC_a_00023",
    )
    assert (book["publisher"], book["place_published"]) == ("Oxford University Press", "Oxford")
    assert book["authors"] == ["Pantucci, Raffaello", "Petersen, Alexandros"]
    assert (report["tertiary_title"], report["number"], report["date"]) == (
        "Europe and Central Asia Report",
        "245",
        "2017/07//",
    )
    assert post["secondary_title"] == "Twitter"
