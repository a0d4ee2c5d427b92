"""Browse filters for the public article list (django-filter)."""

import django_filters as filters
from django import forms
from django.db.models import Count
from django.db.models.functions import ExtractYear

from .counts import published_counts, ranked
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


class ArticleFilter(filters.FilterSet):
    country = CountryCodeFilter(
        field_name="countries",
        queryset=Country.objects.all(),
        to_field_name="code",
        label="Country",
    )
    theme = filters.ModelChoiceFilter(
        field_name="themes", queryset=Theme.objects.all(), to_field_name="slug", label="Theme"
    )
    outlet = filters.ModelChoiceFilter(
        queryset=Outlet.objects.all(), to_field_name="slug", label="Outlet"
    )
    kind = filters.ChoiceFilter(choices=Article.Kind, label="Kind")
    year = YearFilter(
        field_name="published_at", lookup_expr="year", label="Year", min_value=1900, max_value=2100
    )

    class Meta:
        model = Article
        fields = ["country", "theme", "outlet", "kind", "year"]


def article_facets(queryset):
    """Counts of the filtered articles by each browse dimension, one query per dimension.

    `total` is the sum of the kind counts (every article has exactly one kind),
    which spares the paginator its own COUNT query.
    """
    ids = queryset.order_by().values("pk")
    base = Article.objects.filter(pk__in=ids).order_by()
    kinds = dict(Article.Kind.choices)
    kind_rows = [
        {"value": row["kind"], "label": kinds.get(row["kind"], row["kind"]), "count": row["n"]}
        for row in base.values("kind").annotate(n=Count("pk")).order_by("-n", "kind")
    ]
    return {
        "total": sum(row["count"] for row in kind_rows),
        "kind": kind_rows,
        "country": [
            {"value": c.slug, "label": c.name, "count": c.n}
            for c in Country.objects.filter(articles__in=ids)
            .annotate(n=Count("articles"))
            .order_by("-n", "name")
        ],
        "theme": [
            {"value": row["tag__slug"], "label": row["tag__name"], "count": row["n"]}
            for row in ThemedItem.objects.filter(
                content_type__app_label="archive",
                content_type__model="article",
                object_id__in=ids,
            )
            .values("tag__slug", "tag__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "tag__name")
        ],
        "outlet": [
            {"value": row["outlet__slug"], "label": row["outlet__name"], "count": row["n"]}
            for row in base.values("outlet__slug", "outlet__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "outlet__name")
        ],
        "year": [
            {"value": row["year"], "label": row["year"], "count": row["n"]}
            for row in base.annotate(year=ExtractYear("published_at"))
            .values("year")
            .annotate(n=Count("pk"))
            .order_by("-year")
        ],
    }


def unfiltered_facets(limit=None):
    """`article_facets` of the whole published archive (the `limit` most frequent entries
    of each vocabulary), from the counts kept per content generation: three small
    queries for the names, none over the articles."""
    counts = published_counts()
    kinds = dict(Article.Kind.choices)
    return {
        "total": counts["total"],
        "kind": [
            {"value": kind, "label": kinds.get(kind, kind), "count": n}
            for kind, n in sorted(counts["kind"].items(), key=lambda pair: (-pair[1], pair[0]))
        ],
        "country": [
            {"value": c.slug, "label": c.name, "count": c.n}
            for c in ranked(Country.objects.all(), counts["country"], limit)
        ],
        "theme": [
            {"value": t.slug, "label": t.name, "count": t.n}
            for t in ranked(Theme.objects.all(), counts["theme"], limit)
        ],
        "outlet": [
            {"value": o.slug, "label": o.name, "count": o.n}
            for o in ranked(Outlet.objects.all(), counts["outlet"], limit)
        ],
        "year": [
            {"value": year, "label": year, "count": n}
            for year, n in sorted(counts["year"].items(), reverse=True)
        ],
    }
