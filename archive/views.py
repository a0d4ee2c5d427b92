"""Public pages of the archive: home, the article list and page, and browsing by
country, outlet, theme and person.

Everything shown to the public comes through `Article.objects.published()`;
staff may open a draft's page, which is marked as a preview and never cached.
"""

import hashlib
from itertools import groupby
from urllib.parse import urlencode

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from .cache import per_generation
from .counts import published_counts, ranked
from .filters import ArticleFilter, article_facets, unfiltered_facets
from .models import Article, ArticleAuthor, Country, Outlet, Person, Theme
from .regions import Region

PAGE_SIZE = 20
FACET_ROWS = 12
FACET_MORE = {
    "country": ("archive:country_list", "All countries"),
    "theme": ("archive:theme_list", "All themes"),
    "outlet": ("archive:outlet_list", "All outlets"),
}


class ExplainedNotFound(Http404):
    """A 404 whose message is written for the visitor and shown on the page."""


def page_not_found(request, exception):
    """The site's 404: explains what was wrong when the view said so."""
    message = str(exception) if isinstance(exception, ExplainedNotFound) else ""
    return TemplateResponse(request, "404.html", {"message": message}, status=404)


def published_count(queryset, field):
    """A subquery counting the rows of `queryset` that point at the outer row through `field`."""
    counted = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), Value(0))


class KnownCountPaginator(Paginator):
    """A paginator told the total in advance, when the page already computed it.

    A page's rows are fetched by primary key from a subquery that reads only
    the ordering index: a deep page then skips index entries, not whole rows
    with their Markdown bodies, and costs about what page 1 does."""

    def __init__(self, *args, known_count=None, **kwargs):
        super().__init__(*args, **kwargs)
        if known_count is not None:
            self.__dict__["count"] = known_count

    def _get_page(self, object_list, number, paginator):
        if hasattr(object_list, "query") and object_list.query.is_sliced:
            query = object_list.query
            window = self.object_list.values("pk")[query.low_mark : query.high_mark]
            object_list = self.object_list.filter(pk__in=window)
        return super()._get_page(object_list, number, paginator)


class FriendlyPaginationMixin:
    """Turns an impossible `?page=` into a 404 that says what went wrong."""

    paginate_by = PAGE_SIZE

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        raw = self.request.GET.get("page") or 1
        try:
            number = int(raw)
        except (TypeError, ValueError):
            raise ExplainedNotFound(f"“{raw}” is not a page number.") from None
        try:
            page = paginator.page(number)
        except InvalidPage:
            raise ExplainedNotFound(
                f"There is no page {number}: this list has {paginator.num_pages} "
                f"page{'s' if paginator.num_pages != 1 else ''}."
            ) from None
        return paginator, page, page.object_list, page.has_other_pages()


def query_url(request, **changes):
    """The current address's query string with `changes` applied (None removes a key)."""
    query = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return f"?{query.urlencode()}" if query else "?"


class HomeView(TemplateView):
    template_name = "archive/home.html"

    def get_context_data(self, **kwargs):
        counts = published_counts()
        return super().get_context_data(
            latest=Article.objects.published().for_list_rows()[:8],
            countries=ranked(Country.objects.all(), counts["country"], 12),
            outlets=ranked(Outlet.objects.all(), counts["outlet"], 12),
            themes=ranked(Theme.objects.all(), counts["theme"], 16),
            **kwargs,
        )


class ArticleListView(FriendlyPaginationMixin, FilterView):
    filterset_class = ArticleFilter
    template_name = "archive/article_list.html"
    paginator_class = KnownCountPaginator

    def get_queryset(self):
        return Article.objects.published().for_list_rows()

    def get_paginator(self, queryset, per_page, **kwargs):
        return KnownCountPaginator(queryset, per_page, known_count=self.facets["total"], **kwargs)

    def get(self, request, *args, **kwargs):
        self.filterset = self.get_filterset(self.get_filterset_class())
        if not self.filterset.is_bound or self.filterset.is_valid():
            self.object_list = self.filterset.qs
        else:
            self.object_list = self.filterset.queryset.none()
        cleaned = getattr(self.filterset.form, "cleaned_data", {})
        if self.object_list.query.is_empty():
            self.facets = article_facets(self.object_list)
        elif any(v not in (None, "") for v in cleaned.values()):
            # Counting a filtered selection reads all of it: once per content generation
            # and combination of filters, so its page 2, 3... reuse the figures.
            chosen = urlencode(sorted((k, v) for k, v in request.GET.items() if k in cleaned))
            digest = hashlib.md5(chosen.encode(), usedforsecurity=False).hexdigest()
            self.facets = per_generation(
                f"archive:facets:{digest}", lambda: article_facets(self.object_list)
            )
        else:
            # Unfiltered, the facets are the archive-wide counts, kept per content generation.
            self.facets = unfiltered_facets(limit=FACET_ROWS)
        context = self.get_context_data(filter=self.filterset, object_list=self.object_list)
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request, form = self.request, self.filterset.form
        labels = {name: field.label or name.capitalize() for name, field in form.fields.items()}
        facets = []
        for name, rows in self.facets.items():
            if name == "total":
                continue
            current = request.GET.get(name, "")
            # The most frequent entries (and the chosen one): hundreds of themes would be
            # a sidebar nobody reads, and most of the page's rendering time.
            rows = [
                row for i, row in enumerate(rows) if i < FACET_ROWS or str(row["value"]) == current
            ]
            for row in rows:
                row["selected"] = str(row["value"]) == current
                row["url"] = query_url(
                    request, page=None, **{name: None if row["selected"] else row["value"]}
                )
            facet = {"name": name, "label": labels[name], "rows": rows}
            if name in FACET_MORE:
                url_name, facet["more_label"] = FACET_MORE[name]
                facet["more_url"] = reverse(url_name)
            facets.append(facet)
        context["facets"] = facets
        context["total"] = self.facets["total"]
        context["active_filters"] = [
            {
                "label": labels[name],
                "value": value,
                "remove_url": query_url(request, page=None, **{name: None}),
            }
            for name, value in getattr(form, "cleaned_data", {}).items()
            if value not in (None, "")
        ]
        context["filter_errors"] = [
            {"label": labels.get(name, name), "value": form.data.get(name, ""), "messages": errors}
            for name, errors in (form.errors.items() if self.filterset.is_bound else [])
        ]
        return context


class ArticleDetailView(DetailView):
    template_name = "archive/article_detail.html"

    def get_queryset(self):
        articles = (
            Article.objects.all() if self.request.user.is_staff else (Article.objects.published())
        )
        return articles.select_related("outlet").prefetch_related(
            # Authors with their people in one query rather than two.
            Prefetch("authorships", queryset=ArticleAuthor.objects.select_related("person")),
            "countries",
            "themes",
            "images",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = not self.object.is_public
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context["is_preview"]:
            add_never_cache_headers(response)  # a draft must never be kept anywhere
        return response


class BrowseDetailView(FriendlyPaginationMixin, ListView):
    """A vocabulary entry's page: the entry, then its published articles, newest first."""

    context_object_name = "articles"

    def get_subject(self):
        raise NotImplementedError

    def filter_articles(self, articles, subject):
        raise NotImplementedError

    dimension = None  # the key of `published_counts()` that counts this page's articles

    def get_queryset(self):
        self.subject = self.get_subject()
        # The rows (includes/article_item.html) show no authors, countries or themes:
        # prefetching them (`for_listing()`) would cost three queries and a third of the page.
        return self.filter_articles(Article.objects.published(), self.subject).for_list_rows()

    def get_paginator(self, queryset, per_page, **kwargs):
        known = published_counts()[self.dimension].get(self.subject.pk, 0)
        return KnownCountPaginator(queryset, per_page, known_count=known, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(subject=self.subject, **kwargs)


class CountryListView(TemplateView):
    template_name = "archive/country_list.html"

    def get_context_data(self, **kwargs):
        countries = sorted(
            ranked(Country.objects.all(), published_counts()["country"]),
            key=lambda c: (c.region, c.name),
        )
        labels = dict(Region.choices)
        order = {value: i for i, value in enumerate(Region.values)}
        regions = sorted(
            (
                (labels.get(region, "Elsewhere"), list(rows))
                for region, rows in groupby(countries, key=lambda c: c.region)
            ),
            key=lambda pair: order.get(pair[1][0].region, len(order)),
        )
        return super().get_context_data(regions=regions, **kwargs)


class CountryDetailView(BrowseDetailView):
    dimension = "country"
    template_name = "archive/country_detail.html"

    def get_subject(self):
        code = self.kwargs["code"]
        if len(code) != 2 or not code.isalpha() or not code.islower():
            raise ExplainedNotFound(
                "Countries are addressed by their two-letter code, e.g. /countries/kz/."
            )
        return get_object_or_404(Country, code=code.upper())

    def filter_articles(self, articles, subject):
        return articles.for_country(subject)


class OutletListView(TemplateView):
    template_name = "archive/outlet_list.html"

    def get_context_data(self, **kwargs):
        outlets = sorted(
            ranked(Outlet.objects.select_related("country"), published_counts()["outlet"]),
            key=lambda o: (o.kind, o.name),
        )
        labels = dict(Outlet.Kind.choices)
        kinds = [(labels[kind], list(rows)) for kind, rows in groupby(outlets, lambda o: o.kind)]
        return super().get_context_data(kinds=kinds, **kwargs)


class OutletDetailView(BrowseDetailView):
    dimension = "outlet"
    template_name = "archive/outlet_detail.html"

    def get_subject(self):
        return get_object_or_404(
            Outlet.objects.select_related("country"), slug=self.kwargs["slug"]
        )

    def filter_articles(self, articles, subject):
        return articles.by_outlet(subject)


class ThemeListView(TemplateView):
    template_name = "archive/theme_list.html"

    def get_context_data(self, **kwargs):
        themes = sorted(
            ranked(Theme.objects.all(), published_counts()["theme"]), key=lambda t: t.name
        )
        return super().get_context_data(themes=themes, **kwargs)


class ThemeDetailView(BrowseDetailView):
    dimension = "theme"
    template_name = "archive/theme_detail.html"

    def get_subject(self):
        return get_object_or_404(Theme, slug=self.kwargs["slug"])

    def filter_articles(self, articles, subject):
        return articles.tagged(subject)


class PersonDetailView(BrowseDetailView):
    dimension = "person"
    template_name = "archive/person_detail.html"

    def get_subject(self):
        return get_object_or_404(Person, slug=self.kwargs["slug"])

    def filter_articles(self, articles, subject):
        return articles.by_person(subject)
