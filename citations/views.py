"""Public pages of the citations app: the sites cited, one site's sources, and an article's
sources as data.

Everything goes through `Article.objects.published()`: a source shows only while a
published piece cites it. The sites are counted and listed in `sites.py`, once per
content generation, so a request pages through figures already made and reads only the
sources it shows: the same few queries however large the archive grows.
"""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import ListView

from archive.cache import reads_query
from archive.models import Article, Country
from archive.views import ExplainedNotFound, FriendlyPaginationMixin

from .exports import WRITERS, download
from .models import Citation, Source, site_of
from .sites import cited_sites, citing_countries, citing_pieces, site_source_ids

SITES_PER_PAGE = 20
SOURCES_PER_PAGE = 20


def cited_sources(citations):
    """Distinct sources of `citations` in first-cited order, each with the notes citing it."""
    sources = {}
    for citation in citations:
        source = sources.setdefault(citation.source_id, citation.source)
        if not hasattr(source, "cited_in"):
            source.cited_in = []
        source.cited_in.append(citation.footnote)
    return list(sources.values())


def chosen_country(request):
    code = request.GET.get("country", "")
    if not code:
        return None
    if len(code) != 2 or not code.isalpha():
        raise ExplainedNotFound("Countries are given by their two-letter code, e.g. ?country=kz.")
    return get_object_or_404(Country, code=code.upper())


def in_order(pks):
    """The sources with these pks, in this order, in one query."""
    sources = Source.objects.in_bulk(pks)
    return [sources[pk] for pk in pks if pk in sources]


@reads_query("country", "site", "page")
class SourceListView(FriendlyPaginationMixin, ListView):
    """The sites cited, most sources first, each with its newest few sources; with
    `?site=`, that site's sources, newest first, each with the pieces and notes citing it.
    `?country=` narrows either to pieces about one country."""

    def get(self, request, *args, **kwargs):
        self.country = chosen_country(request)
        self.sites = cited_sites(self.country)
        self.site = None
        key = request.GET.get("site", "")
        if key:
            self.site = next((site for site in self.sites if site["site"] == key), None)
            if self.site is None:
                where = f" in pieces about {self.country.name}" if self.country else ""
                raise ExplainedNotFound(
                    f"No source from “{key}” is cited{where}: the list of sources "
                    "names every site that is."
                )
        return super().get(request, *args, **kwargs)

    def get_template_names(self):
        return ["citations/source_site.html" if self.site else "citations/source_list.html"]

    def get_paginate_by(self, queryset):
        return SOURCES_PER_PAGE if self.site else SITES_PER_PAGE

    def get_queryset(self):
        if self.site is None:
            return self.sites
        return site_source_ids(self.site["site"], self.country)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(country=self.country, site=self.site, **kwargs)
        if self.site is None:
            page = context["object_list"]
            newest = Source.objects.in_bulk([pk for site in page for pk in site["newest"]])
            context.update(
                sites=[
                    {
                        **site,
                        "latest": [newest[pk] for pk in site["newest"] if pk in newest],
                        "more": site["sources"] - len(site["newest"]),
                    }
                    for site in page
                ],
                countries=citing_countries(),
                source_count=sum(site["sources"] for site in self.sites),
                site_count=len(self.sites),
            )
        else:
            sources = in_order(context["object_list"])
            pieces = citing_pieces([source.pk for source in sources], self.country)
            for source in sources:
                source.pieces = pieces.get(source.pk, [])
            context["object_list"] = sources
        return context


@reads_query()
def source_detail(request, pk):
    """A source's place in the list: the page of its site's sources that shows it."""
    source = get_object_or_404(Source.objects.annotate(site=site_of()).values("pk", "site"), pk=pk)
    pks = site_source_ids(source["site"])
    if pk not in pks:  # cited by no published piece
        raise Http404
    query = {"site": source["site"]}
    position = pks.index(pk)
    if position >= SOURCES_PER_PAGE:
        query["page"] = position // SOURCES_PER_PAGE + 1
    return redirect(f"{reverse('citations:source_list')}?{urlencode(query)}#source-{pk}")


@reads_query()
def article_sources(request, slug, fmt):
    """An article's sources, as CSL-JSON, BibTeX or RIS, in the order the notes cite them."""
    if fmt not in WRITERS:
        raise ExplainedNotFound(
            "Sources are offered as .json (CSL-JSON), .bib (BibTeX) or .ris (RIS)."
        )
    article = get_object_or_404(Article.objects.published(), slug=slug)
    citations = (
        Citation.objects.filter(footnote__article=article)
        .select_related("source", "footnote")
        .order_by("footnote__order", "order", "pk")
    )
    return download(cited_sources(citations), fmt, f"{article.slug}-sources")
