"""/sitemap.xml (django.contrib.sitemaps): published pages only.

Archive registers its own sections; another app adds its sections from its `sitemaps.py`
with `archive.sitemaps.register("appearances", AppearanceSitemap)`. Every section's
`items()` must go through its model's `published()`.
"""

from django.contrib import sitemaps
from django.db.models import Max, Q
from django.urls import reverse

from .counts import published_count
from .models import Article, Country, Outlet, Person, Theme

_sections = {}


def register(name, sitemap):
    """Add a Sitemap class (or instance) as section `name` of /sitemap.xml."""
    _sections[name] = sitemap
    return sitemap


def sections():
    return dict(_sections)


class ArticleSitemap(sitemaps.Sitemap):
    changefreq = "yearly"
    priority = 0.8

    def items(self):
        # A republished piece's canonical address is the original: only list our own pages.
        return Article.objects.published().exclude(full_text=True, original_url__gt="")

    def lastmod(self, article):
        return max(article.updated, article.published_at)


class VocabularySitemap(sitemaps.Sitemap):
    """Countries, themes, outlets and people with published writing: their browse pages."""

    changefreq = "weekly"
    priority = 0.5
    model = None
    field = ""

    def items(self):
        published = Article.objects.published()
        return (
            self.model.objects.annotate(n=published_count(published, self.field))
            .filter(n__gt=0)
            .annotate(
                last=Max(
                    "articles__published_at",
                    filter=Q(articles__in=published.values("pk")),
                )
            )
            .order_by("pk")
        )

    def lastmod(self, item):
        return item.last


class CountrySitemap(VocabularySitemap):
    model, field = Country, "countries"


class ThemeSitemap(VocabularySitemap):
    model, field = Theme, "themes"


class OutletSitemap(VocabularySitemap):
    model, field = Outlet, "outlet"


class PersonSitemap(VocabularySitemap):
    model, field = Person, "authors"


class PagesSitemap(sitemaps.Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return [
            "archive:home",
            "archive:article_list",
            "archive:country_list",
            "archive:outlet_list",
            "archive:theme_list",
            "archive:about",
        ]

    def location(self, name):
        return reverse(name)


register("pages", PagesSitemap)
register("articles", ArticleSitemap)
register("countries", CountrySitemap)
register("themes", ThemeSitemap)
register("outlets", OutletSitemap)
register("people", PersonSitemap)


def sitemap_view(request):
    """/sitemap.xml: every registered section."""
    from django.contrib.sitemaps.views import sitemap

    return sitemap(request, sitemaps=sections())
