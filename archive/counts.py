"""How many published articles each country, theme, outlet, person, kind and year has.

Home, the browse lists, the unfiltered article list and every browse page's
paginator need these figures. Counting them means reading every published
article, so they are computed in one pass of six grouped queries once per
content generation (`archive.cache.per_generation`): an edit, or a scheduled
article's publication, recomputes them; nothing else does.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.db.models.functions import ExtractYear

from .cache import per_generation
from .models import Article, ArticleAuthor, ThemedItem


def _grouped(queryset, field):
    return dict(queryset.order_by().values_list(field).annotate(n=Count("*")).order_by())


def _compute():
    published = Article.objects.published().order_by()
    ids = published.values("pk")
    kinds = _grouped(published, "kind")
    return {
        "total": sum(kinds.values()),
        "kind": kinds,
        "year": _grouped(published.annotate(year=ExtractYear("published_at")), "year"),
        "outlet": _grouped(published, "outlet_id"),
        "country": _grouped(
            Article.countries.through.objects.filter(article__in=ids), "country_id"
        ),
        "theme": _grouped(
            ThemedItem.objects.filter(
                content_type=ContentType.objects.get_for_model(Article), object_id__in=ids
            ),
            "tag_id",
        ),
        "person": _grouped(ArticleAuthor.objects.filter(article__in=ids), "person_id"),
    }


def published_counts():
    """{"total": n, "kind": {kind: n}, "year": {year: n}, "outlet"/"country"/"theme"/"person":
    {pk: n}}, only entries with at least one published article."""
    return per_generation("archive:published-counts", _compute)


def ranked(queryset, counts, limit=None):
    """Rows of `queryset` that have published articles, each with `.n`, most first."""
    ids = list(counts)
    if limit and len(ids) > limit:
        # Only the rows that can make the cut: ties at the limit are settled by name.
        threshold = sorted(counts.values(), reverse=True)[limit - 1]
        ids = [pk for pk, n in counts.items() if n >= threshold]
    rows = list(queryset.filter(pk__in=ids))
    for row in rows:
        row.n = counts[row.pk]
    rows.sort(key=lambda row: (-row.n, str(row).lower()))
    return rows[:limit] if limit else rows
