"""Published appearances, and the appearance list, in /sitemap.xml (archive's sitemap
registry)."""

from django.urls import reverse

from archive import sitemaps as archive_sitemaps

from .models import Appearance


class AppearanceSitemap(archive_sitemaps.ArchiveSitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Appearance.objects.published().only("slug", "updated").order_by("-sort_at", "pk")

    def lastmod(self, appearance):
        return appearance.updated


class AppearanceListSitemap(archive_sitemaps.ArchiveSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return ["appearances:list"]

    def location(self, name):
        return reverse(name)


archive_sitemaps.register("appearance-pages", AppearanceListSitemap)
archive_sitemaps.register("appearances", AppearanceSitemap)
