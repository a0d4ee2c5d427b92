"""How many published articles each country, theme, outlet, person, kind and year has.

Home, the browse lists, the unfiltered article list and every browse page's
paginator need these figures. Counting them means reading every published
article, so they are computed in one query (six grouped selects, UNION ALL) once per
content generation (`archive.cache.per_generation`): an edit, or a scheduled
article's publication, recomputes them; nothing else does.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce, ExtractYear

from . import timeline
from .cache import per_generation
from .models import Article, ArticleAuthor, ThemedItem


def _grouped(dimension, queryset, field):
    """(dimension, key as text, count) rows of `queryset` grouped by `field`."""
    return (
        queryset.order_by()
        .annotate(dimension=Value(dimension), key=Cast(field, CharField()))
        .values_list("dimension", "key")
        .annotate(n=Count("*"))
        .order_by()
    )


def _compute():
    published = Article.objects.published().order_by()
    ids = published.values("pk")
    article_type = ContentType.objects.get_for_model(Article)
    parts = [
        _grouped("kind", published, "kind"),
        _grouped("year", published.annotate(year=ExtractYear("published_on")), "year"),
        _grouped("outlet", published, "outlet_id"),
        _grouped(
            "country", Article.countries.through.objects.filter(article__in=ids), "country_id"
        ),
        _grouped(
            "theme",
            ThemedItem.objects.filter(content_type=article_type, object_id__in=ids),
            "tag_id",
        ),
        _grouped("person", ArticleAuthor.objects.filter(article__in=ids), "person_id"),
    ]
    # One query for all six: a cold page must stay within the query budget too.
    counts = {"kind": {}, "year": {}, "outlet": {}, "country": {}, "theme": {}, "person": {}}
    for dimension, key, n in parts[0].union(*parts[1:], all=True).order_by():
        counts[dimension][key if dimension == "kind" else int(key)] = n
    counts["total"] = sum(counts["kind"].values())
    return counts


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


def published_count(queryset, field):
    """A subquery counting the rows of `queryset` that point at the outer row through `field`:
    for pages that need counts with other annotations (the sitemap's last-modified dates, the
    about page's regions), where `published_counts()` alone would not do."""
    counted = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), Value(0))


def subject_counts():
    """{"country"/"outlet"/"theme"/"person": {pk: {"article": n, "appearance": m, ...}}}:
    the published rows of every timeline source about each entry (`archive.timeline`).
    Home, the browse lists, each browse page and the sitemap all read their figures here,
    so they agree."""
    return per_generation("archive:subject-counts", timeline.subject_counts)


def subject_total(dimension, pk):
    """Everything published about one entry: the length of its page's timeline."""
    return sum(subject_counts()[dimension].get(pk, {}).values())


def ranked_subjects(queryset, dimension, limit=None):
    """Rows of `queryset` with anything published about them, most first, each with `.n`
    (everything), `.n_articles` and `.n_appearances`."""
    by_source = subject_counts()[dimension]
    rows = ranked(queryset, {pk: sum(n.values()) for pk, n in by_source.items()}, limit)
    for row in rows:
        row.n_articles = by_source[row.pk].get("article", 0)
        row.n_appearances = by_source[row.pk].get("appearance", 0)
    return rows
