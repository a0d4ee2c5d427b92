"""Home, the article list with its facets, and the article page.

Everything shown to the public comes through `Article.objects.published()`; staff who may
view articles also see drafts, marked as a preview and never cached."""

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from .. import timeline
from ..cache import keep_out_of_page_cache, per_generation, reads_query
from ..counts import ranked_subjects
from ..filters import ArticleFilter, article_facets, unfiltered_facets
from ..models import Article, ArticleAuthor, AuthorProfile, Country, Outlet, Theme
from .common import (
    FACET_ROWS,
    FriendlyPaginationMixin,
    GoneWhenTrashedMixin,
    KnownCountPaginator,
    PreviewNeverCachedMixin,
    can_preview,
    facet_group,
    query_url,
)

FACET_MORE = {
    "country": ("archive:country_list", "All countries"),
    "theme": ("archive:theme_list", "All themes"),
    "outlet": ("archive:outlet_list", "All outlets"),
}


@reads_query()
class HomeView(TemplateView):
    template_name = "archive/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            latest=Article.objects.published().for_listing()[:8],
            countries=ranked_subjects(Country.objects.all(), "country", 12),
            outlets=ranked_subjects(Outlet.objects.all(), "outlet", 12),
            themes=ranked_subjects(Theme.objects.all(), "theme", 16),
            home_panels=timeline.home_panels(self.request),
            # Who this is, for a first-time visitor: from the author's profile, if written.
            # Kept per content generation, so a cold home page stays within its query budget.
            profile=per_generation("archive:profile", AuthorProfile.current),
            **kwargs,
        )


@reads_query("page", *ArticleFilter.base_filters)
class ArticleListView(FriendlyPaginationMixin, FilterView):
    filterset_class = ArticleFilter
    template_name = "archive/article_list.html"
    paginator_class = KnownCountPaginator

    def get_queryset(self):
        return Article.objects.published().for_listing()

    def get_paginator(self, queryset, per_page, **kwargs):
        return KnownCountPaginator(queryset, per_page, known_count=self.facets["total"], **kwargs)

    def get(self, request, *args, **kwargs):
        self.filterset = self.get_filterset(self.get_filterset_class())
        if not self.filterset.is_bound or self.filterset.is_valid():
            self.object_list = self.filterset.qs
        else:
            self.object_list = self.filterset.queryset.none()
        cleaned = getattr(self.filterset.form, "cleaned_data", {})
        if self.object_list.query.is_empty():
            self.facets = article_facets(self.filterset)
        elif any(v not in (None, "") for v in cleaned.values()):
            # Counting a filtered selection reads all of it: once per content generation
            # and combination of filters, so its page 2, 3... reuse the figures.
            chosen = urlencode(sorted((k, v) for k, v in request.GET.items() if k in cleaned))
            digest = hashlib.md5(chosen.encode(), usedforsecurity=False).hexdigest()
            self.facets = per_generation(
                f"archive:facets:{digest}", lambda: article_facets(self.filterset)
            )
        else:
            # Unfiltered, the facets are the archive-wide counts, kept per content generation.
            self.facets = unfiltered_facets(limit=FACET_ROWS)
        context = self.get_context_data(filter=self.filterset, object_list=self.object_list)
        response = self.render_to_response(context)
        if self.filterset.is_bound and not self.filterset.is_valid():
            keep_out_of_page_cache(response)  # one per junk value would fill the cache
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request, form = self.request, self.filterset.form
        labels = {name: field.label or name.capitalize() for name, field in form.fields.items()}
        active = {
            name: value
            for name, value in getattr(form, "cleaned_data", {}).items()
            if value not in (None, "")
        }
        kinds = dict(Article.Kind.choices)
        facets = []
        for name, rows in self.facets.items():
            if name == "total":
                continue
            current = getattr(active.get(name), "slug", active.get(name, ""))
            facet = facet_group(request, name, labels[name], rows, current)
            if name in FACET_MORE:
                url_name, facet["more_label"] = FACET_MORE[name]
                facet["more_url"] = reverse(url_name)
            facets.append(facet)
        context["facets"] = facets
        context["total"] = self.facets["total"]
        context["active_filters"] = [
            {
                "label": labels[name],
                "value": kinds.get(value, value) if name == "kind" else value,
                "remove_url": query_url(request, page=None, **{name: None}),
            }
            for name, value in active.items()
        ]
        context["filter_errors"] = [
            {"label": labels.get(name, name), "value": form.data.get(name, ""), "messages": errors}
            for name, errors in (form.errors.items() if self.filterset.is_bound else [])
        ]
        return context


@reads_query()
class ArticleDetailView(GoneWhenTrashedMixin, PreviewNeverCachedMixin, DetailView):
    """An article; staff who may view articles also see drafts and scheduled pieces,
    marked as a preview, kept out of search engines and out of every cache. Nobody sees
    one in the trash: it answers 410 if it was public, 404 if not."""

    template_name = "archive/article_detail.html"

    def get_queryset(self):
        published = Article.objects.published()
        articles = Article.objects.live() if can_preview(self.request.user) else published
        return (
            articles.annotate(is_public=Exists(published.filter(pk=OuterRef("pk"))))
            .select_related("outlet")
            .prefetch_related(
                # Authors with their people in one query rather than two.
                Prefetch("authorships", queryset=ArticleAuthor.objects.select_related("person")),
                "countries",
                "themes",
                "images",
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = not self.object.is_public
        # The appearances app, when installed, relates its rows to the writing they discuss.
        discussed = getattr(self.object, "appearances", None)
        context["discussed_in"] = (
            list(discussed.published().select_related("outlet")) if discussed is not None else []
        )
        context["canonical_url"] = self.request.build_absolute_uri(self.object.get_absolute_url())
        context["comments"] = imported_comments(self.object)
        return context


def imported_comments(article):
    """Readers' comments from the old blog, shown under the article only when the site says
    so (WORDPRESS_SHOW_COMMENTS, off by default) and only those the blog had approved;
    pingbacks and trackbacks are never shown."""
    if not settings.WORDPRESS_SHOW_COMMENTS:
        return []
    return list(article.wordpress_comments.filter(approved=True, kind__in=["", "comment"]))
