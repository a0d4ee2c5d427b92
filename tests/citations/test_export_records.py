"""RIS and BibTeX exports read back by the usual parsers: whatever a source's fields hold
(line breaks, braces, a record's end marker), each source is one record with its own
fields and nothing else."""

import bibtexparser
import pytest
import rispy
from django.urls import reverse

from citations.models import Source
from tests.factories import ArticleFactory

from .factories import FootnoteFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    """A piece citing a source whose every field tries to start fields or records of its
    own, and an ordinary second source."""
    article = ArticleFactory(slug="cited")
    hostile = SourceFactory(
        title="Real title\r\nER  - \r\nTY  - JOUR\r\nTI  - Injected\nUR  - https://evil.example",
        translated_title="Translated}, note = {injected",
        publisher="Publisher\n\n@misc{evil,\n  title = {Injected}\n}",
        language="ru\u2028LA  - xx",
        url="https://example.org/a},note={injected}",
    )
    # A line break in an address can only come from a row written around the admin.
    Source.objects.filter(pk=hostile.pk).update(
        archive_url="https://example.org/\nUR  - https://evil.example"
    )
    FootnoteFactory(article=article, order=1, sources=[hostile, SourceFactory(title="Second")])
    return article


def export(client, article, fmt):
    response = client.get(reverse("citations:article_sources", args=[article.slug, fmt]))
    assert response.status_code == 200
    return response.content.decode()


def test_ris_fields_cannot_start_fields_or_records(client, article):
    records = rispy.loads(export(client, article, "ris"))
    assert [r["title"] for r in records] == [
        "Real title ER - TY - JOUR TI - Injected UR - https://evil.example",
        "Second",
    ]
    first = records[0]
    assert first["type_of_reference"] == "ELEC"
    assert first["urls"] == ["https://example.org/a},note={injected}"]
    assert first["language"] == "ru LA - xx"
    assert first["secondary_title"] == "Publisher @misc{evil, title = {Injected} }"
    assert set(first) == {
        "type_of_reference",
        "title",
        "translated_title",
        "secondary_title",
        "urls",
        "language",
    }


def test_bibtex_fields_cannot_start_fields_or_records(client, article):
    library = bibtexparser.parse_string(export(client, article, "bib"))
    assert not library.failed_blocks
    assert len(library.entries) == 2
    first = library.entries[0]
    assert set(first.fields_dict) == {"title", "titleaddon", "organization", "url", "language"}
    assert first["url"] == "https://example.org/a%7D,note=%7Binjected%7D"
    assert first["titleaddon"] == r"[Translated\}, note = \{injected]"
    assert first["organization"] == r"Publisher @misc\{evil, title = \{Injected\} \}"
    assert first["title"] == r"{Real title ER - TY - JOUR TI - Injected UR - https://evil.example}"
