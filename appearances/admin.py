"""The author's workspace for appearances: participants inline, filters, duplicate warning,
the list of past appearances still waiting for a recording, and the exports as actions."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple, RelatedFieldWidgetWrapper
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from markdownx.admin import MarkdownxModelAdmin

from archive.admin_dates import OrganiserTime, organiser_line
from archive.admin_history import HistoryAdmin
from archive.admin_trash import TrashAdmin
from archive.models import Theme

from . import exports, suggestions
from .models import Appearance, Participation, Suggestion


class ParticipantInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "role", "order"]
    verbose_name_plural = "other participants, in the order they were billed"


class WhenFilter(admin.SimpleListFilter):
    title = "when"
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", "Upcoming"), ("past", "Past")]

    def queryset(self, request, queryset):
        if self.value() == "upcoming":
            return queryset.filter(Appearance.objects.upcoming_q())
        if self.value() == "past":
            return queryset.exclude(Appearance.objects.upcoming_q())
        return queryset


class RecordingFilter(admin.SimpleListFilter):
    title = "recording"
    parameter_name = "recording"

    def lookups(self, request, model_admin):
        return [
            ("missing", "Past, still without a recording"),
            ("unlocated", "Recorded, address unknown"),
            ("yes", "Has a recording"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(recording_url="", recording_unlocated=False).exclude(
                Appearance.objects.upcoming_q()
            )
        if self.value() == "unlocated":
            return queryset.filter(recording_url="", recording_unlocated=True)
        if self.value() == "yes":
            return queryset.exclude(recording_url="")
        return queryset


# What "add what I typed to the existing record" copies into it where it is empty. The
# title, host and time say which event it is, and stay as the existing record has them.
MERGED_FIELDS = [
    "programme",
    "date_note",
    "duration",
    "attendance",
    "location",
    "event_url",
    "recording_url",
    "recording_unlocated",
    "recording_offset",
    "description",
]


class AppearanceAdminForm(forms.ModelForm):
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.all(),
        required=False,
        help_text="Start typing to find a theme; use + to add a new one.",
    )
    not_a_duplicate = forms.BooleanField(
        label="This is a different appearance",
        required=False,
        help_text="Tick only if the appearance listed in the warning above is a different "
        "event from this one.",
    )

    class Meta:
        model = Appearance
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown
        widgets = {"start_time": OrganiserTime}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["themes"] = list(self.instance.themes.values_list("pk", flat=True))
        self._name_the_zone()

    def _typed(self, name):
        """The field's value as typed, or None while it is empty or does not parse."""
        if name not in self.fields:
            return None
        try:
            return self.fields[name].clean(self[name].value())
        except forms.ValidationError:
            return None

    def _name_the_zone(self):
        """Tell the start-time widget the organiser's zone and the instant, as typed."""
        if not {"start_date", "start_time", "timezone"} <= self.fields.keys():
            return
        line = organiser_line(
            self["timezone"].value() or "",
            self._typed("start_date"),
            self._typed("start_time"),
            self._typed("repeated_hour"),
        )
        for key, name in [
            ("zone_field", "timezone"),
            ("date_field", "start_date"),
            ("time_field", "start_time"),
            ("repeated_field", "repeated_hour"),
        ]:
            if name in self.fields:
                line[key] = self[name].id_for_label
        self.fields["start_time"].widget.line = line

    def _post_clean(self):
        # After the instance is built and validated, so its derived instant is known.
        super()._post_clean()
        if self.errors or self.instance.pk or self.cleaned_data.get("not_a_duplicate"):
            return
        similar = list(self.instance.similar()[:5])
        chosen = str(self.data.get("merge_into") or "")
        self.merge_target = next((a for a in similar if str(a.pk) == chosen), None)
        if similar and self.merge_target is None:
            links = format_html_join(
                ", ",
                '<a href="{}">{} ({})</a>',
                (
                    (reverse("admin:appearances_appearance_change", args=[a.pk]), a, a.date_label)
                    for a in similar
                ),
            )
            buttons = format_html_join(
                " ",
                '<button type="submit" name="merge_into" value="{}" class="button">'
                "Add what I typed to “{}”</button>",
                ((a.pk, a) for a in similar),
            )
            self.add_error(
                None,
                forms.ValidationError(
                    format_html(
                        "This looks like an appearance already recorded (same host, within "
                        "a day): {}. Add what you typed here to it (fields it leaves empty "
                        "are filled in, people, countries and themes added; nothing of it is "
                        "overwritten), or tick “This is a different appearance” to save a new "
                        'one. <span class="merge-choices">{}</span>',
                        links,
                        buttons,
                    ),
                    code="possible_duplicate",
                ),
            )

    def merge_into_target(self):
        """Copy what was typed into the existing appearance where it has nothing: returns
        (labels filled in, labels it already had differently and kept)."""
        target, typed = self.merge_target, self.instance
        filled, kept = [], []
        for name in MERGED_FIELDS:
            field = Appearance._meta.get_field(name)
            new, old = getattr(typed, name), getattr(target, name)
            if new in (None, "", False) or new == old:
                continue
            if old in (None, "", False):
                setattr(target, name, new)
                filled.append(str(field.verbose_name))
            else:
                kept.append(str(field.verbose_name))
        if target.recording_url:
            target.recording_unlocated = False
        return filled, kept


@admin.register(Appearance)
class AppearanceAdmin(TrashAdmin, HistoryAdmin, MarkdownxModelAdmin):
    form = AppearanceAdminForm
    list_display = ["title", "host", "kind", "date_label", "has_recording", "status"]
    list_filter = [
        "status",
        "kind",
        ("outlet", admin.RelatedOnlyFieldListFilter),
        WhenFilter,
        RecordingFilter,
        ("countries", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["outlet"]
    search_fields = ["title", "programme", "description", "outlet__name"]
    date_hierarchy = "start_date"
    # Reversion's list (its "recover deleted" link) with a link to the export page.
    change_list_template = "admin/appearances/appearance/change_list.html"
    autocomplete_fields = ["outlet", "countries", "related_articles"]
    inlines = [ParticipantInline]
    actions = [
        exports.export_csv,
        exports.export_xlsx,
        exports.export_json,
        exports.export_ics,
        exports.export_cv,
    ]
    save_on_top = True
    readonly_fields = ["starts_at_display", "created", "updated"]

    class Media:  # the Markdown editor's styles and upload refusals (archive's static)
        css = {"all": ["css/admin.css"]}
        js = ["js/markdown_upload.js"]

    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "status", "outlet", "programme"]}),
        (
            "When, as announced",
            {
                "fields": [
                    "date_precision",
                    "start_date",
                    "start_time",
                    "timezone",
                    "repeated_hour",
                    "date_note",
                    "duration",
                    "starts_at_display",
                ]
            },
        ),
        ("Where", {"fields": ["attendance", "location", "event_url", "language"]}),
        (
            "Your part",
            {
                "fields": [
                    "author_role",
                    "recording_url",
                    "recording_unlocated",
                    "recording_offset",
                ]
            },
        ),
        ("About", {"fields": ["description", "related_articles", "countries", "themes"]}),
        ("Record", {"fields": ["not_a_duplicate", "created", "updated"]}),
    ]

    @admin.display(description="host", ordering="outlet__name")
    def host(self, obj):
        return obj.outlet.display_name

    @admin.display(description="date", ordering="sort_at")
    def date_label(self, obj):
        return obj.date_label

    @admin.display(description="recording", boolean=True)
    def has_recording(self, obj):
        return bool(obj.recording_url)

    @admin.display(description="in UTC")
    def starts_at_display(self, obj):
        return obj.utc_label or "—"

    def has_export_permission(self, request):
        return request.user.has_perm("appearances.export_appearance")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        field = Appearance._meta.get_field("themes")
        form.base_fields["themes"].widget = RelatedFieldWidgetWrapper(
            AutocompleteSelectMultiple(field, self.admin_site),
            field.remote_field,
            self.admin_site,
            can_add_related=request.user.has_perm("archive.add_theme"),
        )
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:  # the duplicate question is only asked of new appearances
            fieldsets = [
                (name, {**opts, "fields": [f for f in opts["fields"] if f != "not_a_duplicate"]})
                for name, opts in fieldsets
            ]
        return fieldsets

    def save_form(self, request, form, change):
        if getattr(form, "merge_target", None) is None:
            return super().save_form(request, form, change)
        target = form.merge_target
        target._merge_report = form.merge_into_target()
        return target  # saved in place of a new record, by save_model

    def save_related(self, request, form, formsets, change):
        target = getattr(form, "merge_target", None)
        if target is None:
            super().save_related(request, form, formsets, change)
            form.instance.themes.set(form.cleaned_data["themes"])
            return
        # Added to what the existing record has; nothing of it is removed.
        target.countries.add(*form.cleaned_data.get("countries", []))
        target.related_articles.add(*form.cleaned_data.get("related_articles", []))
        target.themes.add(*form.cleaned_data.get("themes", []))
        order = target.participations.count()
        for formset in formsets:
            for row in formset.forms:
                data = getattr(row, "cleaned_data", None) or {}
                if data.get("person") and not data.get("DELETE"):
                    _, created = Participation.objects.get_or_create(
                        appearance=target,
                        person=data["person"],
                        defaults={"role": data["role"], "order": order},
                    )
                    order += created

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(form, "merge_target", None) is not None:
            return []  # log_addition() writes what the merge did
        return super().construct_change_message(request, form, formsets, add)

    def log_addition(self, request, obj, message):
        if getattr(obj, "_merge_report", None) is None:
            return super().log_addition(request, obj, message)
        filled, _ = obj._merge_report
        return self.log_change(
            request,
            obj,
            f"Added what was typed as a new entry: {', '.join(filled) or 'nothing new'}.",
        )

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(obj, "_merge_report", None) is None:
            return super().response_add(request, obj, post_url_continue)
        filled, kept = obj._merge_report
        text = f"What you typed was added to “{obj}”"
        text += f": {', '.join(filled)} filled in." if filled else "; its fields were all set."
        if kept:
            text += f" It already had {', '.join(kept)}, kept as they were: check them."
        self.message_user(request, text, messages.WARNING if kept else messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:appearances_appearance_change", args=[obj.pk]))


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    """What the imported intros say, for the author to accept or dismiss: nothing becomes
    an outlet, an address, a co-author or an appearance until she does."""

    list_display = [
        "sentence_start",
        "kind",
        "outlet_name",
        "programme",
        "appearance_kind",
        "date",
        "date_said",
        "article",
        "status",
    ]
    list_filter = ["status", "kind", "appearance_kind"]
    search_fields = ["sentence", "outlet_name", "programme", "person_name", "article__title"]
    list_select_related = ["article", "appearance"]
    readonly_fields = ["article", "sentence", "appearance", "status", "created"]
    actions = ["accept_selected", "dismiss_selected"]

    @admin.display(description="said in the intro")
    def sentence_start(self, obj):
        return obj.sentence if len(obj.sentence) < 120 else obj.sentence[:117] + "…"

    @admin.action(description="Accept: create or link the records", permissions=["change"])
    def accept_selected(self, request, queryset):
        for suggestion in queryset.filter(status=Suggestion.State.PENDING):
            self.message_user(request, suggestions.accept(suggestion))

    @admin.action(description="Dismiss", permissions=["change"])
    def dismiss_selected(self, request, queryset):
        n = 0
        for suggestion in queryset.filter(status=Suggestion.State.PENDING):
            suggestions.dismiss(suggestion)
            n += 1
        self.message_user(request, f"{n} suggestions dismissed; nothing was created.")
