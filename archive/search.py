"""Site search: a registry of providers, one per searchable model, and the engine over them.

Each app registers a `SearchProvider` from its own `search.py` (found with
`autodiscover_modules("search")` when the archive app is ready), so archive never imports
the others. A provider says what is public (`published()`), which fields weigh A/B/C
(mirrored by its `AddSearchVector` migration), which facets it knows and how a hit looks.

The query language lives in `search_query` (parsing, the FTS5 translation, highlighting);
matching, ranking and quoting per database in `search_backends`. A search costs the same
few queries whatever the size of the archive (see `search()`).
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, time

from django.db import connection
from django.db.models import Case, CharField, Count, DateTimeField, Exists, F, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, ExtractYear, Lower, Substr
from django.db.models.lookups import In
from django.utils import timezone

from . import search_names
from .cache import per_generation
from .filters import ArticleFilter
from .models import Article, AuthorProfile, ThemedItem
from .search_backends import backend
from .search_backends import sql_of as _sql
from .search_query import Query, highlight, parse_query

PAGE_SIZE = 20
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
    """One searchable model. Subclass, fill in the attributes, register it.

    A provider with facets names a `filterset_class` (its public list's filters, which
    validate the values and narrow) and the `dimensions` it understands; the counts come
    from `facet_querysets`, which the engine runs as one UNION ALL query.
    """

    name = ""  # the ?type= value
    label = ""  # shown in the Type facet
    model = None
    weights = {}  # {"A": [fields], "B": [...], "C": [...]}: as in the AddSearchVector migration
    snippet_fields = []  # the text ts_headline / snippet() quotes from
    date_field = "published_at"
    year_field = "published_at"  # what the year facet counts
    template = ""  # renders one hit; gets `hit` (object, snippet, provider) in its context
    dimensions = ()  # the facet names (besides type) this provider understands
    # A dimension every row has exactly one value of: its counts sum to the total (which
    # spares a COUNT). Without one, `facet_querysets` counts a "total" dimension.
    total_from = "total"
    filterset_class = None
    kinds = {}  # the kind facet's labels
    order = 100
    # Cited sources and the like: listed after the author's own work, whatever their rank.
    secondary = False
    # How a row links to the vocabulary a query may name (see `search_names`):
    # {"outlet": "outlet", "country": "countries", "person": "authors"} as ORM paths, and
    # "theme": True for the themes every themed model shares.
    name_paths = {}
    # Every row is the author's, whoever else it names (an appearance: her part is its own
    # `author_role`): a query naming her finds all of them.
    made_by_author = False

    def published(self):
        raise NotImplementedError

    def prepare(self, params):
        """Check the active facet values in `params`: (state for `narrow`, {name: error})."""
        if self.filterset_class is None:
            return None, {}
        filterset = self.filterset_class(
            {name: params[name] for name in self.dimensions if name in params},
            queryset=self.model._default_manager.none(),
        )
        if not filterset.is_valid():
            return None, {name: " ".join(m) for name, m in filterset.errors.items()}
        return filterset, {}

    def narrows(self, state, skip=None):
        """The active facets, [(name, cleaned value)], but `skip`'s."""
        if state is None:
            return []
        return [
            (name, value)
            for name, value in state.form.cleaned_data.items()
            if value not in (None, "") and name != skip
        ]

    def narrow(self, queryset, state, skip=None):
        """`queryset` narrowed by every active facet but `skip`'s, re-selected by id so
        that counting and ranking need no DISTINCT."""
        active = self.narrows(state, skip)
        if not active:
            return queryset
        for name, value in active:
            queryset = state.filters[name].filter(queryset, value)
        return self.model._default_manager.filter(pk__in=queryset.order_by().values("pk"))

    def facet_querysets(self, matched, state, matched_ids=None):
        """{dimension: a values() queryset of (value, label, n)}, each dimension counted over
        `matched` (a queryset of this provider's published matches) with every active facet
        applied but its own: a row's count is what clicking it lists. `matched_ids`, if
        given, is the same rows' ids as a subquery, which related tables join directly."""
        if not self.dimensions:
            return {
                "total": matched.values(value=Value(""), label=Value("")).annotate(n=Count("pk"))
            }

        def rows(dimension):
            return self.narrow(matched, state, skip=dimension).order_by()

        def ids(dimension):
            narrowed = rows(dimension)
            if matched_ids is not None and not self.narrows(state, skip=dimension):
                return matched_ids
            return narrowed.values("pk")

        pk_name = self.model._meta.model_name
        year = _year_key(self.model._meta.get_field(self.year_field))
        return {
            "kind": rows("kind").values(value=F("kind"), label=F("kind")).annotate(n=Count("pk")),
            "outlet": rows("outlet")
            .values(value=F("outlet__slug"), label=F("outlet__name"))
            .annotate(n=Count("pk")),
            "year": rows("year").values(value=year, label=year).annotate(n=Count("pk")),
            "country": self.model.countries.through.objects.filter(
                **{f"{pk_name}_id__in": ids("country")}
            )
            .values(value=Lower("country__code"), label=F("country__name"))
            .annotate(n=Count("pk")),
            "theme": ThemedItem.objects.filter(
                content_type__app_label=self.model._meta.app_label,
                content_type__model=self.model._meta.model_name,
                object_id__in=ids("theme"),
            )
            .values(value=F("tag__slug"), label=F("tag__name"))
            .annotate(n=Count("pk")),
        }

    def facet_label(self, dimension, value, label):
        return self.kinds.get(value, label) if dimension == "kind" else label

    def for_display(self, queryset):
        """What a hit's template shows, and nothing more."""
        return queryset

    def named_ids(self, names):
        """The ids (a subquery) of rows linked to any of `names` ({kind: rows}, from
        `search_names.named`), or None if this provider links to none of them."""
        found = []
        for kind, rows in names.items():
            path = self.name_paths.get(kind)
            if not path or not rows:
                continue
            found.append(self._linked_ids(kind, path, [row.pk for row in rows]))
        if not found:
            return None
        if len(found) == 1:
            return found[0]
        q = Q()
        for ids in found:
            q |= Q(pk__in=ids)
        return self.model._default_manager.filter(q).order_by().values("pk")

    def _linked_ids(self, kind, path, pks):
        """The ids of rows linked to `pks` of `kind`, read from the link table alone where
        there is one (a row's own table is wide: its body is in it)."""
        if kind == "theme":
            return ThemedItem.objects.filter(
                content_type__app_label=self.model._meta.app_label,
                content_type__model=self.model._meta.model_name,
                tag_id__in=pks,
            ).values("object_id")
        linked = Q(**{f"{path}__in": pks})
        if kind == "person" and self.made_by_author:
            # The author is on every row, named on it or not.
            linked |= Q(Exists(AuthorProfile.objects.filter(person__in=pks)))
            return self.model._default_manager.filter(linked).values("pk")
        field = self.model._meta.get_field(path) if "__" not in path else None
        if field is not None and field.many_to_many:
            through = field.remote_field.through
            return through.objects.filter(**{f"{field.m2m_reverse_field_name()}__in": pks}).values(
                field.m2m_field_name()
            )
        return self.model._default_manager.filter(linked).values("pk")

    def parts_condition(self, parts, engine):
        """For a query read as names and words (`search_names.Parts`): the rows linked to
        each name or with its words in their text, and with the other words in their text."""
        condition = Q()
        for words, names in parts.spans:
            term = engine.text_q(self, parse_query(words))
            ids = self.named_ids(names)
            condition &= term | Q(pk__in=ids) if ids is not None else term
        if parts.rest:
            condition &= engine.text_q(self, parse_query(parts.rest))
        return condition


def _year_key(field):
    """What the year facet groups by, as text; `local_year` reads it.

    PostgreSQL extracts the year in the site's zone itself. SQLite's ExtractYear calls a
    Python function per row (70 ms of a 200 ms search matching 10,000 articles), so there a
    date's year is its first four characters, and a time stored in UTC is grouped by its
    UTC year, except on 31 December and 1 January, where it is grouped by the minute and
    converted in Python: the zone's offset can move only those into another year.
    """
    if connection.vendor == "postgresql":
        return Cast(ExtractYear(field.name), CharField())
    if not isinstance(field, DateTimeField):
        return Substr(Cast(field.name, CharField()), 1, 4)
    text = Cast(field.name, CharField())
    return Case(
        When(In(Substr(text, 6, 5), ["12-31", "01-01"]), then=Substr(text, 1, 16)),
        default=Substr(text, 1, 4),
        output_field=CharField(),
    )


def local_year(value):
    """The year a `_year_key` value stands for, in the site's zone."""
    value = str(value)
    if len(value) <= 4 or "-" not in value:
        return int(float(value))
    moment = datetime.fromisoformat(value.replace(" ", "T")).replace(tzinfo=UTC)
    return timezone.localtime(moment).year


def sortable(value):
    """Dates and datetimes of different providers, and missing dates, in one order."""
    if value is None:
        return datetime.min.replace(tzinfo=UTC)
    if not isinstance(value, datetime):
        return datetime.combine(value, time(12), tzinfo=UTC)
    return value


def _merge(into, rows):
    for row in rows:
        key = str(row["value"])
        if key in into:
            into[key]["count"] += row["count"]
        else:
            into[key] = dict(row)


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
    suggestions: list = field(default_factory=list)  # `search_names.Name`s, pages to visit
    errors: dict = field(default_factory=dict)  # {parameter: message} for bad facet values


def _matched_ids(provider):
    """The provider's matches, read from the query's common table expression."""
    return RawSQL(f'SELECT "pk" FROM "{_cte_name(provider)}"', ())  # noqa: S611, S608


def _cte_name(provider):
    return f"search_{provider.name}"


# The facets' UNION ALL, compiled, for searches without an active facet: it names the
# matches only through the common table expressions, so it is the same text and parameters
# for every query (building and compiling a dozen querysets is a third of a search's time).
_plain_facet_sql = {}


def _facet_union(plan):
    """The UNION ALL of every planned provider's facet GROUP BYs: (sql, params)."""
    key = (connection.vendor, timezone.get_current_timezone_name(), tuple(
        (provider.name, shown) for provider, state, shown in plan
    ))  # fmt: skip
    cacheable = not any(provider.narrows(state) for provider, state, _ in plan)
    if cacheable and key in _plain_facet_sql:
        return _plain_facet_sql[key]
    tagged = []
    for provider, state, shown in plan:
        ids = _matched_ids(provider)
        matched = provider.model._default_manager.filter(pk__in=ids)
        for dimension, queryset in provider.facet_querysets(matched, state, ids).items():
            # Another type's dimensions are not shown: only what its total needs is counted.
            if shown or dimension == provider.total_from:
                tagged.append(
                    queryset.order_by()
                    .values(
                        _provider=Value(provider.name),
                        _dimension=Value(dimension),
                        _value=F("value"),
                        _label=F("label"),
                    )
                    .annotate(_n=F("n"))
                )
    union = tagged[0].union(*tagged[1:], all=True) if len(tagged) > 1 else tagged[0]
    statement = _sql(union.order_by())
    if cacheable:
        _plain_facet_sql[key] = statement
    return statement


def _facet_rows(matches, plan, complements=frozenset()):
    """Every provider's facet counts in one query: [(provider, dimension, value, label, n)].

    `matches` is {provider: its published matches}; `plan` is [(provider, its `prepare`d
    state, whether its own facets are shown)]. Each provider's matches are found once, in
    a materialised common table expression: repeated in every dimension's subquery,
    PostgreSQL re-ran the full-text match for each (and, joined to the themes, once per
    themed row).

    For the providers in `complements` (none of whose facets is active), the published
    rows that do NOT match are counted instead, and their counts taken from those of every
    published row (`_facet_base`, kept per content generation): a query matching nearly
    everything ("security") then counts a few hundred rows, not ten thousand.
    """
    if not plan:
        return []
    union_sql, union_params = _facet_union(plan)
    ctes, params = [], []
    for provider, _, _ in plan:
        rows = matches[provider].order_by().values("pk")
        if provider in complements:
            rows = provider.published().order_by().exclude(pk__in=rows).values("pk")
        sql, cte_params = _sql(rows)
        ctes.append(f'"{_cte_name(provider)}" AS MATERIALIZED ({sql})')
        params.extend(cte_params)
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {', '.join(ctes)} {union_sql}", (*params, *union_params))
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    found = [
        (row["_provider"], row["_dimension"], row["_value"], row["_label"], row["_n"])
        for row in rows
    ]
    if not complements:
        return found
    left = {p.name for p in complements}
    counted = {}
    for name, dimension, value, label, n in _facet_base([p for p, _, _ in plan]):
        if name in left:
            counted[name, dimension, value, label] = n
    kept = []
    for name, dimension, value, label, n in found:
        if name in left:
            counted[name, dimension, value, label] -= n
        else:
            kept.append((name, dimension, value, label, n))
    return kept + [(*key, n) for key, n in counted.items() if n > 0]


def _facet_base(providers):
    """Every facet of `providers` counted over all their published rows, once per content
    generation (and zone: the year is the site's on PostgreSQL)."""

    def count():
        plan = [(provider, None, True) for provider in providers]
        return _facet_rows({p: p.published() for p in providers}, plan)

    names = ",".join(p.name for p in providers)
    key = f"search:facets:{connection.vendor}:{timezone.get_current_timezone_name()}:{names}"
    return per_generation(key, count)


# A query matching more than this share of a provider's published rows has its facets
# counted from the rows it does not match (`_facet_rows`).
COMPLEMENT_SHARE = 0.5


def _complements(plan, counts):
    """The planned providers whose facets are cheaper counted from the rows a query does
    not match: no facet of theirs is active and the query matches (`counts`, from the
    ranking) most of their published rows."""
    open_ = [p for p, state, _ in plan if not p.narrows(state) and counts.get(p.name)]
    if not open_:
        return frozenset()
    totals = {}
    for name, dimension, _, _, n in _facet_base([p for p, _, _ in plan]):
        if dimension == _providers[name].total_from:
            totals[name] = totals.get(name, 0) + n
    return frozenset(p for p in open_ if counts[p.name] > COMPLEMENT_SHARE * totals.get(p.name, 0))


def search(raw_query, params=None, offset=0, limit=PAGE_SIZE, newest=False):
    """Run a search over every registered provider: ranked hits for one page, facet counts.

    Whatever the size of the archive: one query counts every provider's facets (each
    dimension's GROUP BY filtered by the match itself, united with UNION ALL), one ranks
    every provider's best rows, and one per kind of record on the page fetches its rows
    with their snippets.
    """
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
    names = search_names.named(query, providers())
    # A longer query naming someone or something inside it ("pantucci china"): each name
    # is found by its links or its words, the rest by the words.
    parts = None if names else search_names.named_parts(query, providers())
    if parts:
        names = parts.names
    linked = {provider: provider.named_ids(names) for provider in providers()}
    conditions = {p: p.parts_condition(parts, engine) if parts else None for p in providers()}
    results.suggestions = search_names.suggestions(names)
    plan, narrowed, matches = [], {}, {}
    # A facet value one provider cannot read may be another's (a theme only appearances
    # carry, an appearance kind): it is an error only when no provider takes the values.
    refused, accepted = {}, False
    for provider in providers():
        if set(params) - set(provider.dimensions):
            continue  # this kind of record cannot carry the requested facet value
        state, errors = provider.prepare(params)
        if errors:
            refused.update(errors)
            continue
        accepted = True
        matches[provider] = engine.match(
            provider, provider.published(), query, linked[provider], conditions[provider]
        )
        plan.append((provider, state, not wanted_type or provider.name == wanted_type))
        narrowed[provider.name] = provider.narrow(provider.published(), state)
    if refused and not accepted:
        results.errors.update(refused)
    if results.errors:
        return results
    # Each provider's best `offset + limit`, merged, is enough to fill the page. Ranked
    # first: the ranking counts each provider's matches, which says how to count facets.
    counts = {}
    ranked = engine.ranked_union(
        [
            (provider, narrowed[provider.name], linked[provider], conditions[provider])
            for provider, _, _ in plan
            if not wanted_type or provider.name == wanted_type
        ],
        query,
        offset + limit,
        newest,
        counts,
    )
    totals, merged = {}, {}
    complements = _complements(plan, counts)
    for name, dimension, value, label, n in _facet_rows(matches, plan, complements):
        provider = _providers[name]
        if dimension == provider.total_from:
            wanted = params.get(dimension)
            if wanted is None or str(value) == str(wanted):
                totals[name] = totals.get(name, 0) + n
        if wanted_type and name != wanted_type:
            continue
        if dimension == "year":  # counted as text, so every dimension shares one column type
            value = label = local_year(value)
        if dimension != "total":
            label = provider.facet_label(dimension, value, label)
            _merge(
                merged.setdefault(dimension, {}), [{"value": value, "label": label, "count": n}]
            )
    type_rows = [
        {"value": p.name, "label": p.label, "count": totals[p.name]}
        for p in providers()
        if totals.get(p.name)
    ]
    results.total = sum(
        row["count"] for row in type_rows if row["value"] == wanted_type or not wanted_type
    )
    results.facets = {"type": type_rows} | {
        dimension: sorted(rows.values(), key=lambda r: (-r["count"], str(r["label"])))
        if dimension != "year"
        else sorted(rows.values(), key=lambda r: -int(r["value"]))
        for dimension, rows in merged.items()
    }
    if offset >= results.total:
        return results
    ranked = [(provider, pk, rank, sortable(date)) for provider, pk, rank, date in ranked]
    # The author's own work first, then (a lower section) the sources it cites.
    if newest:
        key = lambda r: (not r[0].secondary, r[3], r[1])  # noqa: E731
    else:
        key = lambda r: (not r[0].secondary, r[2], r[3], r[1])  # noqa: E731
    ranked.sort(key=key, reverse=True)
    page = ranked[offset : offset + limit]
    found = {}  # (provider, pk) -> object, with its snippet as `_snippet`
    for provider in {row[0] for row in page}:
        pks = [pk for p, pk, _, _ in page if p is provider]
        rows = provider.for_display(provider.model._default_manager.filter(pk__in=pks))
        for obj in engine.with_snippets(provider, rows, query):
            found[provider, obj.pk] = obj
    results.hits = [
        Hit(provider, found[provider, pk], rank, highlight(found[provider, pk]._snippet))
        for provider, pk, rank, _ in page
        if (provider, pk) in found
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
    total_from = "kind"
    filterset_class = ArticleFilter
    kinds = dict(Article.Kind.choices)
    order = 10
    name_paths = {"outlet": "outlet", "country": "countries", "person": "authors", "theme": True}
    # The day as the outlet printed it (in the article's own zone), as the year filter and
    # the date archives read it: 1 January 02:00 in Singapore is 2021 even in London.
    year_field = "published_on"

    model = Article

    def published(self):
        return self.model.objects.published()

    def for_display(self, queryset):
        return queryset.for_list_rows()


register(ArticleSearchProvider)
