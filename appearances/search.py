"""Published appearances in site search, registered with archive's search registry.

Titles and programmes weigh A, the kind (so "webinar" finds webinars) B, the description C
(as in migrations/0002_search.py).
Appearances share the archive's facets: kind (the appearance's own kinds), country, theme,
outlet (the host or broadcaster) and year (of the local date), read by the public list's
`AppearanceFilter`. A value no published appearance carries (an article kind, an outlet
that never hosted one) is refused here; the search engine reports it only when no other
provider takes it either.
"""

from collections import Counter

from django.db.models import Count
from django.db.models.functions import ExtractYear

from archive import search
from archive.models import Country, ThemedItem

from .filters import AppearanceFilter
from .models import Appearance

WEIGHTS = {"A": ["title", "programme"], "B": ["kind"], "C": ["description"]}


def _narrow(queryset, name, value):
    if name == "kind":
        return queryset.filter(kind=value)
    if name == "country":
        return queryset.filter(countries__code=str(value).upper())
    if name == "theme":
        return queryset.filter(themes__slug=value)
    if name == "outlet":
        return queryset.filter(outlet__slug=value)
    if name == "year":
        return queryset.filter(start_date__year=value)
    return queryset


@search.register
class AppearanceSearchProvider(search.SearchProvider):
    name = "appearance"
    label = "Appearances"
    model = Appearance
    weights = WEIGHTS
    snippet_fields = ["description"]
    date_field = "sort_at"
    template = "appearances/search_hit_appearance.html"
    dimensions = ("kind", "country", "theme", "outlet", "year")
    order = 20

    def published(self):
        return Appearance.objects.published()

    def filter(self, queryset, params):
        # The public list's filters: their choices are what published appearances use, so
        # a value no appearance carries is refused here (and left to the articles).
        filterset = AppearanceFilter(
            {name: params[name] for name in self.dimensions if name in params},
            queryset=queryset,
        )
        if not filterset.is_valid():
            return queryset.none(), {
                name: " ".join(messages) for name, messages in filterset.errors.items()
            }
        # Re-selected by id, so that counting and ranking need no DISTINCT.
        return Appearance.objects.filter(pk__in=filterset.qs.values("pk")), {}

    def facets(self, queryset, params):
        # Called only once `filter` accepted the same values.
        active = {name: params[name] for name in self.dimensions if params.get(name)}

        def ids_without(dimension):
            narrowed = queryset
            for name, value in active.items():
                if name != dimension:
                    narrowed = _narrow(narrowed, name, value)
            return narrowed.order_by().values("pk")

        def rows_without(dimension):
            return Appearance.objects.filter(pk__in=ids_without(dimension)).order_by()

        kinds = dict(Appearance.Kind.choices)
        kind_counts = Counter(
            dict(rows_without("kind").values_list("kind").annotate(n=Count("pk")))
        )
        selected = rows_without(None)
        total = selected.count()
        return {
            "total": total,
            "kind": [
                {"value": kind, "label": kinds.get(kind, kind), "count": n}
                for kind, n in sorted(kind_counts.items(), key=lambda pair: (-pair[1], pair[0]))
            ],
            "country": [
                {"value": c.slug, "label": c.name, "count": c.n}
                for c in Country.objects.filter(appearances__in=ids_without("country"))
                .annotate(n=Count("appearances"))
                .order_by("-n", "name")
            ],
            "theme": [
                {"value": row["tag__slug"], "label": row["tag__name"], "count": row["n"]}
                for row in ThemedItem.objects.filter(
                    content_type__app_label="appearances",
                    content_type__model="appearance",
                    object_id__in=ids_without("theme"),
                )
                .values("tag__slug", "tag__name")
                .annotate(n=Count("pk"))
                .order_by("-n", "tag__name")
            ],
            "outlet": [
                {"value": slug, "label": name, "count": n}
                for slug, name, n in rows_without("outlet")
                .values_list("outlet__slug", "outlet__name")
                .annotate(n=Count("pk"))
                .order_by("-n", "outlet__name")
            ],
            "year": [
                {"value": row["year"], "label": row["year"], "count": row["n"]}
                for row in rows_without("year")
                .annotate(year=ExtractYear("start_date"))
                .values("year")
                .annotate(n=Count("pk"))
                .order_by("-year")
            ],
        }

    def for_display(self, queryset):
        return queryset.for_listing()
