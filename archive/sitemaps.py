"""/sitemap.xml (django.contrib.sitemaps): published pages only.

Archive registers its own sections; another app adds its sections from its `sitemaps.py`
with `archive.sitemaps.register("appearances", AppearanceSitemap)`. Every section's
`items()` must go through its model's `published()`.
"""

from django.contrib import sitemaps
from django.db.models import Max
from django.urls import reverse

from .models import Article, Country, Outlet, Person, Theme

_sections = {}


def register(name, sitemap):
    """Add a Sitemap class (or instance) as section `name` of /sitemap.xml."""
    _sections[name] = sitemap
    return sitemap


def sections():
    return dict(_sections)


class ListSitemap(sitemaps.Sitemap):
    """A section whose `rows()` are read in one query, as a list: the paginator then counts
    them with len(), where a QuerySet would cost a COUNT query per section."""

    def rows(self):
        raise NotImplementedError

    def items(self):
        return list(self.rows())


class ArticleSitemap(ListSitemap):
    changefreq = "yearly"
    priority = 0.8

    def rows(self):
        # A republished piece's canonical address is the original: only list our own pages.
        return (
            Article.objects.published()
            .exclude(full_text=True, original_url__gt="")
            .only("slug", "updated", "published_at")
            .order_by("pk")
        )

    def lastmod(self, article):
        return max(article.updated, article.published_at)


class VocabularySitemap(ListSitemap):
    """Countries, themes, outlets and people with published writing: their browse pages."""

    changefreq = "weekly"
    priority = 0.5
    model = None
    address = "slug"  # the column get_absolute_url() needs

    def rows(self):
        # Filtering on the relation before annotating makes the maximum run over the same
        # join: one grouped query, where a subquery per row took minutes on SQLite at
        # 10,000 articles.
        published = Article.objects.published().order_by().values("pk")
        return (
            self.model.objects.filter(articles__in=published)
            .only(self.address)
            .annotate(last=Max("articles__published_at"))
            .order_by("pk")
        )

    def lastmod(self, item):
        return item.last


class CountrySitemap(VocabularySitemap):
    model, address = Country, "code"


class ThemeSitemap(VocabularySitemap):
    model = Theme


class OutletSitemap(VocabularySitemap):
    model = Outlet


class PersonSitemap(VocabularySitemap):
    model = Person


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
