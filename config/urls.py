"""Root URL configuration: the admin and its sign-in steps, the staff-only Markdown
endpoints, media, and each app."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from archive.admin_views import MarkdownImageUploadView, MarkdownPreviewView
from archive.media import serve_media
from archive.views import favicon

urlpatterns = [
    path("admin/two-factor/", include("archive.signin.urls")),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on pages (like the admin's) that name no icon.
    path("favicon.ico", favicon, name="favicon"),
    path("markdownx/markdownify/", MarkdownPreviewView.as_view(), name="markdownx_markdownify"),
    path("markdownx/upload/", MarkdownImageUploadView.as_view(), name="markdownx_upload"),
    # Answers only when settings.SERVE_MEDIA is on (debug, or a single box without a
    # front proxy); the proxy serves /media/ otherwise, with the same headers.
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media, name="media"),
    path("", include("citations.urls")),
    path("", include("appearances.urls")),
    path("", include("archive.urls")),
]

handler403 = "archive.views.permission_denied"
handler404 = "archive.views.page_not_found"
