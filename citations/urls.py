"""Public addresses of the citations app."""

from django.urls import path

from . import views

app_name = "citations"

urlpatterns = [
    path("sources/", views.SourceListView.as_view(), name="source_list"),
    path("sources/<int:pk>/", views.source_detail, name="source_detail"),
    path(
        "articles/<slug:slug>/sources.<str:fmt>",
        views.article_sources,
        name="article_sources",
    ),
]
