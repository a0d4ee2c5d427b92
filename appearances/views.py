"""Public pages of the appearances app, its calendar feeds and the staff export views.

Everything shown to the public comes through `Appearance.objects.published()`;
staff may open a draft's page, which is marked as a preview. The export views
are for signed-in staff holding the "Can export appearances" permission; anyone
else is sent to sign in (anonymous) or refused (403), and nothing is served.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Exists, OuterRef, Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView
from django_filters.views import FilterView

from archive.cache import keep_out_of_page_cache, reads_query
from archive.models import Article
from archive.views import (
    ExplainedNotFound,
    FriendlyPaginationMixin,
    GoneWhenTrashedMixin,
    MissingPermission,
    PreviewNeverCachedMixin,
    can_preview,
    query_url,
)

from .calendar import single_calendar, stream_calendar
from .exports import FORMATS, base_url_of, filtered_filename, filtered_title
from .filters import AppearanceFilter, ExportFilter
from .models import UPCOMING_SORT_SLACK, Appearance, listing_prefetches

EXPORT_PERMISSION = "appearances.export_appearance"


# Past rows nearer the top than this are read with one query and an OFFSET.
DIRECT_DEPTH = 200


class UpcomingThenPast:
    """The list's rows in order: upcoming first, soonest first; then past, newest first.
    Decided at request time, so an appearance moves from upcoming to past by itself.

    One query ordering every published row by computed keys sorted them all on each
    request; here each part is read in its own index order. Only rows sorted after
    `floor` can be upcoming (upcoming_q's own bound); the few past ones among them come
    first in the past part, and every older row is past, so a deep page picks its rows'
    keys from the sort_at index alone (no row read to test whether it is upcoming) and
    then reads just those rows: page 500 costs about what page 1 does."""

    ordered = True  # for the paginator's check

    def __init__(self, queryset, now=None):
        now = now or timezone.now()
        self.queryset = queryset
        self.upcoming_q = queryset.upcoming_q(now)
        self.floor = now - UPCOMING_SORT_SLACK
        recent = queryset.filter(sort_at__gte=self.floor)
        self.upcoming_rows = recent.filter(self.upcoming_q).order_by("sort_at", "-pk")
        self.past = queryset.exclude(self.upcoming_q).order_by("-sort_at", "-pk")
        self.older = queryset.filter(sort_at__lt=self.floor).order_by("-sort_at", "-pk")

    @cached_property
    def counts(self):
        recent = self.queryset.filter(sort_at__gte=self.floor).aggregate(
            upcoming=Count("pk", filter=self.upcoming_q), all=Count("pk")
        )
        return {
            "total": self.queryset.count(),
            "upcoming": recent["upcoming"],
            "recent_past": recent["all"] - recent["upcoming"],
        }

    def count(self):
        return self.counts["total"]

    def __len__(self):
        return self.count()

    def _window(self, rows, start, stop, upcoming_now):
        found = list(rows[start:stop]) if stop > start else []
        for row in found:
            row.upcoming_now = upcoming_now
        return found

    def __getitem__(self, window):
        start, stop = window.start or 0, window.stop
        upcoming, recent_past = self.counts["upcoming"], self.counts["recent_past"]
        rows = self._window(self.upcoming_rows, start, min(stop, upcoming), True)
        start, stop = max(start - upcoming, 0), max(stop - upcoming, 0)
        if start < recent_past + DIRECT_DEPTH:
            # Near the top: one query, which stops soon after the window.
            rows += self._window(self.past, start, stop, False)
        else:
            # Deep in the older rows: their keys from the sort_at index alone, then
            # just those rows (the OFFSET no longer reads a row per row skipped).
            keys = list(
                self.older.values_list("pk", flat=True)[start - recent_past : stop - recent_past]
            )
            by_key = self.older.in_bulk(keys)
            older = [by_key[key] for key in keys if key in by_key]
            for row in older:
                row.upcoming_now = False
            rows += older
        # One prefetch for the page, whichever parts it came from.
        prefetch_related_objects(rows, *listing_prefetches())
        return rows


@reads_query("page", *AppearanceFilter.base_filters)
class AppearanceListView(FriendlyPaginationMixin, FilterView):
    filterset_class = AppearanceFilter
    template_name = "appearances/appearance_list.html"
    context_object_name = "appearances"

    def get_queryset(self):
        # for_listing() without its prefetch: UpcomingThenPast prefetches once a page.
        return Appearance.objects.published().select_related("outlet")

    def paginate_queryset(self, queryset, page_size):
        return super().paginate_queryset(UpcomingThenPast(queryset), page_size)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.is_valid():
            keep_out_of_page_cache(response)  # one per junk value would fill the cache
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filterset.form
        context["active_filters"] = [
            {
                "label": form.fields[name].label,
                "value": value,
                "remove_url": query_url(self.request, page=None, **{name: None}),
            }
            for name, value in getattr(form, "cleaned_data", {}).items()
            if value not in (None, "")
        ]
        return context


@reads_query()
class AppearanceDetailView(GoneWhenTrashedMixin, PreviewNeverCachedMixin, DetailView):
    template_name = "appearances/appearance_detail.html"

    def get_queryset(self):
        shown = Appearance.objects
        shown = shown.live() if can_preview(self.request.user) else shown.published()
        # `is_public` by the publish rule itself: a draft in staff preview is described to
        # no crawler or link preview (archive.metadata).
        published = Appearance.objects.published()
        return (
            shown.with_subjects()
            .annotate(is_public=Exists(published.filter(pk=OuterRef("pk"))))
            .prefetch_related(
                Prefetch(
                    "related_articles",
                    queryset=Article.objects.published().select_related("outlet"),
                    to_attr="public_related_articles",
                )
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        appearance = self.object
        context.update(
            is_preview=not appearance.is_public,
            related_articles=appearance.public_related_articles,
        )
        return context


@reads_query()
def calendar_feed(request):
    """The subscribable calendar of every published appearance with a known day.

    Calendar apps poll it every few hours: it is built whole (a few MB at 20,000
    appearances) so the page cache can keep it; streamed, every poll cost a build
    (450 ms at the large scale), and under load those polls starved every other page."""
    response = HttpResponse(
        b"".join(stream_calendar(Appearance.objects.published(), base_url_of(request))),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="appearances.ics"'
    return response


@reads_query()
def appearance_calendar(request, slug):
    """One appearance as an .ics file, for "add to calendar"."""
    appearance = get_object_or_404(
        Appearance.objects.published().select_related("outlet"), slug=slug
    )
    if appearance.date_precision == Appearance.Precision.MONTH:
        raise ExplainedNotFound(
            "Only the month of this appearance is known, so it cannot go in a calendar."
        )
    response = HttpResponse(
        single_calendar(appearance, base_url_of(request)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{appearance.slug}.ics"'
    return response


def export_permission_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (request.user.is_staff and request.user.has_perm(EXPORT_PERMISSION)):
            raise MissingPermission("Exporting appearances", EXPORT_PERMISSION)
        return view(request, *args, **kwargs)

    return wrapped


EXPORT_LABELS = {
    "csv": "CSV",
    "xlsx": "Excel (XLSX)",
    "json": "JSON",
    "ics": "Calendar (.ics)",
    "md": "CV list (Markdown)",
}


def export_page(request, filterset, status=200):
    query = request.GET.urlencode()
    valid = filterset.is_valid() or not filterset.is_bound
    cleaned = filterset.form.cleaned_data if filterset.is_bound and valid else {}
    links = []
    for fmt, label in EXPORT_LABELS.items():
        url = reverse("appearances:export_file", kwargs={"fmt": fmt})
        links.append(
            {
                "label": label,
                "fmt": fmt,
                "url": f"{url}?{query}" if query else url,
                "name": filtered_filename(cleaned, fmt),
            }
        )
    context = {"filter": filterset, "links": links, "valid": valid}
    if valid:
        # What the files will hold, counted before anyone downloads: two COUNTs on the
        # (status, deleted_at, start_date) index.
        matching = filterset.qs
        context["count"] = matching.count()
        context["month_only"] = matching.filter(date_precision=Appearance.Precision.MONTH).count()
        context["default_minutes"] = int(
            settings.APPEARANCE_DEFAULT_DURATION.total_seconds() // 60
        )
    return TemplateResponse(request, "appearances/export.html", context, status=status)


@never_cache  # staff data: no browser or proxy keeps a copy
@export_permission_required
def export_form(request):
    """The staff page: the same filters as the public list, a date range, and the formats."""
    filterset = ExportFilter(request.GET or None, queryset=Appearance.objects.published())
    if request.GET and not filterset.is_valid():
        return export_page(request, filterset, status=400)
    return export_page(request, filterset)


@never_cache
@export_permission_required
def export_file(request, fmt):
    if fmt not in FORMATS:
        raise Http404(f"There is no .{fmt} export.")
    filterset = ExportFilter(request.GET, queryset=Appearance.objects.published())
    if not filterset.is_valid():
        # Back to the form with the message; no file, and no partial data.
        return export_page(request, filterset, status=400)
    cleaned = filterset.form.cleaned_data
    named = {"title": filtered_title(cleaned)} if fmt == "md" else {}
    return FORMATS[fmt](None, request, filterset.qs, name=filtered_filename(cleaned, fmt), **named)
