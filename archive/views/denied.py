"""The site's 403: a page in the site's style that tells staff which permission they lack.

A view that knows which permission was missing raises `MissingPermission`; its message is
shown to signed-in staff only. Anyone else (an anonymous visitor, a non-staff account)
sees a plain refusal that says nothing about what the page is or holds.
"""

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

STAFF_DEFAULT = (
    "Your account does not have the permission this page needs. Ask the site owner to add it."
)
CSRF_MESSAGE = (
    "The form was sent without its security token, or the token had expired. Go back, "
    "reload the page and send the form again. If this keeps happening, allow cookies "
    "for this site."
)


def permission_name(permission):
    """'appearances.export_appearance' -> 'Can export appearances' (as the admin lists it)."""
    app_label, _, codename = permission.partition(".")
    name = (
        Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        .values_list("name", flat=True)
        .first()
    )
    return name or permission


class MissingPermission(PermissionDenied):
    """A 403 that names the missing permission: `MissingPermission("Exporting appearances",
    "appearances.export_appearance")`."""

    def __init__(self, action, permission):
        super().__init__(
            f"{action} needs the permission “{permission_name(permission)}”. Ask the site owner."
        )


def _forbidden(request, message, status=403):
    response = TemplateResponse(request, "403.html", {"message": message}, status=status)
    add_never_cache_headers(response)
    return response


def permission_denied(request, exception):
    user = getattr(request, "user", None)
    message = ""
    if user is not None and user.is_authenticated and user.is_staff:
        message = str(exception) if isinstance(exception, MissingPermission) else STAFF_DEFAULT
    return _forbidden(request, message)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the same page, saying what to do (the reason stays in the log)."""
    return _forbidden(request, CSRF_MESSAGE)
