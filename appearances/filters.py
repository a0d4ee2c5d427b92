"""Filters shared by the public appearance list and the staff exports (django-filter).

The exports add a date range (`?from=2020-05-01&to=2020-05-31`) to the same
filters; `from` after `to` is a form error with a message, never a 500.
"""

import django_filters as filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Value
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

from archive.cache import per_generation
from archive.filters import CountryCodeFilter, YearFilter
from archive.models import Country, Outlet, Theme, ThemedItem

from .models import Appearance


# Choices are limited to what published appearances use, so the menus stay short and a
# draft-only theme or outlet is never revealed. Which ones those are is read once per
# content generation (any edit starts a new one), in one query: asked per request, as an
# EXISTS per outlet, SQLite walked every published appearance for each of the 200 outlets
# of the large corpus (1.8 s a request).
def _compute_in_use():
    published = Appearance.objects.published().order_by()
    ids = published.values("pk")
    appearance_type = ContentType.objects.get_for_model(Appearance)

    def used(dimension, rows, field):
        return (
            rows.order_by().annotate(dim=Value(dimension), key=F(field)).values_list("dim", "key")
        )

    parts = [
        used("outlet", published, "outlet_id"),
        used("country", Appearance.countries.through.objects.filter(appearance__in=ids),
             "country_id"),
        used("theme", ThemedItem.objects.filter(content_type=appearance_type, object_id__in=ids),
             "tag_id"),
    ]  # fmt: skip
    in_use = {"outlet": set(), "country": set(), "theme": set()}
    for dimension, key in parts[0].union(*parts[1:]).order_by():  # UNION: distinct pairs
        in_use[dimension].add(key)
    return in_use


def in_use(dimension):
    """Ids of the outlets, countries or themes that published appearances use."""
    return per_generation("appearances:in-use", _compute_in_use)[dimension]


def outlets_in_use(request):
    return Outlet.objects.only("pk", "name", "slug").filter(pk__in=in_use("outlet"))


def countries_in_use(request):
    return Country.objects.only("pk", "name", "code").filter(pk__in=in_use("country"))


def themes_in_use(request):
    return Theme.objects.only("pk", "name", "slug").filter(pk__in=in_use("theme"))


class QuickSelect(forms.Select):
    """A <select> written in one pass. Django's Select renders a template per option;
    the three menus' 700 options at the large scale cost most of the list page's time
    (profiled: about 60 ms of 100). Same markup, less whitespace."""

    def render(self, name, value, attrs=None, renderer=None):
        wanted = self.format_value(value)
        chosen = []

        def selected(option):
            if not chosen and str(option) in wanted:
                chosen.append(option)
                return " selected"
            return ""

        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((str(option), selected(option), label) for option, label in self.choices),
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            options,
        )


class AppearanceFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(
        choices=Appearance.Kind, label="Kind", empty_label="Any kind", widget=QuickSelect
    )
    outlet = filters.ModelChoiceFilter(
        queryset=outlets_in_use,
        to_field_name="slug",
        label="Host or broadcaster",
        empty_label="Any host or broadcaster",
        widget=QuickSelect,
    )
    country = CountryCodeFilter(
        field_name="countries",
        queryset=countries_in_use,
        to_field_name="code",
        label="Country",
        empty_label="Any country",
        widget=QuickSelect,
    )
    theme = filters.ModelChoiceFilter(
        field_name="themes",
        queryset=themes_in_use,
        to_field_name="slug",
        label="Theme",
        empty_label="Any theme",
        widget=QuickSelect,
    )
    year = YearFilter(
        field_name="start_date", lookup_expr="year", label="Year", min_value=1900, max_value=2100
    )

    class Meta:
        model = Appearance
        fields = ["kind", "outlet", "country", "theme", "year"]


class DateRangeForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start > end:
            raise forms.ValidationError(
                "The start of the range (%(start)s) is after its end (%(end)s): swap them.",
                params={"start": start.isoformat(), "end": end.isoformat()},
                code="inverted_range",
            )
        return cleaned


class ExportFilter(AppearanceFilter):
    """The public filters plus a date range on the appearance's local date."""

    class Meta(AppearanceFilter.Meta):
        form = DateRangeForm


# `from` is a Python keyword, so the range filters join under the query keys the
# staff use (?from=2020-05-01&to=2020-05-31) after the class is built.
for _name, _lookup, _label in [("from", "gte", "From"), ("to", "lte", "To")]:
    ExportFilter.base_filters[_name] = filters.DateFilter(
        field_name="start_date",
        lookup_expr=_lookup,
        label=_label,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The appearance's local date, included.",
    )
