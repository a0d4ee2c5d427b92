"""Public pages of the appearances app, its calendar feeds and the staff export views.

Everything shown to the public comes through `Appearance.objects.published()`;
staff may open a draft's page, which is marked as a preview. The export views
are for signed-in staff holding the "Can export appearances" permission; anyone
else is sent to sign in (anonymous) or refused (403), and nothing is served.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Exists, F, OuterRef, Prefetch, Value, When
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView
from django_filters.views import FilterView

from archive.models import Article
from archive.views import ExplainedNotFound, FriendlyPaginationMixin, can_preview, query_url

from .calendar import single_calendar, stream_calendar
from .exports import FORMATS, base_url_of
from .filters import AppearanceFilter, ExportFilter
from .models import Appearance

EXPORT_PERMISSION = "appearances.export_appearance"


def listing_order(queryset, now=None):
    """Upcoming first, soonest first; then past, newest first. Decided at query time, so an
    appearance moves from upcoming to past by itself once its time has gone."""
    upcoming = queryset.upcoming_q(now or timezone.now())
    return queryset.annotate(
        upcoming_now=Case(When(upcoming, then=Value(True)), default=Value(False)),
        upcoming_at=Case(When(upcoming, then=F("sort_at"))),
        past_at=Case(When(upcoming, then=Value(None)), default=F("sort_at")),
    ).order_by(
        F("upcoming_now").desc(),
        F("upcoming_at").asc(nulls_last=True),
        F("past_at").desc(nulls_last=True),
        "-pk",
    )


class AppearanceListView(FriendlyPaginationMixin, FilterView):
    filterset_class = AppearanceFilter
    template_name = "appearances/appearance_list.html"
    context_object_name = "appearances"

    def get_queryset(self):
        return listing_order(Appearance.objects.published()).for_listing()

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


class AppearanceDetailView(DetailView):
    template_name = "appearances/appearance_detail.html"

    def get_queryset(self):
        shown = Appearance.objects
        shown = shown.all() if can_preview(self.request.user) else shown.published()
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

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if not self.object.is_public:
            add_never_cache_headers(response)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        appearance = self.object
        context.update(
            is_preview=not appearance.is_public,
            related_articles=appearance.public_related_articles,
        )
        return context


def calendar_feed(request):
    """The subscribable calendar of every published appearance with a known day."""
    response = StreamingHttpResponse(
        stream_calendar(Appearance.objects.published(), base_url_of(request)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="appearances.ics"'
    return response


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
            raise PermissionDenied("Exporting appearances needs the export permission.")
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
    links = []
    for fmt, label in EXPORT_LABELS.items():
        url = reverse("appearances:export_file", kwargs={"fmt": fmt})
        links.append({"label": label, "fmt": fmt, "url": f"{url}?{query}" if query else url})
    return TemplateResponse(
        request,
        "appearances/export.html",
        {"filter": filterset, "links": links, "valid": filterset.is_valid()},
        status=status,
    )


@export_permission_required
def export_form(request):
    """The staff page: the same filters as the public list, a date range, and the formats."""
    filterset = ExportFilter(request.GET or None, queryset=Appearance.objects.published())
    if request.GET and not filterset.is_valid():
        return export_page(request, filterset, status=400)
    return export_page(request, filterset)


@export_permission_required
def export_file(request, fmt):
    if fmt not in FORMATS:
        raise Http404(f"There is no .{fmt} export.")
    filterset = ExportFilter(request.GET, queryset=Appearance.objects.published())
    if not filterset.is_valid():
        # Back to the form with the message; no file, and no partial data.
        return export_page(request, filterset, status=400)
    date_range = (filterset.form.cleaned_data.get("from"), filterset.form.cleaned_data.get("to"))
    return FORMATS[fmt](None, request, filterset.qs, date_range=date_range)
