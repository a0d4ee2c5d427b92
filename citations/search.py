"""Cited sources in site search, registered with archive's search registry.

A source is public while a published article cites it (`Source.objects.published()`).
Sources carry none of the archive's facets (country, theme, outlet, year of the
author's writing), so any active facet leaves them out. The date archives list the
author's own work from archive's timeline registry, so sources are not in them.
"""

from archive import search

from .models import Source


@search.register
class SourceSearchProvider(search.SearchProvider):
    name = "source"
    label = "Cited sources"
    model = Source
    # As in migrations/0002_search.py.
    weights = {"A": ["title", "translated_title"], "B": ["publisher", "domain"]}
    date_field = "published_on"
    template = "citations/search_hit_source.html"
    order = 50
    secondary = True  # listed below the author's own writing and appearances

    def published(self):
        return Source.objects.published()
