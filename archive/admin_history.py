"""The admin's history: who changed what and when, what changed, and restoring a version.

`HistoryAdmin` is django-reversion's `VersionAdmin` (the history list, "restore this
version" as a pre-filled form to check and save, "recover deleted" records) with:
a record's state before its first recorded change kept too (content loaded by the
demo or written before history was on has no version yet), the revision taken again
once every inline row is saved (a note's citations are written in bulk, unseen by
signals), and a page per version showing what changed, field by field, notes included.
"""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from reversion.admin import VersionAdmin
from reversion.models import Version

from . import history, history_diff


class HistoryAdmin(VersionAdmin):
    object_history_template = "admin/history/object_history.html"
    history_latest_first = True

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/history/<int:version_id>/changes/",
                self.admin_site.admin_view(self.changes_view),
                name="{}_{}_changes".format(*info),
            ),
            *super().get_urls(),
        ]

    # Keeping the state before the first recorded change. These run before reversion
    # opens its revision: inside it, the old state would merge into the change.

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST" and object_id and unquote(object_id).isdigit():
            history.record_first_versions(self.model, [unquote(object_id)])
        return super().change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and request.POST.get("action"):
            if request.POST.get("select_across") == "1":
                pks = self.get_queryset(request).values_list("pk", flat=True)
            else:
                pks = request.POST.getlist(ACTION_CHECKBOX_NAME)
            history.record_first_versions(self.model, pks)
        return super().changelist_view(request, extra_context)

    # Taking the version again once the inline rows are all saved.

    def log_addition(self, request, obj, message):
        history.record([obj], "")
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        history.record([obj], "")
        return super().log_change(request, obj, message)

    # Restoring: a restored record is back in use, out of the trash if it was there.

    def revision_view(self, request, object_id, version_id, extra_context=None):
        request.restoring_version = True
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        request.restoring_version = True
        return super().recover_view(request, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        """Each version with who saved it, when, why, what it changed and how to restore it."""
        info = self.opts.app_label, self.opts.model_name
        versions = Version.objects.get_for_object_reference(
            self.model, unquote(object_id)
        ).select_related("revision", "revision__user")
        action_list = [
            {
                "version": version,
                "revision": version.revision,
                "url": reverse(
                    "admin:{}_{}_revision".format(*info),
                    args=[quote(version.object_id), version.pk],
                ),
                "changes_url": reverse(
                    "admin:{}_{}_changes".format(*info),
                    args=[quote(version.object_id), version.pk],
                ),
            }
            for version in versions.order_by("-pk")
        ]
        return super().history_view(
            request, object_id, {**(extra_context or {}), "action_list": action_list}
        )

    def changes_view(self, request, object_id, version_id):
        """What one version changed from the one before it."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        object_id = unquote(object_id)
        version = get_object_or_404(
            Version.objects.get_for_object_reference(self.model, object_id).select_related(
                "revision__user"
            ),
            pk=version_id,
        )
        previous = history.previous_version(version)
        info = self.opts.app_label, self.opts.model_name
        obj = self.model._default_manager.filter(pk=object_id).first()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"What changed in “{version.object_repr}”",
            "object": obj,
            "object_repr": version.object_repr,
            "version": version,
            "previous": previous,
            "changes": history_diff.compare(previous, version),
            "history_url": reverse("admin:{}_{}_history".format(*info), args=[quote(object_id)])
            if obj
            else None,
            "restore_url": reverse(
                "admin:{}_{}_revision".format(*info), args=[quote(object_id), version.pk]
            )
            if obj
            else reverse("admin:{}_{}_recover".format(*info), args=[version.pk]),
        }
        return TemplateResponse(request, "admin/history/changes.html", context)
