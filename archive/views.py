"""Public pages of the archive: home, the article list and page, and browsing by
country, outlet, theme and person.

Everything shown to the public comes through `Article.objects.published()` (search through
each registered provider's `published()`);
staff may open a draft's page, which is marked as a preview and never cached.
"""

import datetime
import hashlib
from itertools import groupby
from urllib.parse import urlencode

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from . import about, search, timeline
from .cache import per_generation
from .counts import published_count, published_counts, ranked
from .filters import ArticleFilter, article_facets, unfiltered_facets
from .models import Article, ArticleAuthor, AuthorProfile, Country, Outlet, Person, Theme
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


def favicon(request):
    """Browsers ask for /favicon.ico on pages (like the admin's) that name no icon."""
    # Temporary: the hashed name changes with every collectstatic.
    return redirect(static("favicon.svg"))


def page_not_found(request, exception):
    """The site's 404: explains what was wrong when the view said so."""
    message = str(exception) if isinstance(exception, ExplainedNotFound) else ""
    return TemplateResponse(request, "404.html", {"message": message}, status=404)


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
            raise ExplainedNotFound("The page number in the address is not a number.") from None
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
            latest=Article.objects.published().for_listing()[:8],
            countries=ranked(Country.objects.all(), counts["country"], 12),
            outlets=ranked(Outlet.objects.all(), counts["outlet"], 12),
            themes=ranked(Theme.objects.all(), counts["theme"], 16),
            home_panels=timeline.home_panels(self.request),
            **kwargs,
        )


class ArticleListView(FriendlyPaginationMixin, FilterView):
    filterset_class = ArticleFilter
    template_name = "archive/article_list.html"
    paginator_class = KnownCountPaginator

    def get_queryset(self):
        return Article.objects.published().for_listing()

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
            self.facets = article_facets(self.filterset)
        elif any(v not in (None, "") for v in cleaned.values()):
            # Counting a filtered selection reads all of it: once per content generation
            # and combination of filters, so its page 2, 3... reuse the figures.
            chosen = urlencode(sorted((k, v) for k, v in request.GET.items() if k in cleaned))
            digest = hashlib.md5(chosen.encode(), usedforsecurity=False).hexdigest()
            self.facets = per_generation(
                f"archive:facets:{digest}", lambda: article_facets(self.filterset)
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
        active = {
            name: value
            for name, value in getattr(form, "cleaned_data", {}).items()
            if value not in (None, "")
        }
        kinds = dict(Article.Kind.choices)
        facets = []
        for name, rows in self.facets.items():
            if name == "total":
                continue
            current = str(getattr(active.get(name), "slug", active.get(name, "")))
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
                "value": kinds.get(value, value) if name == "kind" else value,
                "remove_url": query_url(request, page=None, **{name: None}),
            }
            for name, value in active.items()
        ]
        context["filter_errors"] = [
            {"label": labels.get(name, name), "value": form.data.get(name, ""), "messages": errors}
            for name, errors in (form.errors.items() if self.filterset.is_bound else [])
        ]
        return context


def can_preview(user):
    return user.is_staff and user.has_perm("archive.view_article")


class ArticleDetailView(DetailView):
    """An article; staff who may view articles also see drafts and scheduled pieces,
    marked as a preview, kept out of search engines and out of every cache."""

    template_name = "archive/article_detail.html"

    def get_queryset(self):
        published = Article.objects.published()
        articles = Article.objects.all() if can_preview(self.request.user) else published
        return (
            articles.annotate(is_public=Exists(published.filter(pk=OuterRef("pk"))))
            .select_related("outlet")
            .prefetch_related(
                # Authors with their people in one query rather than two.
                Prefetch("authorships", queryset=ArticleAuthor.objects.select_related("person")),
                "countries",
                "themes",
                "images",
            )
        )

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if not self.object.is_public:
            add_never_cache_headers(response)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = not self.object.is_public
        context["canonical_url"] = self.request.build_absolute_uri(self.object.get_absolute_url())
        return context


class BrowseDetailView(FriendlyPaginationMixin, ListView):
    """A vocabulary entry's page: the entry, then one timeline, newest first, of its
    published articles and whatever other apps register in `archive.timeline`."""

    context_object_name = "entries"
    subject_filter = None  # the QuerySet method selecting rows about the subject

    def get_subject(self):
        raise NotImplementedError

    # Vocabulary that only drafts use is as private as the drafts: such a page is a 404.
    # Countries are the public ISO list, so an empty country page hides nothing.
    requires_public_content = True

    def get_queryset(self):
        self.subject = self.get_subject()
        return timeline.entries(self.subject, self.subject_filter)

    def get_context_data(self, **kwargs):
        feed_url = reverse(self.feed_url_name, args=[self.subject.slug])
        context = super().get_context_data(subject=self.subject, feed_url=feed_url, **kwargs)
        if (
            self.requires_public_content
            and not context["paginator"].count
            and not can_preview(self.request.user)
        ):
            raise Http404("Nothing public is filed here.")
        context["timeline"] = timeline.resolve(context["page_obj"].object_list)
        return context


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
    feed_url_name = "archive:country_feed"
    template_name = "archive/country_detail.html"
    subject_filter = "for_country"

    requires_public_content = False

    def get(self, request, *args, **kwargs):
        code = self.kwargs["code"]
        if len(code) == 2 and code.isascii() and code.isalpha() and not code.islower():
            return redirect("archive:country_detail", code=code.lower(), permanent=True)
        return super().get(request, *args, **kwargs)

    def get_subject(self):
        code = self.kwargs["code"]
        if len(code) != 2 or not code.isascii() or not code.isalpha():
            raise ExplainedNotFound(
                "Countries are addressed by their two-letter code, e.g. /countries/kz/."
            )
        return get_object_or_404(Country, code=code.upper())


class OutletListView(TemplateView):
    template_name = "archive/outlet_list.html"

    def get_context_data(self, **kwargs):
        outlets = ranked(Outlet.objects.select_related("country"), published_counts()["outlet"])
        # Group in the order the kinds are declared, not alphabetically by stored value.
        order = {value: i for i, value in enumerate(Outlet.Kind.values)}
        labels = dict(Outlet.Kind.choices)
        outlets = sorted(outlets, key=lambda o: (order.get(o.kind, len(order)), o.name.lower()))
        kinds = [(labels[kind], list(rows)) for kind, rows in groupby(outlets, lambda o: o.kind)]
        return super().get_context_data(kinds=kinds, **kwargs)


class OutletDetailView(BrowseDetailView):
    feed_url_name = "archive:outlet_feed"
    template_name = "archive/outlet_detail.html"
    subject_filter = "by_outlet"

    def get_subject(self):
        return get_object_or_404(
            Outlet.objects.select_related("country"), slug=self.kwargs["slug"]
        )


class ThemeListView(TemplateView):
    template_name = "archive/theme_list.html"

    def get_context_data(self, **kwargs):
        themes = sorted(
            ranked(Theme.objects.all(), published_counts()["theme"]), key=lambda t: t.name
        )
        return super().get_context_data(themes=themes, **kwargs)


class ThemeDetailView(BrowseDetailView):
    feed_url_name = "archive:theme_feed"
    template_name = "archive/theme_detail.html"
    subject_filter = "tagged"

    def get_subject(self):
        return get_object_or_404(Theme, slug=self.kwargs["slug"])


class PersonDetailView(BrowseDetailView):
    feed_url_name = "archive:person_feed"
    template_name = "archive/person_detail.html"
    subject_filter = "by_person"

    def get_subject(self):
        return get_object_or_404(Person, slug=self.kwargs["slug"])

    def filter_articles(self, articles, subject):
        return articles.by_person(subject)


class SearchView(TemplateView):
    """`/search/?q=`: every registered kind of record, ranked, with facets that narrow.

    Whatever arrives in the query string, the visitor gets this page back: an empty,
    over-long or unusable query gets a message saying what to change, never an error.
    """

    template_name = "archive/search.html"
    facet_labels = {
        "type": "Type",
        "kind": "Kind",  # of writing or of appearance
        "country": "Country",
        "theme": "Theme",
        "outlet": "Outlet",
        "year": "Year",
    }

    def get_context_data(self, **kwargs):
        request = self.request
        clean = {
            key: " ".join(search.parse_query(request.GET.get(key, "")).text.split())[:100]
            for key in self.facet_labels
        }
        raw_page = request.GET.get("page", "1")
        number = int(raw_page) if raw_page.isdigit() and 0 < int(raw_page) < 10_000 else 1
        newest = request.GET.get("sort") == "newest"
        results = search.search(
            request.GET.get("q", ""),
            params=clean,
            offset=(number - 1) * search.PAGE_SIZE,
            newest=newest,
        )
        paginator = Paginator(range(results.total), search.PAGE_SIZE)
        page_obj = paginator.get_page(number)
        if page_obj.number != number:  # past the last page: show the last one
            results = search.search(
                request.GET.get("q", ""),
                params=clean,
                offset=(page_obj.number - 1) * search.PAGE_SIZE,
                newest=newest,
            )
        facets = []
        for name, rows in results.facets.items():
            current = clean.get(name, "")
            for row in rows:
                row["selected"] = str(row["value"]) == current
                row["url"] = query_url(
                    request, page=None, **{name: None if row["selected"] else row["value"]}
                )
            facets.append({"name": name, "label": self.facet_labels.get(name, name), "rows": rows})
        labels = {
            (facet["name"], str(row["value"])): row["label"]
            for facet in facets
            for row in facet["rows"]
        }
        active = [
            {
                "label": self.facet_labels[name],
                "value": labels.get((name, value), value),
                "remove_url": query_url(request, page=None, **{name: None}),
            }
            for name, value in clean.items()
            if value
        ]
        return super().get_context_data(
            results=results,
            query=results.query,
            facets=facets,
            active_filters=active,
            filter_errors=[
                {"label": self.facet_labels.get(k, k), "value": clean.get(k, ""), "message": m}
                for k, m in results.errors.items()
            ],
            newest=newest,
            relevance_url=query_url(request, page=None, sort=None),
            newest_url=query_url(request, page=None, sort="newest"),
            page_obj=page_obj,
            paginator=paginator,
            is_paginated=page_obj.has_other_pages(),
            **kwargs,
        )


class DatedRecordsMixin:
    """Everything published in a period, from every timeline source (articles, appearances),
    newest first."""

    def records(self, start, end):
        rows = list(timeline.entries_between(start, end))
        instants = {(label, pk): at for label, pk, at in rows}
        entries = timeline.resolve(rows)
        for entry in entries:
            entry["at"] = timezone.localtime(instants[entry["label"], entry["object"].pk])
        return entries

    def year_range(self):
        return timeline.years()


def _period_start(year, month=1):
    return timezone.make_aware(datetime.datetime(year, month, 1))


def _checked_year(value):
    year = int(value)
    if not 1900 <= year <= 2100:
        raise ExplainedNotFound(f"There is nothing from the year {year} in the archive.")
    return year


class YearArchiveView(DatedRecordsMixin, TemplateView):
    template_name = "archive/archive_year.html"

    def get_context_data(self, **kwargs):
        kwargs.pop("year")
        year = _checked_year(self.kwargs["year"])
        records = self.records(_period_start(year), _period_start(year + 1))
        if not records:
            raise ExplainedNotFound(f"Nothing published in {year} is in the archive.")
        months = []
        for month, entries in groupby(
            records,
            key=lambda entry: entry["at"].month,
        ):
            months.append((datetime.date(year, month, 1), list(entries)))
        years = self.year_range()
        return super().get_context_data(
            year=year,
            months=months,
            total=len(records),
            previous_year=max((y for y in years if y < year), default=None),
            next_year=min((y for y in years if y > year), default=None),
            **kwargs,
        )


class MonthArchiveView(DatedRecordsMixin, TemplateView):
    template_name = "archive/archive_month.html"

    def get_context_data(self, **kwargs):
        kwargs.pop("year"), kwargs.pop("month")
        year, month = _checked_year(self.kwargs["year"]), int(self.kwargs["month"])
        if not 1 <= month <= 12:
            raise ExplainedNotFound(f"There is no month {month:02d}: months run from 01 to 12.")
        start = datetime.date(year, month, 1)
        after = _period_start(year + 1) if month == 12 else _period_start(year, month + 1)
        records = self.records(_period_start(year, month), after)
        if not records:
            raise ExplainedNotFound(
                f"Nothing published in {start:%B %Y} is in the archive. Try the whole of {year}."
            )
        return super().get_context_data(year=year, month=start, records=records, **kwargs)


class AboutView(TemplateView):
    """The author's media-kit page: biography, affiliations, what the archive covers."""

    template_name = "archive/about.html"

    def get_context_data(self, **kwargs):
        profile = AuthorProfile.current()
        if profile is None:
            raise ExplainedNotFound("The author has not written an about page yet.")
        published = Article.objects.published()
        countries = (
            Country.objects.annotate(n=published_count(published, "countries"))
            .filter(n__gt=0)
            .order_by("region", "-n", "name")
        )
        labels = dict(Region.choices)
        regions = [
            (labels.get(region, "Elsewhere"), list(rows))
            for region, rows in groupby(countries, key=lambda c: c.region)
        ]
        regions.sort(key=lambda pair: -sum(c.n for c in pair[1]))
        themes = (
            Theme.objects.annotate(n=published_count(published, "themes"))
            .filter(n__gt=0)
            .order_by("-n", "name")[:20]
        )
        return super().get_context_data(
            profile=profile,
            meta_object=profile,
            regions=regions,
            themes=themes,
            recent=published.by_person(profile.person).select_related("outlet")[:6],
            panels=about.panels(self.request, profile),
            years=DatedRecordsMixin().year_range(),
            **kwargs,
        )


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"
