"""Filters shared by the public appearance list and the staff exports (django-filter).

The exports add a date range (`?from=2020-05-01&to=2020-05-31`) to the same
filters; `from` after `to` is a form error with a message, never a 500.
"""

import django_filters as filters
from django import forms

from archive.filters import CountryCodeFilter, YearFilter
from archive.models import Country, Outlet, Status, Theme, ThemedItem

from .models import Appearance


class AppearanceFilter(filters.FilterSet):
    # Choices are limited to what published appearances use, so the menus stay short.
    kind = filters.ChoiceFilter(choices=Appearance.Kind, label="Kind")
    outlet = filters.ModelChoiceFilter(
        queryset=Outlet.objects.filter(pk__in=Appearance.objects.published().values("outlet")),
        to_field_name="slug",
        label="Host or broadcaster",
    )
    country = CountryCodeFilter(
        field_name="countries",
        queryset=Country.objects.filter(
            pk__in=Appearance.countries.through.objects.filter(
                appearance__status=Status.PUBLISHED
            ).values("country")
        ),
        to_field_name="code",
        label="Country",
    )
    theme = filters.ModelChoiceFilter(
        field_name="themes",
        queryset=Theme.objects.filter(
            pk__in=ThemedItem.objects.filter(
                content_type__app_label="appearances",
                content_type__model="appearance",
                object_id__in=Appearance.objects.published().values("pk"),
            ).values("tag")
        ),
        to_field_name="slug",
        label="Theme",
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
