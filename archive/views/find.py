"""Ways in besides browsing: search, the date archives, the about page and robots.txt.

Search goes through each registered provider's `published()`."""

import datetime
from itertools import groupby

from django.core.paginator import Paginator
from django.views.generic import TemplateView

from .. import about, search, timeline
from ..cache import keep_out_of_page_cache, per_generation, reads_query
from ..counts import published_count
from ..models import Article, AuthorProfile, Country, Theme
from ..params import plain_number
from ..regions import Region
from .common import (
    FACET_ROWS,
    ExplainedNotFound,
    facet_group,
    query_url,
)


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
    page_cache_query = frozenset({"q", "sort", "page", *facet_labels})

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        return keep_out_of_page_cache(response) if self.keep_out else response

    def get_context_data(self, **kwargs):
        request = self.request
        clean = {
            key: " ".join(search.parse_query(request.GET.get(key, "")).text.split())[:100]
            for key in self.facet_labels
        }
        number = plain_number(request.GET.get("page"), 1, 9_999) or 1
        newest = request.GET.get("sort") == "newest"
        results = search.search(
            request.GET.get("q", ""),
            params=clean,
            offset=(number - 1) * search.PAGE_SIZE,
            newest=newest,
        )
        paginator = Paginator(range(results.total), search.PAGE_SIZE)
        page_obj = paginator.get_page(number)
        # A page shown for a request it could not use is not kept (archive.cache).
        self.keep_out = bool(results.errors) or page_obj.number != number
        if page_obj.number != number:  # past the last page: show the last one
            results = search.search(
                request.GET.get("q", ""),
                params=clean,
                offset=(page_obj.number - 1) * search.PAGE_SIZE,
                newest=newest,
            )
        facets = []
        for name, rows in results.facets.items():
            label = self.facet_labels.get(name, name)
            limit = None if name in ("type", "year") else FACET_ROWS
            facets.append(facet_group(request, name, label, rows, clean.get(name, ""), limit))
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

    # A period is a list to scan, not to read: one line per piece, a page at a time
    # (433 full cards made a year's page 375 KB).
    paginate_by = 100

    def resolved(self, rows):
        entries = timeline.resolve(list(rows))
        for entry in entries:
            entry["day"] = timeline.day_of(entry["label"], entry["object"])
        return entries

    def year_counts(self):
        # Counting the years reads every dated row of every source: once per generation.
        return per_generation("timeline:year-counts", timeline.year_counts)

    def year_range(self):
        return sorted(self.year_counts())

    def period_page(self, start, end, *, name, empty, count=None):
        """The requested page of what was filed from day `start` up to `end`, as the
        context of a compact list: `entries`, grouped into `months`, with the paginator.
        `count`, when the caller already knows it, saves counting the period's rows;
        `name` and `empty` word the 404s."""
        rows = timeline.entries_between(start, end)
        paginator = Paginator(rows, self.paginate_by)
        if count is not None:
            paginator.count = count
        if not paginator.count:
            raise ExplainedNotFound(empty)
        number = plain_number(self.request.GET.get("page") or "1", 1, 10**9)
        if number is None or number > paginator.num_pages:
            raise ExplainedNotFound(
                f"There is no such page: {name} has {paginator.num_pages} "
                f"page{'s' if paginator.num_pages != 1 else ''}."
            )
        page_obj = paginator.page(number)
        entries = self.resolved(page_obj.object_list)
        months = [
            {"month": month, "entries": list(group)}
            for month, group in groupby(entries, key=lambda entry: _month_of(entry["day"]))
        ]
        if months and page_obj.number > 1:
            # The last row of the page before, read alone: does its month go on here?
            *_, day_before = rows[page_obj.start_index() - 2]
            months[0]["continued"] = _month_of(day_before) == months[0]["month"]
        return {
            "entries": entries,
            "months": months,
            "total": paginator.count,
            "page_obj": page_obj,
            "paginator": paginator,
            "is_paginated": page_obj.has_other_pages(),
        }


def _month_of(day):
    return datetime.date(day.year, day.month, 1)


def _period_start(year, month=1):
    # A calendar day: rows are filed under their own local day, whatever the site's zone.
    return datetime.date(year, month, 1)


def _checked_year(value):
    year = int(value)
    if not 1900 <= year <= 2100:
        raise ExplainedNotFound(f"There is nothing from the year {year} in the archive.")
    return year


@reads_query("page")
class YearArchiveView(DatedRecordsMixin, TemplateView):
    template_name = "archive/archive_year.html"

    def get_context_data(self, **kwargs):
        kwargs.pop("year")
        year = _checked_year(self.kwargs["year"])
        listed = self.period_page(
            _period_start(year),
            _period_start(year + 1),
            name=str(year),
            empty=f"Nothing published in {year} is in the archive.",
            # Already counted with the other years: no COUNT over the year's rows.
            count=self.year_counts().get(year, 0),
        )
        years = self.year_range()
        return super().get_context_data(
            year=year,
            previous_year=max((y for y in years if y < year), default=None),
            next_year=min((y for y in years if y > year), default=None),
            **listed,
            **kwargs,
        )


@reads_query("page")
class MonthArchiveView(DatedRecordsMixin, TemplateView):
    """A month: the year's compact list, cut to the month (a busy month is paged too)."""

    template_name = "archive/archive_month.html"

    def get_context_data(self, **kwargs):
        kwargs.pop("year"), kwargs.pop("month")
        year, month = _checked_year(self.kwargs["year"]), int(self.kwargs["month"])
        if not 1 <= month <= 12:
            raise ExplainedNotFound(f"There is no month {month:02d}: months run from 01 to 12.")
        start = _period_start(year, month)
        after = _period_start(year + 1) if month == 12 else _period_start(year, month + 1)
        listed = self.period_page(
            start,
            after,
            name=f"{start:%B %Y}",
            empty=f"Nothing published in {start:%B %Y} is in the archive. "
            f"Try the whole of {year}.",
        )
        return super().get_context_data(year=year, month=start, **listed, **kwargs)


@reads_query()
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


@reads_query()
class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"
