"""Site search: a registry of providers, one per searchable model, and the engine over them.

Each app registers a `SearchProvider` from its own `search.py` (found with
`autodiscover_modules("search")` when the archive app is ready), so archive never imports
the others. A provider says what is public (`published()`), which fields weigh A/B/C
(mirrored by its `AddSearchVector` migration), which facets it knows and how a hit looks.

On PostgreSQL the query uses web-search syntax (`"exact phrase"`, `-word`, `or`) through
`websearch_to_tsquery`, matches on the stored weighted vector (GIN-indexed), ranks with
`ts_rank` over the small title-and-standfirst vector (see `search_index.RANK_COLUMN`) and
highlights with `ts_headline`. On SQLite the same syntax is translated to an FTS5
expression, ranked by bm25 with the same weight ratio, highlighted with `snippet()`.
Only the highlight markers become HTML; everything else in a snippet is escaped.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, time

from django.db import connection
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, Concat, Left
from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import search_index
from .filters import ArticleFilter, article_facets
from .models import Article

MAX_QUERY_LENGTH = 200
PAGE_SIZE = 20
# Up to this many matches are passed on as a list of ids (bound parameters: SQLite allows
# 32,766, PostgreSQL 65,535); beyond it, facets repeat the match as a subquery.
MAX_INLINE_IDS = 10_000
SNIPPET_SOURCE_CHARS = 20_000
_START, _STOP = "\x02", "\x03"  # highlight markers: cannot occur in typed text (stripped)
_providers = {}


def register(provider):
    """Register a provider instance (or class) under its `name`; returns it, so usable as a
    class decorator."""
    instance = provider() if isinstance(provider, type) else provider
    _providers[instance.name] = instance
    return provider


def providers():
    return sorted(_providers.values(), key=lambda p: p.order)


class SearchProvider:
    """One searchable model. Subclass, fill in the attributes, register it."""

    name = ""  # the ?type= value
    label = ""  # shown in the Type facet
    model = None
    weights = {}  # {"A": [fields], "B": [...], "C": [...]}: as in the AddSearchVector migration
    snippet_fields = []  # the text ts_headline / snippet() quotes from
    date_field = "published_at"
    template = ""  # renders one hit; gets `hit` (object, snippet, provider) in its context
    dimensions = ()  # the facet names (besides type) this provider understands
    order = 100

    def published(self):
        raise NotImplementedError

    def filter(self, queryset, params):
        """Narrow by the active facet values in `params` (a dict); return (queryset, errors)."""
        return queryset, {}

    def facets(self, queryset, params):
        """Facet rows for the matched rows in `queryset` (not yet narrowed by `params`):
        {"total": rows the active facets list, dimension: [{"value", "label", "count"}]},
        each dimension counted with every active facet applied but its own."""
        return {"total": queryset.count()}

    def for_display(self, queryset):
        return queryset


# -- Query parsing ------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+")
# The common words PostgreSQL's english configuration ignores; SQLite drops them from plain
# (unquoted) terms too, so both return the same results for everyday queries.
_STOP_WORDS_TEXT = (
    "a about above after again against all am an and any are as at be because been "
    "before being below between both but by can did do does doing down during each few "
    "for from further had has have having he her here hers herself him himself his how i "
    "if in into is it its itself just me more most my myself no nor not now of off on "
    "once only other our ours ourselves out over own same she should so some such than "
    "that the their theirs them themselves then there these they this those through to "
    "too under until up very was we were what when where which while who whom why will "
    "with you your yours yourself "
)
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())


@dataclass
class Query:
    """A visitor's query, cleaned; `error` says, for the visitor, why it cannot run."""

    raw: str
    text: str = ""
    error: str = ""
    groups: list = field(default_factory=list)  # AND of OR-groups of terms (tuples of words)
    excluded: list = field(default_factory=list)  # terms after a minus sign

    @property
    def runnable(self):
        return not self.error and bool(self.text)


def parse_query(raw):
    """Clean and check a query; parse the web-search syntax into terms."""
    raw = raw or ""
    text = " ".join(_CONTROL.sub(" ", raw).split())
    query = Query(raw=raw, text=text)
    if not text:
        return query
    if len(text) > MAX_QUERY_LENGTH:
        query.error = (
            f"That search is {len(text)} characters long; please keep it under "
            f"{MAX_QUERY_LENGTH}. A few distinctive words work best."
        )
        return query
    pending_or = False
    for match in _TOKEN.finditer(text):
        phrase, word = match.groups()
        if word is not None and word.lower() == "or":
            pending_or = bool(query.groups)
            continue
        negative = word is not None and word.startswith("-") and len(word) > 1
        words = tuple(_WORD.findall(phrase if phrase is not None else word))
        if word is not None and len(words) == 1 and words[0].lower() in STOP_WORDS:
            words = ()
        if not words:
            continue
        if negative:
            query.excluded.append(words)
        elif pending_or:
            query.groups[-1].append(words)
        else:
            query.groups.append([words])
        pending_or = False
    if not query.groups:
        query.error = (
            "Add at least one word to look for: a search made only of common words, "
            "punctuation or excluded (-word) terms matches nothing."
        )
    return query


def fts5_expression(query):
    """The FTS5 MATCH expression for a parsed query: every term quoted, so nothing the visitor
    types can be read as FTS5 syntax."""

    def term(words):
        return '"' + " ".join(words) + '"'

    groups = [
        "(" + " OR ".join(term(t) for t in group) + ")" if len(group) > 1 else term(group[0])
        for group in query.groups
    ]
    expression = " AND ".join(groups)
    if query.excluded:
        expression = f"({expression}) NOT ({' OR '.join(term(t) for t in query.excluded)})"
    return expression


def highlight(snippet):
    """Escape a snippet, then turn only our highlight markers into <mark>."""
    # The body is Markdown: drop link targets and emphasis marks from the quoted text.
    text = re.sub(r"\[\^[\w-]+\]", "", snippet or "")  # footnote calls: [^12]
    text = re.sub(r"\]\([^)]*\)", "", text)
    text = re.sub(r"(\s*…\s*){2,}", " … ", text)  # between fields left empty
    text = escape(re.sub(r"[*_#\[\]]+", "", text))
    text = re.sub(f"{_START}(.*?){_STOP}", r"<mark>\1</mark>", text, flags=re.S)
    return mark_safe(text.replace(_START, "").replace(_STOP, ""))  # noqa: S308 - escaped above


def sortable(value):
    """Dates and datetimes of different providers, and missing dates, in one order."""
    if value is None:
        return datetime.min.replace(tzinfo=UTC)
    if not isinstance(value, datetime):
        return datetime.combine(value, time(12), tzinfo=UTC)
    return value


# -- Backends -----------------------------------------------------------------------------


def _snippet_source(provider):
    parts = []
    for name in provider.snippet_fields:
        if parts:
            parts.append(Value(" … "))
        parts.append(Coalesce(F(name), Value(""), output_field=TextField()))
    text = Concat(*parts, output_field=TextField()) if len(parts) > 1 else parts[0]
    # ts_headline parses all it is given: quote from the first 20,000 characters, which
    # bounds the cost for a long paper (a match further in still counts, unquoted).
    return Left(text, SNIPPET_SOURCE_CHARS)


class PostgresBackend:
    def _query(self, query):
        from django.contrib.postgres.search import SearchQuery

        return SearchQuery(query.text, search_type="websearch", config=search_index.PG_CONFIG)

    def match(self, provider, queryset, query):
        return queryset.alias(_search=search_index.VectorColumn()).filter(
            _search=self._query(query)
        )

    def ranked(self, provider, matched, query, limit, newest=False):
        from django.contrib.postgres.search import SearchRank

        ranked = matched.annotate(
            _rank=SearchRank(
                search_index.VectorColumn(search_index.RANK_COLUMN), self._query(query)
            )
        )
        by_date = F(provider.date_field).desc(nulls_last=True)
        order = [by_date, "-pk"] if newest else ["-_rank", by_date, "-pk"]
        return list(
            ranked.order_by(*order).values_list("pk", "_rank", provider.date_field)[:limit]
        )

    def snippets(self, provider, pks, query):
        from django.contrib.postgres.search import SearchHeadline

        if not provider.snippet_fields:
            return {}

        rows = (
            provider.model._default_manager.filter(pk__in=pks)
            .annotate(
                _snippet=SearchHeadline(
                    _snippet_source(provider),
                    self._query(query),
                    config=search_index.PG_CONFIG,
                    start_sel=_START,
                    stop_sel=_STOP,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                )
            )
            .values_list("pk", "_snippet")
        )
        return dict(rows)


class SQLiteBackend:
    def _matching(self, provider, query):
        from django.db.models.expressions import RawSQL

        # Table names come from model metadata; the visitor's text is only ever a parameter.
        fts = search_index.fts_table(provider.model)
        return RawSQL(  # noqa: S611
            f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s",  # noqa: S608
            (fts5_expression(query),),
        )

    def match(self, provider, queryset, query):
        return queryset.filter(pk__in=self._matching(provider, query))

    def ranked(self, provider, matched, query, limit, newest=False):
        fts = search_index.fts_table(provider.model)
        weights = ", ".join(
            str(search_index.FTS_WEIGHTS[letter]) for letter in sorted(provider.weights)
        )
        # FTS5 ranks every match in one pass; the published, filtered set comes from the ORM.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, -bm25({fts}, {weights}) FROM {fts} WHERE {fts} MATCH %s",  # noqa: S608
                [fts5_expression(query)],
            )
            rank = dict(cursor.fetchall())
        rows = [
            (pk, rank.get(pk, 0.0), date)
            for pk, date in matched.values_list("pk", provider.date_field)
        ]
        if newest:
            rows.sort(key=lambda row: (sortable(row[2]), row[0]), reverse=True)
        else:
            rows.sort(key=lambda row: (row[1], sortable(row[2]), row[0]), reverse=True)
        return rows[:limit]

    def snippets(self, provider, pks, query):
        if not pks or not provider.snippet_fields:
            return {}
        fts = search_index.fts_table(provider.model)
        letters = sorted(provider.weights)
        # Quote from the body column (the last weight), where the context is.
        column = len(letters) - 1
        placeholders = ", ".join("%s" for _ in pks)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, snippet({fts}, {column}, %s, %s, ' … ', 30) FROM {fts} "  # noqa: S608
                f"WHERE {fts} MATCH %s AND rowid IN ({placeholders})",
                [_START, _STOP, fts5_expression(query), *pks],
            )
            return dict(cursor.fetchall())


def backend():
    return PostgresBackend() if connection.vendor == "postgresql" else SQLiteBackend()


# -- The engine ---------------------------------------------------------------------------


@dataclass
class Hit:
    provider: SearchProvider
    object: object
    rank: float
    snippet: str

    @property
    def template(self):
        return self.provider.template


@dataclass
class Results:
    query: Query
    hits: list = field(default_factory=list)
    total: int = 0
    facets: dict = field(default_factory=dict)  # {dimension: [rows]}, "type" first
    errors: dict = field(default_factory=dict)  # {parameter: message} for bad facet values


def _merge(into, rows):
    for row in rows:
        key = str(row["value"])
        if key in into:
            into[key]["count"] += row["count"]
        else:
            into[key] = dict(row)


def search(raw_query, params=None, offset=0, limit=PAGE_SIZE, newest=False):
    """Run a search over every registered provider: ranked hits for one page, facet counts."""
    params = {k: v for k, v in (params or {}).items() if v not in (None, "")}
    query = parse_query(raw_query)
    results = Results(query=query)
    if not query.runnable:
        return results
    engine = backend()
    wanted_type = params.pop("type", None)
    if wanted_type and wanted_type not in _providers:
        results.errors["type"] = f"There is no type “{wanted_type}”."
        return results
    type_rows, merged, candidates = [], {}, []
    # A facet value one provider cannot read may be another's (a theme only appearances
    # carry, an appearance kind): it is an error only when no provider takes the values.
    refused, accepted = {}, False
    for provider in providers():
        unknown = set(params) - set(provider.dimensions)
        if unknown:
            continue  # this kind of record cannot carry the requested facet value
        queryset, errors = provider.filter(provider.published(), params)
        if errors:
            refused.update(errors)
            continue
        accepted = True
        matched = engine.match(provider, queryset, query)
        # Match once, then count facets over the ids: planners misjudge a full-text match
        # nested in a facet's join (PostgreSQL re-tested it on every themed row, 350 ms).
        # Facets count the matches before the facets' own narrowing (see `facets()`).
        every_match = engine.match(provider, provider.published(), query)
        ids = list(every_match.order_by().values_list("pk", flat=True)[: MAX_INLINE_IDS + 1])
        if not ids:
            continue
        unnarrowed = (
            provider.model._default_manager.filter(pk__in=ids)
            if len(ids) <= MAX_INLINE_IDS
            else every_match
        )
        facets = provider.facets(unnarrowed, params)
        count = facets.pop("total")
        if not count:
            continue
        type_rows.append({"value": provider.name, "label": provider.label, "count": count})
        if wanted_type and provider.name != wanted_type:
            continue
        results.total += count
        for dimension, rows in facets.items():
            _merge(merged.setdefault(dimension, {}), rows)
        candidates.append((provider, matched))
    if refused and not accepted:
        results.errors.update(refused)
    if results.errors:
        results.total = 0
        return results
    results.facets = {"type": type_rows} | {
        dimension: sorted(rows.values(), key=lambda r: (-r["count"], str(r["label"])))
        if dimension != "year"
        else sorted(rows.values(), key=lambda r: -int(r["value"]))
        for dimension, rows in merged.items()
    }
    # Each provider's best `offset + limit`, merged, is enough to fill the page.
    ranked = []
    for provider, matched in candidates:
        for pk, rank, date in engine.ranked(provider, matched, query, offset + limit, newest):
            ranked.append((provider, pk, rank, sortable(date)))
    key = (lambda r: (r[3], r[1])) if newest else (lambda r: (r[2], r[3], r[1]))
    ranked.sort(key=key, reverse=True)
    page = ranked[offset : offset + limit]
    found = {}  # (provider, pk) -> (object, snippet)
    for provider in {row[0] for row in page}:
        pks = [pk for p, pk, _, _ in page if p is provider]
        objects = provider.for_display(provider.model._default_manager.filter(pk__in=pks))
        snippets = engine.snippets(provider, pks, query)
        for obj in objects:
            found[provider, obj.pk] = (obj, snippets.get(obj.pk, ""))
    results.hits = [
        Hit(provider, found[provider, pk][0], rank, highlight(found[provider, pk][1]))
        for provider, pk, rank, _ in page
    ]
    return results


# -- The archive's own provider -----------------------------------------------------------


class ArticleSearchProvider(SearchProvider):
    name = "article"
    label = "Writing"
    weights = {"A": ["title", "alt_title"], "B": ["standfirst"], "C": ["introduction", "body"]}
    snippet_fields = ["standfirst", "introduction", "body"]
    template = "includes/search_hit_article.html"
    dimensions = ("kind", "country", "theme", "outlet", "year")
    order = 10

    model = Article

    def published(self):
        return self.model.objects.published()

    def filter(self, queryset, params):
        filterset = ArticleFilter(params, queryset=queryset)
        if not filterset.is_valid():
            return queryset.none(), {
                name: " ".join(messages) for name, messages in filterset.errors.items()
            }
        return filterset.qs, {}

    def facets(self, queryset, params):
        return article_facets(ArticleFilter(params or None, queryset=queryset))

    def for_display(self, queryset):
        return queryset.for_listing()


register(ArticleSearchProvider)
