"""The admin's side of WordPress imports: the upload page with its report, and the records
an import leaves (old addresses, media, item keys, term choices, comments).

The upload page needs the permission "Can import a WordPress export". The file
waits in `WORDPRESS_IMPORT_DIR` (outside MEDIA_ROOT, never served) under a random
name kept in the uploader's session between the report and the import, and is
deleted once imported; the plan is never trusted from the browser: confirming
reads the file again with the chosen mapping.
"""

import secrets
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django_countries import countries

from ..models import Theme
from .importer import import_file
from .models import MediaItem, Redirect, TermMapping, WordPressComment, WordPressItem
from .wxr import WXRError

SESSION_KEY = "wordpress-import"
PERMISSION = "archive.import_wordpress"
TEMPLATE = "archive/admin/wordpress_import.html"


class UploadForm(forms.Form):
    export = forms.FileField(
        label="WordPress export",
        help_text="The .xml file from WordPress's Tools → Export (“All content”).",
    )


def _upload_dir():
    folder = Path(settings.WORDPRESS_IMPORT_DIR)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _stored(request):
    state = request.session.get(SESSION_KEY) or {}
    token = state.get("token", "")
    if not token.isalnum():
        return None, state
    stored = _upload_dir() / f"{token}.xml"
    return (stored if stored.exists() else None), state


def choice_options():
    """Every choice a term can have: nothing, a new theme, a theme, a country."""
    options = [("nothing", "Nothing"), ("new-theme", "A new theme of that name")]
    options += [(f"theme:{t.slug}", f"Theme: {t.name}") for t in Theme.objects.all()]
    options += [(f"country:{code}", f"Country: {name}") for code, name in countries]
    return options


class WordPressItemAdmin(admin.ModelAdmin):
    list_display = ["post_id", "post_type", "wp_status", "article", "media", "imported_at"]
    list_filter = ["post_type", "wp_status", "site"]
    search_fields = ["guid", "link", "article__title"]
    raw_id_fields = ["article", "media"]
    change_list_template = "archive/admin/wordpress_item_changelist.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="archive_wordpress_import"), *super().get_urls()]

    def import_view(self, request):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied("Importing needs the permission to import WordPress exports.")
        context = {**self.admin_site.each_context(request), "title": "Import from WordPress"}
        context["opts"] = self.model._meta
        form = UploadForm()
        report = error = None
        if request.method == "POST" and "export" in request.FILES:
            form = UploadForm(request.POST, request.FILES)
            if form.is_valid():
                token = secrets.token_hex(16)
                stored = _upload_dir() / f"{token}.xml"
                with stored.open("wb") as out:
                    for chunk in form.cleaned_data["export"].chunks():
                        out.write(chunk)
                name = Path(form.cleaned_data["export"].name).name
                request.session[SESSION_KEY] = {"token": token, "name": name}
                report, error = self._report(stored, name, None, request)
        elif request.method == "POST":
            stored, state = _stored(request)
            if stored is None:
                messages.error(request, "That upload is no longer here: upload the file again.")
                return redirect("admin:archive_wordpress_import")
            mapping = {
                key.removeprefix("term:"): value
                for key, value in request.POST.items()
                if key.startswith("term:")
            }
            name = state.get("name", stored.name)
            if "confirm" in request.POST:
                try:
                    report = import_file(stored, mapping=mapping, user=request.user, name=name)
                except WXRError as exc:
                    error = f"{exc} Nothing was imported."
                else:
                    stored.unlink(missing_ok=True)
                    request.session.pop(SESSION_KEY, None)
                    messages.success(request, " ".join(report.summary()[-2:]))
                    context.update(report=report, done=True)
                    return TemplateResponse(request, TEMPLATE, context)
            else:
                report, error = self._report(stored, name, mapping, request)
        context.update(form=form, report=report, error=error, options=choice_options())
        return TemplateResponse(request, TEMPLATE, context)

    @staticmethod
    def _report(stored, name, mapping, request):
        try:
            return import_file(stored, mapping=mapping, dry_run=True, name=name), None
        except WXRError as exc:
            stored.unlink(missing_ok=True)
            request.session.pop(SESSION_KEY, None)
            return None, f"{exc} Nothing was imported."


admin.site.register(WordPressItem, WordPressItemAdmin)


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "destination", "note"]
    search_fields = ["old_path", "new_path", "note", "article__title"]
    raw_id_fields = ["article"]
    fields = ["old_path", "article", "new_path", "note"]

    @admin.display(description="goes to")
    def destination(self, obj):
        where = obj.location()
        if where is None and obj.article_id:
            return f"{obj.article} (not published: 404 until it is)"
        return where


@admin.register(MediaItem)
class MediaItemAdmin(admin.ModelAdmin):
    list_display = ["__str__", "article", "mime_type", "fetched_at", "fetch_error"]
    list_filter = [("fetched_at", admin.EmptyFieldListFilter), "mime_type"]
    search_fields = ["original_url", "title", "caption", "credit"]
    raw_id_fields = ["article"]
    readonly_fields = ["fetched_at", "fetch_error"]


@admin.register(TermMapping)
class TermMappingAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "slug", "choice", "country", "theme"]
    list_filter = ["domain", "choice"]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["country", "theme"]


@admin.register(WordPressComment)
class WordPressCommentAdmin(admin.ModelAdmin):
    list_display = ["author_name", "article", "posted_at", "approved", "kind"]
    list_filter = ["approved", "kind"]
    search_fields = ["author_name", "text", "article__title"]
    raw_id_fields = ["article"]
    list_select_related = ["article"]
