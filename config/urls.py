"""Root URL configuration: the admin and its sign-in steps, the staff-only Markdown
endpoints, and each app."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from archive.admin_views import StaffImageUploadView, StaffMarkdownifyView
from archive.views import favicon

urlpatterns = [
    path("admin/two-factor/", include("archive.signin.urls")),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on pages (like the admin's) that name no icon.
    path("favicon.ico", favicon, name="favicon"),
    path("markdownx/markdownify/", StaffMarkdownifyView.as_view(), name="markdownx_markdownify"),
    path("markdownx/upload/", StaffImageUploadView.as_view(), name="markdownx_upload"),
    path("", include("citations.urls")),
    path("", include("appearances.urls")),
    path("", include("archive.urls")),
]

handler403 = "archive.views.permission_denied"
handler404 = "archive.views.page_not_found"

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
