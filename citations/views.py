"""Public pages of the citations app: sources grouped by site, and an article's sources as data.

Both go through `Article.objects.published()`: a source shows only while a
published piece cites it.
"""

from collections import Counter

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from archive.models import Article, Country
from archive.views import ExplainedNotFound

from .exports import WRITERS, download
from .models import Citation


def cited_sources(citations):
    """Distinct sources of `citations` in first-cited order, each with the notes citing it."""
    sources = {}
    for citation in citations:
        source = sources.setdefault(citation.source_id, citation.source)
        if not hasattr(source, "cited_in"):
            source.cited_in = []
        source.cited_in.append(citation.footnote)
    return list(sources.values())


class SourceListView(TemplateView):
    template_name = "citations/source_list.html"

    def get_context_data(self, **kwargs):
        published = Article.objects.published()
        citations = (
            Citation.objects.filter(footnote__article__in=published)
            .select_related("source", "footnote__article")
            .order_by("source__domain", "-source__published_on", "source__title", "pk")
        )
        country = None
        code = self.request.GET.get("country", "")
        if code:
            if len(code) != 2 or not code.isalpha():
                raise ExplainedNotFound(
                    "Countries are given by their two-letter code, e.g. ?country=kz."
                )
            country = get_object_or_404(Country, code=code.upper())
            citations = citations.filter(footnote__article__countries=country)
        groups = {}
        for source in cited_sources(citations):
            groups.setdefault(source.domain or source.publisher.lower(), []).append(source)
        sites = []
        for domain, sources in groups.items():
            names = Counter(s.publisher for s in sources if s.publisher)
            articles = {f.article.pk: f.article for s in sources for f in s.cited_in}
            sites.append(
                {
                    "domain": domain,
                    "name": domain or (names.most_common(1)[0][0] if names else "Unnamed"),
                    "sources": sources,
                    "articles": sorted(articles.values(), key=lambda a: a.published_at),
                    "anchor": "site-" + "".join(c if c.isalnum() else "-" for c in domain),
                }
            )
        sites.sort(key=lambda site: (-len(site["sources"]), site["name"]))
        # Countries whose published pieces cite something, to narrow the list by.
        countries = (
            Country.objects.filter(
                articles__in=published, articles__footnotes__citations__isnull=False
            )
            .annotate(n=Count("articles__footnotes__citations__source", distinct=True))
            .order_by("-n", "name")
        )
        return super().get_context_data(
            sites=sites,
            country=country,
            countries=countries,
            source_count=sum(len(site["sources"]) for site in sites),
            **kwargs,
        )


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
