"""Public addresses of the appearances app, its calendars and the staff exports."""

from django.urls import path

from . import feeds, views

app_name = "appearances"

urlpatterns = [
    path("appearances/", views.AppearanceListView.as_view(), name="list"),
    path("appearances/feed/", feeds.AppearanceFeed(), name="feed"),
    path("appearances/calendar.ics", views.calendar_feed, name="calendar"),
    path("appearances/<slug:slug>/", views.AppearanceDetailView.as_view(), name="detail"),
    path(
        "appearances/<slug:slug>/calendar.ics",
        views.appearance_calendar,
        name="appearance_calendar",
    ),
    path("exports/appearances/", views.export_form, name="export"),
    path("exports/appearances.<slug:fmt>", views.export_file, name="export_file"),
]
