"""The database half of site search: matching, ranking and quoting, per database vendor.

PostgreSQL matches the stored, GIN-indexed vector with `websearch_to_tsquery`, ranks with
`ts_rank` over the small title-and-standfirst vector (see `search_index.RANK_COLUMN`) and
quotes with `ts_headline`. SQLite matches its FTS5 table with the same syntax translated
(`search.fts5_expression`), ranks by bm25 with the same weight ratio and quotes with
`snippet()`. Both hand the engine SQL it can combine: every provider's ranked rows come back
in one UNION ALL query, and each page's rows carry their snippet, so a search costs the same
few queries whatever the size of the archive.
"""

from datetime import UTC, datetime

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import (
    Cast,
    Coalesce,
    Concat,
    Greatest,
    Left,
    NullIf,
    Substr,
)
from django.utils.dateparse import parse_date, parse_datetime

from . import search_index

SNIPPET_SOURCE_CHARS = 20_000
SNIPPET_WINDOW, SNIPPET_LEAD = 1_500, 150  # PostgreSQL quotes from this much, from this before
START, STOP = "\x02", "\x03"  # highlight markers: cannot occur in typed text (stripped)


def sql_of(queryset):
    """A queryset's SQL and parameters, to combine with others in one statement."""
    return queryset.query.get_compiler(using=queryset.db).as_sql()


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


class Backend:
    # What a row linked to a vocabulary name the query names (`search_names`) adds to its
    # rank: as much as the words in its title would, so "pantucci" ranks his pieces first.
    name_bonus = 1.0

    def text_q(self, provider, query):
        """A condition: the row's text matches `query` (a parsed query)."""
        raise NotImplementedError

    def match(self, provider, queryset, query, named=None, condition=None):
        """`queryset`'s rows that match: their text matches `query` or (`named`, a subquery
        of ids) they are linked to what the whole query names; or, given `condition`
        (`SearchProvider.parts_condition`), the rows it admits."""
        if condition is not None:
            return self._searchable(queryset).filter(condition)
        found = self.text_q(provider, query)
        if named is not None:
            found |= Q(pk__in=named)
        return self._searchable(queryset).filter(found)

    def _searchable(self, queryset):
        return queryset

    def rankedsql_of(self, provider, queryset, query, limit, newest, named=None, condition=None):
        """SQL (and params) for the best `limit` rows of `queryset` (published, narrowed,
        not yet matched) as (pk, rank, date). `named`, if given, is a subquery of ids that
        match by name even where their text does not; `condition`, as for `match`."""
        raise NotImplementedError

    def ranked_union(self, parts, query, limit, newest, counts=None):
        """Every provider's best `limit` in one query: [(provider, pk, rank, date)].
        `parts` is [(provider, queryset, named ids or None, condition or None)]; `counts`,
        if given, is filled with {provider name: how many rows match in all} (ranking
        reads every match anyway: the count comes free)."""
        if not parts:
            return []
        sqls, params = [], []
        for n, (provider, queryset, named, condition) in enumerate(parts):
            sql, part_params = self.rankedsql_of(
                provider, queryset, query, limit, newest, named, condition
            )
            # The provider's position is a literal number, never visitor input.
            sqls.append(f"SELECT {n}, r{n}.* FROM ({sql}) r{n}")  # noqa: S608
            params.extend(part_params)
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(sqls), params)
            rows = cursor.fetchall()
        if counts is not None:
            counts.update({parts[n][0].name: total for n, _, _, _, total in rows})
        return [(parts[n][0], pk, rank or 0.0, self.date(date)) for n, pk, rank, date, _ in rows]

    def ranked(self, provider, matched, query, limit, newest=False, named=None):
        """One provider's best `limit` matches in `matched`: [(pk, rank, date)]."""
        rows = self.ranked_union([(provider, matched, named, None)], query, limit, newest)
        return [(pk, rank, date) for _, pk, rank, date in rows]

    def date(self, value):
        return value


class PostgresBackend(Backend):
    def _query(self, query):
        return SearchQuery(query.text, search_type="websearch", config=search_index.PG_CONFIG)

    def text_q(self, provider, query):
        return Q(_search=self._query(query))  # on the `_searchable` alias

    def _searchable(self, queryset):
        return queryset.alias(_search=search_index.VectorColumn())

    def rankedsql_of(self, provider, queryset, query, limit, newest, named=None, condition=None):
        rank = SearchRank(search_index.VectorColumn(search_index.RANK_COLUMN), self._query(query))
        if named is not None:
            rank = rank + Case(
                When(pk__in=named, then=Value(self.name_bonus)),
                default=Value(0.0),
                output_field=FloatField(),
            )
        ranked = self.match(provider, queryset, query, named, condition).annotate(
            _rank=rank,
            # One type for every provider's date (a date becomes midnight UTC).
            _date=Cast(provider.date_field, DateTimeField()),
        )
        by_date = F("_date").desc(nulls_last=True)
        order = [by_date, "-pk"] if newest else ["-_rank", by_date, "-pk"]
        ranked = ranked.annotate(_total=Window(Count("pk")))
        return sql_of(
            ranked.order_by(*order).values_list("pk", "_rank", "_date", "_total")[:limit]
        )

    def _window(self, text, query):
        """The parts of `text` around the first place each searched word starts.

        ts_headline parses everything it is given (23 ms for twenty 7,000-character
        articles, most of a search page's time); a regular expression finds where a word
        starts far faster (1.5 ms), and quoting from 1,500 characters takes 2 ms. Each word
        gets its own stretch, so that a quote can show them all (ts_headline highlights
        only where every word of an AND query is in reach). A word's first letters stand
        in for its stem ("energ" finds "energies"); a word not found (an unaccented query
        for accented text) gets the text's start.
        """
        words = query.first_words()[:4]
        if not words:
            return Left(text, SNIPPET_WINDOW)
        length = SNIPPET_WINDOW // len(words)
        parts = []
        for word in words:
            found = Func(
                text,
                Value(r"\m" + word[: max(4, len(word) - 2)]),  # \m: where a word starts
                Value(1),
                Value(1),
                Value(0),
                Value("i"),
                function="regexp_instr",
                output_field=IntegerField(),
            )
            start = Greatest(Coalesce(NullIf(found, Value(0)), Value(1)) - SNIPPET_LEAD, 1)
            if parts:
                parts.append(Value(" … "))
            parts.append(Substr(text, start, length))
        return Concat(*parts, output_field=TextField()) if len(parts) > 1 else parts[0]

    def with_snippets(self, provider, queryset, query):
        if not provider.snippet_fields:
            return queryset.annotate(_snippet=Value("", output_field=TextField()))
        return queryset.annotate(
            _snippet=SearchHeadline(
                self._window(_snippet_source(provider), query),
                self._query(query),
                config=search_index.PG_CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )


class SQLiteBackend(Backend):
    name_bonus = 10.0  # bm25 runs higher than ts_rank: about a title match's worth

    def text_q(self, provider, query):
        from .search_query import fts5_expression

        # Table names come from model metadata; the visitor's text is only ever a parameter.
        fts = search_index.fts_table(provider.model)
        return Q(
            pk__in=RawSQL(  # noqa: S611
                f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s",  # noqa: S608
                (fts5_expression(query),),
            )
        )

    def rankedsql_of(self, provider, queryset, query, limit, newest, named=None, condition=None):
        from .search_query import fts5_expression

        fts = search_index.fts_table(provider.model)
        weights = ", ".join(
            str(search_index.FTS_WEIGHTS[letter]) for letter in sorted(provider.weights)
        )
        if condition is not None:
            # The condition admits the rows (`match`); the whole query's text ranks them.
            queryset = queryset.filter(condition)
        rows = (
            queryset.order_by()
            .annotate(_k=F("pk"), _d=F(provider.date_field))
            .values_list("_k", "_d")
        )
        rows_sql, rows_params = sql_of(rows)
        # FTS5 finds and ranks the matches; the ORM's published, narrowed rows are joined in.
        order = "d DESC NULLS LAST, pk DESC" if newest else "r DESC, d DESC NULLS LAST, pk DESC"
        if named is not None or condition is not None:
            # Rows found by name need not match the text: the text's matches are joined
            # in (with their bm25), not required.
            named_sql, named_params = sql_of(named) if named is not None else ("SELECT NULL", ())
            # Without a condition, a row is in if its text matches or a name links it.
            where, where_params = (
                ("", ()) if condition is not None
                else (f'WHERE m.rowid IS NOT NULL OR t."_k" IN ({named_sql}) ', named_params)
            )  # fmt: skip
            # The text's matches are ranked once, then joined: left to itself, SQLite asked
            # FTS5 again for each row the names let in.
            sql = (
                f"WITH m AS MATERIALIZED (SELECT rowid, -bm25({fts}, {weights}) AS r "  # noqa: S608
                f"FROM {fts} WHERE {fts} MATCH %s) "
                f'SELECT t."_k" AS pk, coalesce(m.r, 0) + CASE WHEN t."_k" IN ({named_sql}) '
                f'THEN {self.name_bonus} ELSE 0 END AS r, t."_d" AS d, count(*) OVER () AS n '
                f'FROM ({rows_sql}) t LEFT JOIN m ON m.rowid = t."_k" '
                f"{where}ORDER BY {order} LIMIT {int(limit)}"
            )
            return sql, (fts5_expression(query), *named_params, *rows_params, *where_params)
        # As above, the matches are ranked once, then joined: joined to FTS5 directly, rows
        # that are themselves a MATCH (`match()`'s queryset) made SQLite ask FTS5 again for
        # every match, 8.7 s for a query every article holds at the large scale.
        sql = (
            f"WITH m AS MATERIALIZED (SELECT rowid, -bm25({fts}, {weights}) AS r "  # noqa: S608
            f"FROM {fts} WHERE {fts} MATCH %s) "
            f'SELECT t."_k" AS pk, m.r AS r, t."_d" AS d, count(*) OVER () AS n '
            f'FROM ({rows_sql}) t JOIN m ON m.rowid = t."_k" '
            f"ORDER BY {order} LIMIT {int(limit)}"
        )
        return sql, (fts5_expression(query), *rows_params)

    def date(self, value):
        # Raw rows bypass the ORM's converters: SQLite returns its stored text (or a naive
        # datetime, which it stores in UTC).
        if isinstance(value, str):
            value = parse_date(value) if len(value) == 10 else parse_datetime(value)
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value

    def with_snippets(self, provider, queryset, query):
        from .search_query import fts5_expression

        if not provider.snippet_fields:
            return queryset.annotate(_snippet=Value("", output_field=TextField()))
        fts = search_index.fts_table(provider.model)
        table, pk = provider.model._meta.db_table, provider.model._meta.pk.column
        # Quote from the body column (the last weight), where the context is.
        column = len(provider.weights) - 1
        return queryset.annotate(
            _snippet=RawSQL(  # noqa: S611
                f"SELECT snippet({fts}, {column}, %s, %s, ' … ', 30) FROM {fts} "  # noqa: S608
                f'WHERE {fts} MATCH %s AND {fts}.rowid = "{table}"."{pk}"',
                (START, STOP, fts5_expression(query)),
                output_field=TextField(),
            )
        )


def backend():
    return PostgresBackend() if connection.vendor == "postgresql" else SQLiteBackend()
