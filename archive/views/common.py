"""What every public page of the archive shares: explained 404s, pagination, query strings,
and who may preview unpublished work."""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils.cache import add_never_cache_headers

from ..cache import reads_query
from ..params import plain_number

PAGE_SIZE = 20


class ExplainedNotFound(Http404):
    """A 404 whose message is written for the visitor and shown on the page."""


@reads_query()
def favicon(request):
    """Browsers ask for /favicon.ico on pages (like the admin's) that name no icon."""
    # Temporary: the hashed name changes with every collectstatic.
    return redirect(static("favicon.svg"))


def gone(request):
    """410 Gone: the page was public, and its record is now in the trash."""
    return TemplateResponse(request, "410.html", status=410)


class GoneWhenTrashedMixin:
    """For a detail view by slug: a record that was public and is now in the trash answers
    410 Gone, so search engines drop it; anything else missing stays a 404."""

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            slug = self.kwargs.get(self.slug_url_kwarg)
            model = self.get_queryset().model
            if slug and model._default_manager.gone().filter(slug=slug).exists():
                return gone(request)
            raise


def page_not_found(request, exception):
    """The site's 404: explains what was wrong when the view said so."""
    message = str(exception) if isinstance(exception, ExplainedNotFound) else ""
    return TemplateResponse(request, "404.html", {"message": message}, status=404)


class KnownCountPaginator(Paginator):
    """A paginator told the total in advance, when the page already computed it.

    A page's rows are fetched by primary key from a subquery that reads only
    the ordering index: a deep page then skips index entries, not whole rows
    with their Markdown bodies, and costs about what page 1 does."""

    def __init__(self, *args, known_count=None, **kwargs):
        super().__init__(*args, **kwargs)
        if known_count is not None:
            self.__dict__["count"] = known_count

    def _get_page(self, object_list, number, paginator):
        if hasattr(object_list, "query") and object_list.query.is_sliced:
            query = object_list.query
            window = self.object_list.values("pk")[query.low_mark : query.high_mark]
            object_list = self.object_list.filter(pk__in=window)
        return super()._get_page(object_list, number, paginator)


class FriendlyPaginationMixin:
    """Turns an impossible `?page=` into a 404 that says what went wrong."""

    paginate_by = PAGE_SIZE

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        raw = self.request.GET.get("page") or "1"
        number = plain_number(raw, 1, 10**9)
        if number is None:
            raise ExplainedNotFound(
                "The page number in the address is not a number: pages are numbered 1, 2, 3…"
            )
        try:
            page = paginator.page(number)
        except InvalidPage:
            raise ExplainedNotFound(
                f"There is no page {number}: this list has {paginator.num_pages} "
                f"page{'s' if paginator.num_pages != 1 else ''}."
            ) from None
        return paginator, page, page.object_list, page.has_other_pages()


def query_url(request, **changes):
    """The current address's query string with `changes` applied (None removes a key)."""
    query = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return f"?{query.urlencode()}" if query else "?"


# Facet groups show their most frequent entries (and the chosen one): hundreds of themes
# would be a sidebar nobody reads, and most of the page's rendering time.
FACET_ROWS = 12


def facet_group(request, name, label, rows, current, limit=FACET_ROWS):
    """A sidebar group for includes/facets.html: at most `limit` rows (None: all) plus the
    chosen one, each with its address (choosing it, or dropping it when chosen)."""
    current = "" if current is None else str(current)
    if limit is not None:
        rows = [row for i, row in enumerate(rows) if i < limit or str(row["value"]) == current]
    for row in rows:
        row["selected"] = str(row["value"]) == current
        row["url"] = query_url(
            request, page=None, **{name: None if row["selected"] else row["value"]}
        )
    # A group holding the choice stays open wherever it sits.
    return {"name": name, "label": label, "rows": rows, "selected": bool(current)}


class PreviewNeverCachedMixin:
    """For a detail view whose object staff may preview before it is public (`is_public`):
    the preview is never kept by a browser or a cache."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if not self.object.is_public:
            add_never_cache_headers(response)
        return response


def can_preview(user):
    return user.is_staff and user.has_perm("archive.view_article")
