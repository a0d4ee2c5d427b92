"""The sites cited in published pieces, for the sources pages.

Counting sources and pieces per site reads every citation, so the counts, and each
site's list of sources in order, are computed once per content generation (and
country) with `archive.cache.per_generation`: an edit or a scheduled publication
recomputes them. A request then reads only the rows it shows, by primary key.
Everything goes through `Article.objects.published()`.
"""

import hashlib

from django.db.models import Count, Exists, Max, OuterRef, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from archive.cache import per_generation
from archive.models import Article, Country

from .models import NEWEST_FIRST, Citation, Source, site_of

# Sources shown under each site on the list of sites; the rest are on the site's own page.
PREVIEW = 3


def public_citations(country=None):
    """Citations in published pieces (about `country`, if given).

    Each citation's piece is tested (EXISTS), rather than every published piece listed
    first (IN): SQLite would list them all even for a page's few citations."""
    published = Article.objects.published().filter(pk=OuterRef("footnote__article_id"))
    citations = Citation.objects.filter(Exists(published))
    if country is not None:
        citations = citations.filter(footnote__article__countries=country)
    return citations


def cited_sources_of(country):
    """Sources cited in published pieces (about `country`, if given)."""
    return Source.objects.filter(Exists(public_citations(country).filter(source=OuterRef("pk"))))


def cited_sites(country=None):
    """Every site cited in published pieces (about `country`), most sources first: dicts of
    site, name, sources, pieces and newest (the pks of its PREVIEW newest sources).

    Counting reads every citation, so it is done once per content generation."""

    def compute():
        rows = (
            public_citations(country)
            .annotate(site=site_of("source__"))
            .values("site")
            .annotate(
                sources=Count("source", distinct=True),
                pieces=Count("footnote__article", distinct=True),
                domain=Max("source__domain"),
                publisher=Max("source__publisher"),
            )
            .order_by("-sources", "site")
        )
        ranked = Window(RowNumber(), partition_by=site_of(), order_by=NEWEST_FIRST)
        newest = {}
        for site, pk in (
            cited_sources_of(country)
            .annotate(site=site_of(), rank=ranked)
            .filter(rank__lte=PREVIEW)
            .order_by("site", "rank")
            .values_list("site", "pk")
        ):
            newest.setdefault(site, []).append(pk)
        return [
            {
                "site": row["site"],
                "name": (row["site"] if row["domain"] else row["publisher"]) or "Unnamed sources",
                "sources": row["sources"],
                "pieces": row["pieces"],
                "newest": newest.get(row["site"], []),
            }
            for row in rows
        ]

    return per_generation(f"citations:sites:{country.code if country else ''}", compute)


def site_source_ids(site, country=None):
    """The pks of a site's sources cited in published pieces (about `country`), newest
    first: listed once per content generation, so any page of them, however deep, is
    read by primary key."""

    def compute():
        sources = cited_sources_of(country).on_site(site).order_by(*NEWEST_FIRST)
        return list(sources.values_list("pk", flat=True))

    digest = hashlib.md5(site.encode(), usedforsecurity=False).hexdigest()
    return per_generation(f"citations:site:{country.code if country else ''}:{digest}", compute)


def citing_countries():
    """Countries whose published pieces cite something, with how many sources, most first."""

    def compute():
        return list(
            Country.objects.filter(
                articles__in=Article.objects.published(),
                articles__footnotes__citations__isnull=False,
            )
            .annotate(n=Count("articles__footnotes__citations__source", distinct=True))
            .order_by("-n", "name")
        )

    return per_generation("citations:countries", compute)


def citing_pieces(sources, country):
    """{source pk: the published pieces (about `country`) citing it, oldest first, each once
    with the keys of its notes that cite it}, for `sources`, in one query."""
    rows = (
        public_citations(country)
        .filter(source__in=sources)
        .order_by("footnote__article__published_at", "footnote__order", "pk")
        .values_list(
            "source_id",
            "footnote__article_id",
            "footnote__article__title",
            "footnote__article__slug",
            "footnote__order",
            "footnote__label",
        )
    )
    pieces, urls = {}, {}
    for source_id, article_id, title, slug, order, label in rows:
        by_article = pieces.setdefault(source_id, {})
        piece = by_article.get(article_id)
        if piece is None:
            if article_id not in urls:
                # One address per piece rather than one per note: a page may list hundreds.
                urls[article_id] = reverse("archive:article_detail", kwargs={"slug": slug})
            piece = by_article[article_id] = {"title": title, "url": urls[article_id], "notes": []}
        # What Footnote.key says: its label, or else its number.
        piece["notes"].append(label or str(order))
    return {source_id: list(by_article.values()) for source_id, by_article in pieces.items()}
