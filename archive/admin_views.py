"""The Markdown editor's two endpoints: the live preview and the image upload.

markdownx leaves both open to anonymous visitors and stores uploads as sent (name,
extension and bytes); here:

* uploading needs staff status and the permission to change articles
  (`archive.change_article`); anyone else gets a 403 and nothing is read or stored;
* the preview needs staff status and the permission to change at least one model that
  has a Markdown field (the editors that show a preview): it stores nothing and renders
  through the same sanitiser as the public pages;
* an upload goes through `clean_image()`, is shrunk to markdownx's `IMAGE_MAX_SIZE`
  (500 × 500 unless set), and is stored under `MARKDOWNX_MEDIA_PATH` with its dates
  expanded (`uploads/2024/05/<random>.png`); a refused file gets a 400 with a message
  in JSON, which the editor shows (static/js/markdown_upload.js).
"""

import uuid

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.files.storage import default_storage
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from markdownx.models import MarkdownxField
from markdownx.settings import MARKDOWNX_IMAGE_MAX_SIZE
from markdownx.views import MarkdownifyView

from .fields import CleanImageFormField
from .markdown import render_markdown
from .models import Article
from .uploads import too_large_message

# Room for the multipart envelope and the CSRF field around the image itself.
FORM_OVERHEAD_BYTES = 64 * 1024


def markdown_models():
    return [
        model
        for model in apps.get_models()
        if any(isinstance(field, MarkdownxField) for field in model._meta.get_fields())
    ]


class MarkdownPreviewView(PermissionRequiredMixin, MarkdownifyView):
    raise_exception = True  # a 403, never a redirect to the sign-in page

    def post(self, request, *args, **kwargs):
        """The text rendered as the public page renders it; for an article's editor
        (`?article=<pk>`), against the notes saved with that article, for staff who may
        change articles."""
        return HttpResponse(render_markdown(request.POST.get("content", ""), self.article()))

    def article(self):
        pk = self.request.GET.get("article", "")
        if not pk.isdigit() or not self.request.user.has_perm("archive.change_article"):
            return None
        return Article.objects.filter(pk=pk).first()

    def has_permission(self):
        user = self.request.user
        return (
            user.is_active
            and user.is_staff
            and any(
                user.has_perm(f"{m._meta.app_label}.change_{m._meta.model_name}")
                for m in markdown_models()
            )
        )


class MarkdownImageForm(forms.Form):
    image = CleanImageFormField(max_size=MARKDOWNX_IMAGE_MAX_SIZE.get("size"))

    def save(self):
        image = self.cleaned_data["image"]
        folder = timezone.localtime().strftime(settings.MARKDOWNX_MEDIA_PATH)
        extension = image.name.rsplit(".", 1)[-1]
        name = default_storage.save(f"{folder}{uuid.uuid4().hex}.{extension}", image)
        return default_storage.url(name)


@method_decorator(csrf_exempt, name="dispatch")  # checked in dispatch(), after the size
class MarkdownImageUploadView(PermissionRequiredMixin, View):
    http_method_names = ["post"]
    permission_required = "archive.change_article"
    raise_exception = True

    def has_permission(self):
        return self.request.user.is_staff and super().has_permission()

    def handle_no_permission(self):
        # JSON, as every answer here: the editor shows the reason (markdown_upload.js).
        if self.request.user.is_authenticated:
            message = "Uploading images needs the permission to change articles."
        else:  # e.g. the session ended while the page was open: the text is still there
            message = "You are signed out. Sign in again in another tab, then upload again."
        return JsonResponse({"error": message, "image": [message]}, status=403)

    def dispatch(self, request, *args, **kwargs):
        # Before the body is read (the CSRF check reads it): a request whose declared
        # length is already past the cap is refused without reading it.
        if not self.has_permission():
            return self.handle_no_permission()
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.UPLOAD_MAX_BYTES + FORM_OVERHEAD_BYTES:
            return self.refuse(too_large_message(length))
        return csrf_protect(super().dispatch)(request, *args, **kwargs)

    def post(self, request):
        form = MarkdownImageForm(files=request.FILES)
        if not form.is_valid():
            errors = form.errors.get("image") or ["Choose an image to upload."]
            return self.refuse(" ".join(errors))
        return JsonResponse({"image_code": f"![]({form.save()})"})

    @staticmethod
    def refuse(message):
        return JsonResponse({"error": message, "image": [message]}, status=400)
