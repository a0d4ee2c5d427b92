"""Published appearances in site search, registered with archive's search registry.

Titles and programmes weigh A, the kind (so "webinar" finds webinars) B, the description C
(as in migrations/0002_search.py). A query naming its outlet, a country, a theme or a
person taking part (the author included) finds it too (`name_paths`, `made_by_author`).
Appearances share the archive's facets: kind (the appearance's own kinds), country, theme,
outlet (the host or broadcaster) and year (of the local date), read by the public list's
`AppearanceFilter`. A value no published appearance carries (an article kind, an outlet
that never hosted one) is refused here; the search engine reports it only when no other
provider takes it either.
"""

from archive import search

from .filters import AppearanceFilter
from .models import Appearance

WEIGHTS = {"A": ["title", "programme"], "B": ["kind"], "C": ["description"]}


@search.register
class AppearanceSearchProvider(search.SearchProvider):
    name = "appearance"
    label = "Appearances"
    model = Appearance
    weights = WEIGHTS
    snippet_fields = ["description"]
    date_field = "sort_at"
    year_field = "start_date"
    template = "appearances/search_hit_appearance.html"
    dimensions = ("kind", "country", "theme", "outlet", "year")
    total_from = "kind"
    # The public list's filters: their choices are what published appearances use, so a
    # value no appearance carries is refused here (and left to the articles).
    filterset_class = AppearanceFilter
    kinds = dict(Appearance.Kind.choices)
    order = 20
    # Co-panellists, hosts and guests are people on the appearance.
    name_paths = {
        "outlet": "outlet",
        "country": "countries",
        "person": "participations__person",
        "theme": True,
    }
    # And the author, on every appearance through its `author_role`.
    made_by_author = True

    def published(self):
        return Appearance.objects.published()

    def for_display(self, queryset):
        return queryset.select_related("outlet")
