"""The author's notes workspace: sources, and notes inline on the article's own page.

The archive's ArticleAdmin knows nothing of notes; this module swaps in a
subclass that adds them (inline rows, a paste-a-whole-endnote-block page, the
checks), so `archive` never imports `citations`.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from archive.admin import ArticleAdmin, ArticleAdminForm
from archive.admin_history import HistoryAdmin
from archive.models import Article

from . import checks
from .exports import export_bibtex, export_csl_json, export_ris
from .importing import save_definitions
from .models import Citation, Footnote, Source
from .parsing import split_definitions
from .paste import paste_notes


class CitationInline(admin.TabularInline):
    model = Citation
    extra = 0
    fields = ["footnote", "order", "locator"]
    readonly_fields = ["footnote"]
    can_delete = False
    verbose_name_plural = "cited in"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    list_display = ["title", "kind", "publisher", "domain", "published_on", "language"]
    list_filter = ["kind", "language", "domain"]
    search_fields = ["title", "translated_title", "authors", "publisher", "domain", "url", "doi"]
    date_hierarchy = "published_on"
    inlines = [CitationInline]
    actions = [export_csl_json, export_bibtex, export_ris]
    fieldsets = [
        (None, {"fields": ["kind", "authors", "title", "translated_title", "language"]}),
        (
            "Where and when",
            {
                "fields": [
                    "publisher",
                    "place",
                    ("series", "volume", "issue", "pages"),
                    ("published_on", "date_precision"),
                    "domain",
                    "url",
                    "doi",
                ]
            },
        ),
        ("Keeping it findable", {"fields": ["accessed_on", "archive_url"]}),
    ]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})}}


class SourcePicker(AutocompleteSelectMultiple):
    """The autocomplete box, showing a note's sources from rows already fetched.

    The stock widget looks its selection up again, one query per note: 63
    on the paper's page. It also lists them in the sources' own order; here
    they stay in the order the note cites them.
    """

    known = None  # {str(pk): Source}, set per form

    def optgroups(self, name, value, attr=None):
        chosen = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if self.known is None or not set(chosen) <= set(self.known):
            return super().optgroups(name, value, attr)
        options = [
            self.create_option(name, pk, str(self.known[pk]), True, index)
            for index, pk in enumerate(chosen)
        ]
        return [(None, options, 0)]


class FootnoteForm(forms.ModelForm):
    cited = forms.ModelMultipleChoiceField(
        queryset=Source.objects.all(),
        required=False,
        label="sources",
        help_text="In the order the note cites them.",
    )

    class Meta:
        model = Footnote
        fields = ["order", "label", "text", "cited", "problems"]
        widgets = {
            "order": forms.NumberInput(attrs={"class": "vIntegerField"}),
            "label": forms.TextInput(attrs={"size": 12}),
            "text": forms.Textarea(attrs={"rows": 3, "cols": 44}),
            "problems": forms.Textarea(attrs={"rows": 3, "cols": 24, "class": "note-problems"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            citations = self.instance.citations.all()
            self.initial["cited"] = [c.source_id for c in citations]
            widget = self.fields["cited"].widget
            if isinstance(widget, SourcePicker):
                widget.known = {str(c.source_id): c.source for c in citations}

    def ordered_sources(self):
        """The chosen sources in the order the author put them (the queryset forgets it)."""
        raw = [str(v) for v in self.data.getlist(self.add_prefix("cited"))]
        chosen = list(self.cleaned_data.get("cited") or [])
        return sorted(chosen, key=lambda s: raw.index(str(s.pk)) if str(s.pk) in raw else 0)

    def save(self, commit=True):
        footnote = super().save(commit)
        if commit:
            self.save_sources()
        else:
            save_m2m = self.save_m2m

            def save_all():
                save_m2m()
                self.save_sources()

            self.save_m2m = save_all
        return footnote

    def save_sources(self):
        if "cited" not in self.changed_data:
            return
        self.instance.citations.all().delete()
        Citation.objects.bulk_create(
            Citation(footnote=self.instance, source=source, order=i)
            for i, source in enumerate(self.ordered_sources())
        )


class FootnoteFormSet(forms.BaseInlineFormSet):
    def clean(self):
        """A label the text calls must be answered by a note: the one check that stops a save."""
        super().clean()
        keys = {label for label, _ in getattr(self.instance, "_body_definitions", [])}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            keys.add(data.get("label") or str(data.get("order")))
        missing = checks.undefined_calls(self.instance.body or "", keys)
        if missing:
            raise ValidationError(
                "The text calls %(calls)s, but no note has that number or label. Add the note "
                "below, or type it at the end of the text as [^label]: the note.",
                params={"calls": ", ".join(f"[^{label}]" for label in missing)},
            )


class FootnoteInline(admin.TabularInline):
    model = Footnote
    form = FootnoteForm
    formset = FootnoteFormSet
    extra = 0
    verbose_name = "note"
    verbose_name_plural = "notes, in order"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                models.Prefetch("citations", queryset=Citation.objects.select_related("source"))
            )
        )

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.base_fields["cited"].widget = SourcePicker(
            Footnote._meta.get_field("sources"), self.admin_site
        )
        return formset


class CitedArticleForm(ArticleAdminForm):
    def clean_body(self):
        """Definitions typed at the end of the body leave it and become note rows on save."""
        body, definitions = split_definitions(self.cleaned_data.get("body") or "")
        self.instance._body_definitions = definitions
        return body


admin.site.unregister(Article)


@admin.register(Article)
class CitedArticleAdmin(ArticleAdmin):
    form = CitedArticleForm
    inlines = [*ArticleAdmin.inlines, FootnoteInline]
    readonly_fields = [*ArticleAdmin.readonly_fields, "note_checks"]
    fieldsets = [
        *ArticleAdmin.fieldsets[:3],
        ("Notes", {"fields": ["note_checks"]}),
        *ArticleAdmin.fieldsets[3:],
    ]

    def get_urls(self):
        return [
            path(
                "<int:pk>/paste-notes/",
                self.admin_site.admin_view(self.paste_notes_view),
                name="citations_paste_notes",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="Checks")
    def note_checks(self, obj):
        if obj is None or obj.pk is None:
            return "Save the article first; then notes can be pasted or added below."
        paste = format_html(
            '<a href="{}">Paste a whole endnote block</a>',
            reverse("admin:citations_paste_notes", args=[obj.pk]),
        )
        warnings = checks.note_checks(obj, list(obj.footnotes.with_sources()))
        if not warnings:
            return format_html("{}<p>No problems found in the notes.</p>", paste)
        items = format_html_join("", "<li>{}</li>", ((w,) for w in warnings))
        return format_html('{}<ul class="messagelist">{}</ul>', paste, items)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        definitions = getattr(form.instance, "_body_definitions", [])
        if definitions:
            save_definitions(form.instance, definitions)
            self.message_user(
                request,
                f"{len(definitions)} note(s) typed in the text moved to the notes below.",
                messages.INFO,
            )
        for warning in checks.note_checks(
            form.instance, list(form.instance.footnotes.with_sources())
        ):
            self.message_user(request, warning, messages.WARNING)

    def paste_notes_view(self, request, pk):
        article = get_object_or_404(Article, pk=pk)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return paste_notes(self, request, article)
