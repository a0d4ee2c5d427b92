"""Filters shared by the public appearance list and the staff exports (django-filter).

The exports add a date range (`?from=2020-05-01&to=2020-05-31`) to the same
filters; `from` after `to` is a form error with a message, never a 500.
"""

import django_filters as filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from django.db.models.lookups import Exact
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

from archive.filters import CountryCodeFilter, YearFilter
from archive.models import Country, Outlet, Theme, ThemedItem

from .models import Appearance


# Choices are limited to what published appearances use, so the menus stay short and a
# draft-only theme or outlet is never revealed. Each asks "is there a published
# appearance for this one?" (EXISTS, one index probe per outlet, country or theme)
# rather than collecting every published appearance's links, which read all of them
# on every request (most of the list page's time at the large scale).
def _published(link):
    """A published appearance at the outer row's `link` (an appearance id)."""
    return Exists(Appearance.objects.published().filter(pk=OuterRef(link)))


def outlets_in_use(request):
    return Outlet.objects.only("pk", "name", "slug").filter(
        Exists(Appearance.objects.published().filter(outlet=OuterRef("pk")))
    )


def countries_in_use(request):
    links = Appearance.countries.through.objects.filter(country=OuterRef("pk"))
    return Country.objects.only("pk", "name", "code").filter(
        Exists(links.filter(_published("appearance_id")))
    )


def themes_in_use(request):
    # The content type is checked inside, beside the appearance: as a condition on the
    # links themselves it led SQLite to walk every appearance link of the type (the
    # unique index starts with it) instead of this theme's few.
    appearance_type = ContentType.objects.get_for_model(Appearance)
    published = Appearance.objects.published().filter(
        Exact(OuterRef("content_type_id"), appearance_type.pk), pk=OuterRef("object_id")
    )
    links = ThemedItem.objects.filter(tag=OuterRef("pk"))
    return Theme.objects.only("pk", "name", "slug").filter(Exists(links.filter(Exists(published))))


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
    kind = filters.ChoiceFilter(choices=Appearance.Kind, label="Kind", widget=QuickSelect)
    outlet = filters.ModelChoiceFilter(
        queryset=outlets_in_use,
        to_field_name="slug",
        label="Host or broadcaster",
        widget=QuickSelect,
    )
    country = CountryCodeFilter(
        field_name="countries",
        queryset=countries_in_use,
        to_field_name="code",
        label="Country",
        widget=QuickSelect,
    )
    theme = filters.ModelChoiceFilter(
        field_name="themes",
        queryset=themes_in_use,
        to_field_name="slug",
        label="Theme",
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
