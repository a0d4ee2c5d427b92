"""Public pages of the archive, one module per job: `common` (what every page shares),
`articles` (home, the list, the article), `browse` (countries, outlets, themes, people),
`find` (search, date archives, about, robots.txt) and `denied` (the 403 page). The names
below are what the URLconfs and other apps import."""

from .articles import ArticleDetailView, ArticleListView, HomeView
from .browse import (
    BrowseDetailView,
    CountryDetailView,
    CountryListView,
    OutletDetailView,
    OutletListView,
    PersonDetailView,
    PersonListView,
    ThemeDetailView,
    ThemeListView,
)
from .common import (
    ExplainedNotFound,
    FriendlyPaginationMixin,
    GoneWhenTrashedMixin,
    PreviewNeverCachedMixin,
    can_preview,
    favicon,
    page_not_found,
    query_url,
)
from .denied import MissingPermission, csrf_failure, permission_denied
from .find import AboutView, MonthArchiveView, RobotsView, SearchView, YearArchiveView

__all__ = [
    "AboutView",
    "ArticleDetailView",
    "ArticleListView",
    "BrowseDetailView",
    "CountryDetailView",
    "CountryListView",
    "ExplainedNotFound",
    "FriendlyPaginationMixin",
    "GoneWhenTrashedMixin",
    "PreviewNeverCachedMixin",
    "HomeView",
    "MissingPermission",
    "MonthArchiveView",
    "OutletDetailView",
    "OutletListView",
    "PersonDetailView",
    "PersonListView",
    "RobotsView",
    "SearchView",
    "ThemeDetailView",
    "ThemeListView",
    "YearArchiveView",
    "can_preview",
    "csrf_failure",
    "favicon",
    "page_not_found",
    "permission_denied",
    "query_url",
]
