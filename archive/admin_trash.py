"""The trash in the admin: deleting moves a record there; the Trash view restores it or
deletes it for good.

"Delete" on a record's page, and the "Move to the trash" action on the list, keep the
record, its notes and links, and hide it from every public page (`archive.trash`).
The list's "Trash" filter shows what is there, when it went and when `purge_trash`
will delete it; there, "Restore" brings records back and "Delete for good" deletes
them (with the usual confirmation listing what goes with them). Each move is a
revision in the record's history, so even a record deleted for good can be
recovered from "Recover deleted …" until its history is pruned.
"""

from dataclasses import replace

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import ngettext

from . import history


def _in_trash_view(request):
    return request.GET.get(TrashFilter.parameter_name) == "1"


class TrashFilter(admin.SimpleListFilter):
    """Not in the trash (the default, so the list looks as it always did), or in it."""

    title = "trash"
    parameter_name = "trash"

    def lookups(self, request, model_admin):
        return [("1", "In the trash")]

    def choices(self, changelist):
        yield {
            "selected": self.value() != "1",
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": "Not in the trash",
        }
        yield {
            "selected": self.value() == "1",
            "query_string": changelist.get_query_string({self.parameter_name: "1"}),
            "display": f"In the trash (kept {settings.TRASH_DAYS} days)",
        }

    def queryset(self, request, queryset):
        return queryset.trashed() if self.value() == "1" else queryset.live()


class TrashAdmin:
    """Mix into the ModelAdmin of a `Trashable` model, before `HistoryAdmin`."""

    delete_confirmation_template = "admin/trash/delete_confirmation.html"
    delete_selected_confirmation_template = "admin/trash/delete_selected_confirmation.html"

    def get_list_filter(self, request):
        return [TrashFilter, *super().get_list_filter(request)]

    def get_list_display(self, request):
        shown = list(super().get_list_display(request))
        if _in_trash_view(request):
            shown += ["trashed_on", "purged_on"]
        return shown

    @admin.display(description="moved to the trash", ordering="deleted_at")
    def trashed_on(self, obj):
        return obj.deleted_at

    @admin.display(description="deleted for good on")
    def purged_on(self, obj):
        return obj.purge_on

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        if action_location != ActionLocation.CHANGE_LIST:
            return actions
        if _in_trash_view(request):
            kept = {}
            if self.has_change_permission(request):
                kept["restore"] = self.get_action("restore", action_location)
            if "delete_selected" in actions:
                label = "Delete the selected %(verbose_name_plural)s for good"
                kept["delete_selected"] = replace(
                    actions["delete_selected"], description=label, plural_description=label
                )
            return kept
        actions.pop("delete_selected", None)  # replaced by move_to_trash, which is undoable
        if self.has_delete_permission(request):
            actions = {
                "move_to_trash": self.get_action("move_to_trash", action_location),
                **actions,
            }
        return actions

    def get_search_results(self, request, queryset, search_term):
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "autocomplete":
            queryset = queryset.live()  # nothing in the trash is offered for linking
        return super().get_search_results(request, queryset, search_term)

    @admin.action(
        description="Move the selected %(verbose_name_plural)s to the trash",
        permissions=["delete"],
    )
    def move_to_trash(self, request, queryset):
        rows = list(queryset.live())
        count = queryset.move_to_trash()
        history.record(
            self.model._default_manager.filter(pk__in=[r.pk for r in rows]),
            "Moved to the trash.",
        )
        self._trash_message(request, count)

    @admin.action(
        description="Restore the selected %(verbose_name_plural)s", permissions=["change"]
    )
    def restore(self, request, queryset):
        pks = list(queryset.trashed().values_list("pk", flat=True))
        count = queryset.restore()
        history.record(self.model._default_manager.filter(pk__in=pks), "Restored from the trash.")
        opts = self.model._meta
        self.message_user(
            request,
            ngettext(
                "%(count)d %(name)s restored: it is back where it was.",
                "%(count)d %(plural)s restored: they are back where they were.",
                count,
            )
            % {"count": count, "name": opts.verbose_name, "plural": opts.verbose_name_plural},
            messages.SUCCESS,
        )

    def _trash_message(self, request, count):
        opts = self.model._meta
        trash_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + "?trash=1"
        self.message_user(
            request,
            format_html(
                '{} moved to the trash. They can be restored from <a href="{}">the trash</a> '
                "for {} days.",
                ngettext("%(count)d %(name)s", "%(count)d %(plural)s", count)
                % {"count": count, "name": opts.verbose_name, "plural": opts.verbose_name_plural},
                trash_url,
                settings.TRASH_DAYS,
            ),
            messages.SUCCESS,
        )

    def get_deleted_objects(self, objs, request):
        objs = list(objs)
        if objs and not any(obj.in_trash for obj in objs):
            # Moving to the trash deletes nothing: nothing to list, protect or lack.
            opts = self.model._meta
            name = opts.verbose_name if len(objs) == 1 else opts.verbose_name_plural
            return [str(obj) for obj in objs], {name: len(objs)}, set(), []
        return super().get_deleted_objects(objs, request)

    def delete_view(self, request, object_id, extra_context=None):
        context = {"trash_days": settings.TRASH_DAYS, **(extra_context or {})}
        return super().delete_view(request, object_id, context)

    def delete_model(self, request, obj):
        if obj.in_trash:
            return super().delete_model(request, obj)  # for good
        history.record_first_versions(self.model, [obj.pk])
        obj.move_to_trash()
        history.record([obj], "Moved to the trash.", user=request.user)
        request.moved_to_trash = True

    def delete_queryset(self, request, queryset):
        # Only the Trash view offers bulk deletion: what is selected there goes for good.
        live = queryset.live()
        if live.exists():
            self.move_to_trash(request, live)
        super().delete_queryset(request, queryset.trashed())

    def response_delete(self, request, obj_display, obj_id):
        if not getattr(request, "moved_to_trash", False):
            return super().response_delete(request, obj_display, obj_id)
        self._trash_message(request, 1)
        opts = self.model._meta
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")

    def save_model(self, request, obj, form, change):
        if getattr(request, "restoring_version", False):
            obj.deleted_at = None  # a restored version is back in use
        super().save_model(request, obj, form, change)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            obj = self.get_object(request, object_id)
            if obj is not None and obj.in_trash:
                opts = self.model._meta
                self.message_user(
                    request,
                    format_html(
                        "This {} is in the trash since {}: the public sees nothing of it. "
                        'Restore it from <a href="{}">the trash</a>; otherwise it is '
                        "deleted for good on {}.",
                        opts.verbose_name,
                        date_format(timezone.localtime(obj.deleted_at)),
                        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
                        + "?trash=1",
                        date_format(timezone.localtime(obj.purge_on)),
                    ),
                    messages.WARNING,
                )
        return super().change_view(request, object_id, form_url, extra_context)
