"""Public addresses of the archive."""

from django.urls import path, register_converter
from django.urls.converters import StringConverter

from . import views


class UnicodeSlugConverter(StringConverter):
    """Slugs of vocabulary may be in any script ("türkiye", "中国"): letters, digits, - and _."""

    regex = r"[-\w]+"


register_converter(UnicodeSlugConverter, "uslug")

app_name = "archive"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/", views.ArticleListView.as_view(), name="article_list"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="article_detail"),
    path("countries/", views.CountryListView.as_view(), name="country_list"),
    path("countries/<str:code>/", views.CountryDetailView.as_view(), name="country_detail"),
    path("outlets/", views.OutletListView.as_view(), name="outlet_list"),
    path("outlets/<uslug:slug>/", views.OutletDetailView.as_view(), name="outlet_detail"),
    path("themes/", views.ThemeListView.as_view(), name="theme_list"),
    path("themes/<uslug:slug>/", views.ThemeDetailView.as_view(), name="theme_detail"),
    path("people/<uslug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
]
