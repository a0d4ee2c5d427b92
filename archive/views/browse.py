"""Browsing by country, outlet, theme and person: the lists, and each entry's page with one
timeline of everything published about it."""

from itertools import groupby

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import ListView, TemplateView

from .. import timeline
from ..cache import per_generation, reads_query
from ..counts import published_counts, ranked
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

    def get_paginator(self, queryset, *args, **kwargs):
        paginator = super().get_paginator(queryset, *args, **kwargs)
        # Counting a busy subject's timeline reads all of it (18 ms for a country with
        # 1,000 pieces): once per content generation is enough.
        key = f"timeline-count:{self.subject._meta.label_lower}:{self.subject.pk}"
        paginator.count = per_generation(key, queryset.count)
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
        return context


@reads_query()
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


@reads_query()
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


@reads_query()
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
