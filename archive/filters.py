"""Browse filters for the public article list (django-filter)."""

import django_filters as filters
from django import forms
from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import ExtractYear

from .models import Article, Country, Outlet, Theme, ThemedItem


class CountryCodeField(forms.ModelChoiceField):
    """Accepts the lower-case codes used in addresses (`kz`) as well as upper case."""

    def to_python(self, value):
        return super().to_python(value.upper() if isinstance(value, str) else value)


class CountryCodeFilter(filters.ModelChoiceFilter):
    field_class = CountryCodeField


class YearFilter(filters.NumberFilter):
    """A whole year in a sane range: `?year=abc` or `?year=99999` is a form error, not a 500."""

    field_class = forms.IntegerField


def themes_in_use(request):
    """Themes that published articles use: a filter must not reveal draft-only themes."""
    published = Article.objects.published()
    return Theme.objects.filter(
        Exists(
            ThemedItem.objects.filter(
                tag=OuterRef("pk"),
                content_type__app_label="archive",
                content_type__model="article",
                object_id__in=published.values("pk"),
            )
        )
    )


def outlets_in_use(request):
    return Outlet.objects.filter(Exists(Article.objects.published().filter(outlet=OuterRef("pk"))))


class ArticleFilter(filters.FilterSet):
    country = CountryCodeFilter(
        field_name="countries",
        queryset=Country.objects.all(),
        to_field_name="code",
        label="Country",
    )
    theme = filters.ModelChoiceFilter(
        field_name="themes", queryset=themes_in_use, to_field_name="slug", label="Theme"
    )
    outlet = filters.ModelChoiceFilter(
        queryset=outlets_in_use, to_field_name="slug", label="Outlet"
    )
    kind = filters.ChoiceFilter(choices=Article.Kind, label="Kind")
    year = YearFilter(
        field_name="published_at", lookup_expr="year", label="Year", min_value=1900, max_value=2100
    )

    class Meta:
        model = Article
        fields = ["country", "theme", "outlet", "kind", "year"]


def article_facets(filterset):
    """Counts by each browse dimension, one query per dimension.

    Each dimension is counted with every other active filter applied but not its
    own, as facets should: a row's count is what clicking it would list.
    `total` is what the current filters list: the selected kind's count, or the
    sum over kinds (every article has exactly one kind), which spares the
    paginator its own COUNT query.
    """
    if filterset.is_bound and not filterset.is_valid():
        return {"total": 0, "kind": [], "country": [], "theme": [], "outlet": [], "year": []}
    active = {
        name: value
        for name, value in getattr(filterset.form, "cleaned_data", {}).items()
        if value not in (None, "")
    }

    def ids_without(dimension):
        queryset = filterset.queryset
        for name, value in active.items():
            if name != dimension:
                queryset = filterset.filters[name].filter(queryset, value)
        return queryset.order_by().values("pk")

    def articles_without(dimension):
        return Article.objects.filter(pk__in=ids_without(dimension)).order_by()

    kinds = dict(Article.Kind.choices)
    kind_rows = [
        {"value": row["kind"], "label": kinds.get(row["kind"], row["kind"]), "count": row["n"]}
        for row in articles_without("kind")
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by("-n", "kind")
    ]
    if "kind" in active:
        total = next((r["count"] for r in kind_rows if r["value"] == active["kind"]), 0)
    else:
        total = sum(row["count"] for row in kind_rows)
    return {
        "total": total,
        "kind": kind_rows,
        "country": [
            {"value": c.slug, "label": c.name, "count": c.n}
            for c in Country.objects.filter(articles__in=ids_without("country"))
            .annotate(n=Count("articles"))
            .order_by("-n", "name")
        ],
        "theme": [
            {"value": row["tag__slug"], "label": row["tag__name"], "count": row["n"]}
            for row in ThemedItem.objects.filter(
                content_type__app_label="archive",
                content_type__model="article",
                object_id__in=ids_without("theme"),
            )
            .values("tag__slug", "tag__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "tag__name")
        ],
        "outlet": [
            {"value": row["outlet__slug"], "label": row["outlet__name"], "count": row["n"]}
            for row in articles_without("outlet")
            .values("outlet__slug", "outlet__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "outlet__name")
        ],
        "year": [
            {"value": row["year"], "label": row["year"], "count": row["n"]}
            for row in articles_without("year")
            .annotate(year=ExtractYear("published_at"))
            .values("year")
            .annotate(n=Count("pk"))
            .order_by("-year")
        ],
    }
