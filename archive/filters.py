"""Browse filters for the public article list (django-filter)."""

from collections import Counter

import django_filters as filters
from django import forms
from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import ExtractYear

from .counts import published_counts, ranked
from .models import Article, Country, Outlet, Theme, ThemedItem
from .params import PlainIntegerField


class CountryCodeField(forms.ModelChoiceField):
    """Accepts the lower-case codes used in addresses (`kz`) as well as upper case."""

    def to_python(self, value):
        return super().to_python(value.upper() if isinstance(value, str) else value)


class CountryCodeFilter(filters.ModelChoiceFilter):
    field_class = CountryCodeField


class YearFilter(filters.NumberFilter):
    """A whole year in a sane range: `?year=abc`, `?year=١٩٩٠` or `?year=99999` is a form
    error, not a 500."""

    field_class = PlainIntegerField


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
        field_name="published_on", lookup_expr="year", label="Year", min_value=1900, max_value=2100
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
    if "kind" in active or "outlet" in active:
        kind_counts = Counter(
            dict(articles_without("kind").values_list("kind").annotate(n=Count("pk")))
        )
        outlet_counts = Counter(
            {
                (slug, name): n
                for slug, name, n in articles_without("outlet")
                .values_list("outlet__slug", "outlet__name")
                .annotate(n=Count("pk"))
            }
        )
    else:
        # Neither is filtered, so both count the same selection: one grouped query.
        kind_counts, outlet_counts = Counter(), Counter()
        for kind, slug, name, n in (
            articles_without("kind")
            .values_list("kind", "outlet__slug", "outlet__name")
            .annotate(n=Count("pk"))
        ):
            kind_counts[kind] += n
            outlet_counts[(slug, name)] += n
    kind_rows = [
        {"value": kind, "label": kinds.get(kind, kind), "count": n}
        for kind, n in sorted(kind_counts.items(), key=lambda pair: (-pair[1], pair[0]))
    ]
    total = kind_counts.get(active["kind"], 0) if "kind" in active else sum(kind_counts.values())
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
            {"value": slug, "label": name, "count": n}
            for (slug, name), n in sorted(
                outlet_counts.items(), key=lambda pair: (-pair[1], pair[0][1].lower())
            )
        ],
        "year": [
            {"value": row["year"], "label": row["year"], "count": row["n"]}
            for row in articles_without("year")
            .annotate(year=ExtractYear("published_on"))
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
