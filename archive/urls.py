"""Public addresses of the archive."""

from django.urls import path, re_path, register_converter
from django.urls.converters import StringConverter

from . import feeds, security_txt, sitemaps, views


class UnicodeSlugConverter(StringConverter):
    """Slugs of vocabulary may be in any script ("türkiye", "中国"): letters, digits, - and _."""

    regex = r"[-\w]+"


register_converter(UnicodeSlugConverter, "uslug")

app_name = "archive"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("feed/", feeds.ArchiveFeed(), name="feed"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("sitemap.xml", sitemaps.index_view, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.section_view, name="sitemap_section"),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
    path(
        ".well-known/security.txt",
        security_txt.SecurityTxtView.as_view(),
        name="security_txt",
    ),
    path("articles/", views.ArticleListView.as_view(), name="article_list"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="article_detail"),
    path("countries/", views.CountryListView.as_view(), name="country_list"),
    path("countries/<str:code>/", views.CountryDetailView.as_view(), name="country_detail"),
    path("countries/<str:code>/feed/", feeds.CountryFeed(), name="country_feed"),
    path("outlets/", views.OutletListView.as_view(), name="outlet_list"),
    path("outlets/<uslug:slug>/", views.OutletDetailView.as_view(), name="outlet_detail"),
    path("outlets/<uslug:slug>/feed/", feeds.OutletFeed(), name="outlet_feed"),
    path("themes/", views.ThemeListView.as_view(), name="theme_list"),
    path("themes/<uslug:slug>/", views.ThemeDetailView.as_view(), name="theme_detail"),
    path("themes/<uslug:slug>/feed/", feeds.ThemeFeed(), name="theme_feed"),
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/<uslug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("people/<uslug:slug>/feed/", feeds.PersonFeed(), name="person_feed"),
    # Date archives, as the old blog had them: four-digit year, two-digit month.
    re_path(r"^(?P<year>[0-9]{4})/$", views.YearArchiveView.as_view(), name="archive_year"),
    re_path(
        r"^(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$",
        views.MonthArchiveView.as_view(),
        name="archive_month",
    ),
]
