"""The author's workspace: articles with live Markdown preview, and the shared vocabulary."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple, RelatedFieldWidgetWrapper
from django.db.models import Case, Q, Value, When
from django.db.models.functions import ExtractYear
from django.urls import path
from django.utils import timezone
from django.utils.translation import ngettext
from markdownx.admin import MarkdownxModelAdmin
from taggit.models import Tag

from . import history
from .admin_dates import outlet_zone_view
from .admin_forms import ArticleAdminForm
from .admin_history import HistoryAdmin
from .admin_trash import TrashAdmin
from .cache import content_changed
from .models import (
    Article,
    ArticleAuthor,
    ArticleImage,
    AuthorProfile,
    Country,
    Outlet,
    Person,
    Status,
    Theme,
)
from .wordpress.terms import COUNTRY_ALIASES, fold_name

admin.site.site_header = f"{settings.SITE_TITLE}: archive"
admin.site.site_title = f"{settings.SITE_TITLE} archive"
admin.site.index_title = "Your workspace"
# Themes replace taggit's generic tags; an empty "Tags" section would only confuse.
admin.site.unregister(Tag)


class InUseMixin:
    """Refuse, with the admin's own 'protected objects' message, to delete vocabulary in use.

    Content links to countries and themes many-to-many, which the database would
    silently unlink; the model's `in_use_by()` lists that content from every app.
    """

    def get_deleted_objects(self, objs, request):
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        for obj in objs:
            protected.extend(
                f"{type(item)._meta.verbose_name.capitalize()}: {item} (uses {obj})"
                for item in obj.in_use_by()
            )
        return to_delete, model_count, perms_needed, protected


@admin.register(Country)
class CountryAdmin(InUseMixin, admin.ModelAdmin):
    list_display = ["name", "code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "code"]
    readonly_fields = ["name"]

    def get_search_results(self, request, queryset, search_term):
        """Countries as people type them, best first: the exact name, code or alias ("UK",
        "USA", "Britain", "Chinese"), then names starting with the text, then the rest."""
        term = search_term.strip()
        if not term:
            return queryset, False
        folded = fold_name(term)
        exact = {code for name, code in COUNTRY_ALIASES.items() if name == folded}
        begun = {
            code
            for name, code in COUNTRY_ALIASES.items()
            if len(folded) >= 3 and name.startswith(folded)
        }
        exact_match = Q(name__iexact=term) | Q(code__iexact=term) | Q(code__in=exact)
        found = queryset.filter(exact_match | Q(name__icontains=term) | Q(code__in=begun))
        ranked = found.annotate(
            rank=Case(
                When(exact_match, then=Value(0)),
                When(name__istartswith=term, then=Value(1)),
                When(code__in=begun, then=Value(2)),
                default=Value(3),
            )
        )
        return ranked.order_by("rank", "name"), False


@admin.register(Theme)
class ThemeAdmin(InUseMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "country", "timezone"]
    list_filter = ["kind", ("country", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["country"]
    readonly_fields = ["slug"]

    def get_urls(self):
        # Ahead of the admin's own, whose "<object_id>/" would take "zone/" for an id.
        zone = self.admin_site.admin_view(lambda request: outlet_zone_view(self, request))
        return [path("zone/", zone, name="archive_outlet_zone"), *super().get_urls()]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "affiliation", "has_page"]
    list_filter = ["own_page"]
    search_fields = ["name", "affiliation"]

    @admin.display(boolean=True, description="page")
    def has_page(self, person):
        return person.has_page

    readonly_fields = ["slug"]


class AuthorInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "order"]
    verbose_name = "author"
    verbose_name_plural = "authors, in byline order"


class ImageInline(admin.StackedInline):
    model = ArticleImage
    extra = 0
    fields = ["image", "alt_text", "caption", "credit", "order"]


class YearFilter(admin.SimpleListFilter):
    title = "year"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = (
            model_admin.get_queryset(request)
            .annotate(y=ExtractYear("published_on"))
            .values_list("y", flat=True)
            .distinct()
            .order_by("-y")
        )
        return [(str(y), str(y)) for y in years]

    def queryset(self, request, queryset):
        try:
            year = int(self.value() or "")
        except ValueError:
            return queryset
        if 1900 <= year <= 2100:
            return queryset.filter(published_on__year=year)
        return queryset.none()


@admin.register(Article)
class ArticleAdmin(TrashAdmin, HistoryAdmin, MarkdownxModelAdmin):
    form = ArticleAdminForm
    list_display = ["title", "outlet", "kind", "publication", "status"]
    list_filter = [
        "status",
        "kind",
        ("outlet", admin.RelatedOnlyFieldListFilter),
        ("countries", admin.RelatedOnlyFieldListFilter),
        ("themes", admin.RelatedOnlyFieldListFilter),
        YearFilter,
    ]
    list_select_related = ["outlet"]
    search_fields = ["title", "standfirst", "alt_title", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["outlet", "countries"]
    inlines = [AuthorInline, ImageInline]
    actions = ["publish", "unpublish"]
    save_on_top = True
    readonly_fields = ["created", "updated"]

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["js/markdown_upload.js"]

    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "kind", "status"]}),
        (
            "First published",
            {
                "fields": [
                    "outlet",
                    "published_at",
                    "date_precision",
                    "timezone",
                    "original_url",
                    "alt_title",
                    "byline_affiliation",
                    "full_text",
                ]
            },
        ),
        ("Text", {"fields": ["introduction", "body"]}),
        ("Browsing", {"fields": ["countries", "themes"]}),
        ("Record", {"fields": ["created", "updated"], "classes": ["collapse"]}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "themes":
            # Autocomplete rather than taggit's comma-separated text box.
            return forms.ModelMultipleChoiceField(
                queryset=Theme.objects.all(),
                required=False,
                help_text="Start typing to find a theme; use + to add a new one.",
                widget=RelatedFieldWidgetWrapper(
                    AutocompleteSelectMultiple(db_field, self.admin_site),
                    db_field.remote_field,
                    self.admin_site,
                    can_add_related=request.user.has_perm("archive.add_theme"),
                ),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="published", ordering="published_at")
    def publication(self, obj):
        return obj.date_label

    @admin.action(description="Publish the selected articles", permissions=["change"])
    def publish(self, request, queryset):
        to_publish = queryset.exclude(status=Status.PUBLISHED)
        scheduled = to_publish.filter(published_at__gt=timezone.now()).count()
        pks = list(to_publish.values_list("pk", flat=True))
        count = Article.objects.filter(pk__in=pks).update(
            status=Status.PUBLISHED, updated=timezone.now()
        )
        content_changed()  # update() sends no signals
        history.record(Article.objects.filter(pk__in=pks), "Published (with the list's action).")
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", count) % count,
            messages.SUCCESS,
        )
        if scheduled:
            self.message_user(
                request,
                ngettext(
                    "%d of them is dated in the future and stays hidden until then.",
                    "%d of them are dated in the future and stay hidden until then.",
                    scheduled,
                )
                % scheduled,
                messages.WARNING,
            )

    @admin.action(
        description="Unpublish the selected articles (back to draft)", permissions=["change"]
    )
    def unpublish(self, request, queryset):
        pks = list(queryset.filter(status=Status.PUBLISHED).values_list("pk", flat=True))
        count = Article.objects.filter(pk__in=pks).update(
            status=Status.DRAFT, updated=timezone.now()
        )
        content_changed()  # update() sends no signals
        history.record(
            Article.objects.filter(pk__in=pks), "Returned to draft (with the list's action)."
        )
        self.message_user(
            request,
            ngettext("%d article returned to draft.", "%d articles returned to draft.", count)
            % count,
            messages.SUCCESS,
        )


@admin.register(AuthorProfile)
class AuthorProfileAdmin(MarkdownxModelAdmin):
    """The about page. There is one profile: once it exists, 'add' is hidden."""

    list_display = ["__str__", "job_title", "updated"]

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["js/markdown_upload.js"]

    autocomplete_fields = ["person"]
    readonly_fields = ["updated"]
    fieldsets = [
        (None, {"fields": ["person", "job_title", "short_bio", "biography"]}),
        ("Affiliations and contact", {"fields": ["affiliations", "email", "contact_url"]}),
        ("Picture and profiles", {"fields": ["photo", "photo_alt", "same_as"]}),
        ("Record", {"fields": ["updated"], "classes": ["collapse"]}),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not AuthorProfile.objects.exists()


# The WordPress import page and the records imports leave.
from .wordpress import admin as _wordpress_admin  # noqa: E402, F401
