"""Browsing by country, outlet, theme and person: the lists, and each entry's page with one
timeline of everything published about it."""

from itertools import groupby

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import ListView, TemplateView

from .. import timeline
from ..cache import reads_query
from ..counts import ranked_subjects, subject_counts
from ..models import Country, Outlet, Person, Theme
from ..regions import Region
from .common import (
    ExplainedNotFound,
    FriendlyPaginationMixin,
    can_preview,
)


@reads_query("page")
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

    dimension = ""  # the subject's key in archive.counts.subject_counts()

    def get_paginator(self, queryset, *args, **kwargs):
        paginator = super().get_paginator(queryset, *args, **kwargs)
        # Counting a busy subject's timeline reads all of it: the figures home and the
        # browse lists show are counted once per content generation, and are this count.
        by_source = subject_counts()[self.dimension].get(self.subject.pk, {})
        self.counts = {"articles": by_source.get("article", 0)}
        self.counts["appearances"] = by_source.get("appearance", 0)
        paginator.count = sum(by_source.values())
        return paginator

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
        context["counts"] = self.counts
        return context


@reads_query()
class CountryListView(TemplateView):
    template_name = "archive/country_list.html"

    def get_context_data(self, **kwargs):
        countries = sorted(
            ranked_subjects(Country.objects.all(), "country"),
            key=lambda c: (c.region, c.name),
        )
        labels = dict(Region.choices)
        regions = [
            (labels.get(region, "Elsewhere"), sorted(rows, key=lambda c: (-c.n, c.name)))
            for region, rows in (
                (r, list(rows)) for r, rows in groupby(countries, lambda c: c.region)
            )
        ]
        # The regions the archive is most about come first, then by name.
        regions.sort(key=lambda pair: (-sum(c.n for c in pair[1]), pair[0]))
        return super().get_context_data(regions=regions, **kwargs)


class CountryDetailView(BrowseDetailView):
    feed_url_name = "archive:country_feed"
    template_name = "archive/country_detail.html"
    subject_filter = "for_country"
    dimension = "country"

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


@reads_query()
class OutletListView(TemplateView):
    template_name = "archive/outlet_list.html"

    def get_context_data(self, **kwargs):
        outlets = ranked_subjects(Outlet.objects.select_related("country"), "outlet")
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
    dimension = "outlet"

    def get_subject(self):
        return get_object_or_404(
            Outlet.objects.select_related("country"), slug=self.kwargs["slug"]
        )


@reads_query()
class ThemeListView(TemplateView):
    template_name = "archive/theme_list.html"

    def get_context_data(self, **kwargs):
        themes = sorted(
            ranked_subjects(Theme.objects.all(), "theme"), key=lambda t: t.name.lower()
        )
        return super().get_context_data(themes=themes, **kwargs)


class ThemeDetailView(BrowseDetailView):
    feed_url_name = "archive:theme_feed"
    template_name = "archive/theme_detail.html"
    subject_filter = "tagged"
    dimension = "theme"

    def get_subject(self):
        return get_object_or_404(Theme, slug=self.kwargs["slug"])


@reads_query()
class PersonListView(TemplateView):
    template_name = "archive/person_list.html"

    def get_context_data(self, **kwargs):
        people = sorted(
            ranked_subjects(Person.objects.with_page(), "person"), key=lambda p: p.name.lower()
        )
        return super().get_context_data(people=people, **kwargs)


class PersonDetailView(BrowseDetailView):
    feed_url_name = "archive:person_feed"
    template_name = "archive/person_detail.html"
    subject_filter = "by_person"
    dimension = "person"

    def get_subject(self):
        # A guest without a page of their own (`Person.has_page`) is a name, not a page.
        return get_object_or_404(Person.objects.with_page(), slug=self.kwargs["slug"])
