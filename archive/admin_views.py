"""markdownx's preview and upload endpoints, closed to everyone but staff.

markdownx leaves them open to anonymous visitors by default; here an
anonymous or non-staff request gets a 403 and nothing is rendered or stored.
"""

from django.core.exceptions import PermissionDenied
from markdownx.views import ImageUploadView, MarkdownifyView


class StaffOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not (request.user.is_authenticated and request.user.is_staff):
            raise PermissionDenied("Only staff may use the Markdown preview and uploads.")
        return super().dispatch(request, *args, **kwargs)


class StaffMarkdownifyView(StaffOnlyMixin, MarkdownifyView):
    pass


class StaffImageUploadView(StaffOnlyMixin, ImageUploadView):
    pass
