"""/sitemap.xml (django.contrib.sitemaps): a sitemap index of published pages only.

At 10,000 articles and 20,000 appearances one sitemap took seconds to build, whoever asked
for it. /sitemap.xml is now the index of the sections, each at /sitemap-<section>.xml in
pages of at most `ArchiveSitemap.limit` addresses (`?p=2`...), so no request builds more
than one page of one section.

Archive registers its own sections; another app adds its sections from its `sitemaps.py`
with `archive.sitemaps.register("appearances", AppearanceSitemap)`. Every section's
`items()` must go through its model's `published()`.
"""

from django.contrib import sitemaps
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import Paginator
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from .cache import reads_query
from .counts import subject_counts
from .models import Article, Country, Outlet, Person, Theme

_sections = {}


def register(name, sitemap):
    """Add a Sitemap class (or instance) as section `name` of /sitemap.xml."""
    _sections[name] = sitemap
    return sitemap


def sections():
    return dict(_sections)


class CountedPaginator(Paginator):
    """A Paginator told its count, where counting its own list would cost more."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self._count = count

    @property
    def count(self):
        return self._count


class ArchiveSitemap(sitemaps.Sitemap):
    """A section of the index: items() returns a QuerySet of the few columns a URL needs,
    so a page reads its own rows only (a COUNT, then the page's slice)."""

    limit = 2000

    def get_latest_lastmod(self):
        # The index would read every item of every section to date each one: it names the
        # sections undated, and each page dates its own addresses.
        return None


class ArticleSitemap(ArchiveSitemap):
    changefreq = "yearly"
    priority = 0.8

    def items(self):
        # A republished piece's canonical address is the original: only list our own pages.
        return (
            Article.objects.published()
            .exclude(full_text=True, original_url__gt="")
            .only("slug", "updated", "published_on", "timezone")
            .order_by("pk")
        )

    def lastmod(self, article):
        # Calendar days where the outlet is: a piece of 27 April in Singapore is not
        # dated 26 April because London was still on the day before.
        return max(timezone.localdate(article.updated, article.zone), article.published_on)


class VocabularySitemap(ArchiveSitemap):
    """Countries, themes, outlets and people with published writing or appearances: the
    entries the browse lists show (`archive.counts.subject_counts()`)."""

    changefreq = "weekly"
    priority = 0.5
    model = None
    dimension = ""  # its key in archive.counts.subject_counts()
    address = "slug"  # the column get_absolute_url() needs

    def entries(self):
        return self.model.objects.all()

    def listed(self):
        return self.entries().filter(pk__in=list(subject_counts()[self.dimension]))

    def items(self):
        # Filtering on the relation inside the maximum keeps it one grouped query, where a
        # subquery per row took minutes on SQLite at 10,000 articles. An entry with
        # appearances only is listed undated.
        published = Article.objects.published().order_by().values("pk")
        return (
            self.listed()
            .only(self.address)
            .annotate(last=Max("articles__published_on", filter=Q(articles__in=published)))
            .order_by("pk")
        )

    def lastmod(self, item):
        return item.last

    @property
    def paginator(self):
        # Counted without the dates: Django drops the unused MAX from the count but keeps
        # its joins to every article, 90 of the index's 112 ms at the large scale (SQLite).
        return CountedPaginator(self.items(), self.limit, count=self.listed().count())


class CountrySitemap(VocabularySitemap):
    model, dimension, address = Country, "country", "code"


class ThemeSitemap(VocabularySitemap):
    model, dimension = Theme, "theme"


class OutletSitemap(VocabularySitemap):
    model, dimension = Outlet, "outlet"


class PersonSitemap(VocabularySitemap):
    model, dimension = Person, "person"

    def entries(self):
        return Person.objects.with_page()


class PagesSitemap(ArchiveSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return [
            "archive:home",
            "archive:article_list",
            "archive:country_list",
            "archive:outlet_list",
            "archive:theme_list",
            "archive:person_list",
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


@reads_query()
def index_view(request):
    """/sitemap.xml: every registered section, and every page of the long ones."""
    return sitemap_views.index(
        request, sitemaps=sections(), sitemap_url_name="archive:sitemap_section"
    )


@reads_query("p")
def section_view(request, section):
    """/sitemap-<section>.xml?p=<page>: one page of one section (404 for an unknown one)."""
    # Django's template, less what no section here uses (language alternates, and the
    # {% spaceless %} pass over the whole document).
    return sitemap_views.sitemap(
        request, sitemaps=sections(), section=section, template_name="archive/sitemap.xml"
    )
