"""The database side of search: a stored, indexed text-search document per searchable row.

PostgreSQL: a STORED generated `tsvector` column (`search_vector`) with a GIN index, built
from the model's weighted columns (A = titles, B = standfirsts, C = bodies) in the
`archive_english` text search configuration: English stemming after `unaccent`, so "Tajik"
finds "Tājik". The database keeps it current on every INSERT and UPDATE, bulk ones included.
The column is deliberately not a model field: Django would load the large vector with every
row of every listing, and the model must stay portable to SQLite. Search reaches it through
`vector_column()`, which follows Django's table aliases (subqueries rename tables).

SQLite: an FTS5 table `<table>_fts` (porter stemming, diacritics removed) kept current by
triggers. It is (re)built after every `migrate`, not in a migration, because SQLite's schema
editor rebuilds a table on most ALTERs, which silently drops its triggers.

Another app makes its model searchable with one operation in its own migration:

    from archive.search_index import AddSearchVector
    AddSearchVector("appearance", {"A": ["title"], "B": ["summary"], "C": ["notes"]})

and a provider with the same `weights` in its `search.py` (see `archive.search`).
"""

from django.db import connection as default_connection
from django.db.migrations.operations.base import Operation
from django.db.models import Expression
from django.db.models.expressions import Col

PG_CONFIG = "archive_english"
VECTOR_COLUMN = "search_vector"
# Ranking reads a second, small vector of the A and B fields only (titles, standfirsts):
# ts_rank over the whole text cost ~15 µs a match (5.5 ms for 324 matches at 10,000
# articles), over titles and standfirsts ~5 µs. Titles still rank above standfirsts above
# bodies; matches in the body alone tie, and are ordered newest first.
RANK_COLUMN = "search_rank_vector"
RANK_WEIGHTS = ("A", "B")
# bm25 column weights on SQLite, in the ratio of PostgreSQL's default ts_rank weights
# (A 1.0, B 0.4, C 0.2), so both databases rank titles above standfirsts above bodies.
FTS_WEIGHTS = {"A": 5.0, "B": 2.0, "C": 1.0, "D": 0.5}


def _concat(columns, prefix=""):
    quoted = [f"coalesce({prefix}\"{column}\", '')" for column in columns]
    return " || ' ' || ".join(quoted)


def postgres_vector_sql(weights, column_of, split=()):
    """The generated column's expression: weighted, unaccented, stemmed.

    PostgreSQL's parser keeps a host name ("Reuters.com") as one token, where SQLite's
    splits it; fields in `split` have their dots turned into spaces first, so "reuters"
    finds "Reuters.com" on both.
    """

    def text(fields):
        parts = []
        for name in fields:
            column = f"coalesce(\"{column_of(name)}\", '')"
            parts.append(f"translate({column}, '.', ' ')" if name in split else column)
        return " || ' ' || ".join(parts)

    parts = [
        f"setweight(to_tsvector('{PG_CONFIG}'::regconfig, {text(fields)}), '{letter}')"
        for letter, fields in sorted(weights.items())
    ]
    return " || ".join(parts)


class CreateSearchConfiguration(Operation):
    """PostgreSQL only: the `archive_english` configuration (english_stem after unaccent).

    Needs the `unaccent` extension (django.contrib.postgres's UnaccentExtension) first.
    """

    reversible = True

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f"CREATE TEXT SEARCH CONFIGURATION {PG_CONFIG} (COPY = pg_catalog.english)"
        )
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {PG_CONFIG} "
            "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem"
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {PG_CONFIG}")

    def describe(self):
        return f"Create the {PG_CONFIG} text search configuration (PostgreSQL only)"


class AddSearchVector(Operation):
    """PostgreSQL only: the generated `search_vector` column and its GIN index.

    `weights` maps A/B/C/D to model field names. On SQLite this does nothing: the FTS5
    index is built after migrate from the registered provider (see `ensure_sqlite_indexes`).
    """

    reversible = True

    def __init__(self, model_name, weights, split=()):
        self.model_name = model_name
        self.weights = weights
        self.split = tuple(split)

    def deconstruct(self):
        return (self.__class__.__name__, [self.model_name, self.weights], {"split": self.split})

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = to_state.apps.get_model(app_label, self.model_name)
        table = model._meta.db_table
        expression = postgres_vector_sql(
            self.weights, lambda name: model._meta.get_field(name).column, self.split
        )
        rank_weights = {
            letter: fields for letter, fields in self.weights.items() if letter in RANK_WEIGHTS
        } or self.weights
        rank_expression = postgres_vector_sql(
            rank_weights, lambda name: model._meta.get_field(name).column, self.split
        )
        schema_editor.execute(
            f'ALTER TABLE "{table}" ADD COLUMN {VECTOR_COLUMN} tsvector '
            f"GENERATED ALWAYS AS ({expression}) STORED, "
            f"ADD COLUMN {RANK_COLUMN} tsvector GENERATED ALWAYS AS ({rank_expression}) STORED"
        )
        # fastupdate off: new rows go straight into the index rather than a pending list,
        # which the planner prices so high (until a VACUUM) that it falls back to a seq scan.
        # Writes are rare here; searches are not.
        schema_editor.execute(
            f'CREATE INDEX "{table}_search_idx" ON "{table}" USING GIN ({VECTOR_COLUMN}) '
            "WITH (fastupdate = off)"
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = from_state.apps.get_model(app_label, self.model_name)
        schema_editor.execute(
            f'ALTER TABLE "{model._meta.db_table}" DROP COLUMN IF EXISTS {VECTOR_COLUMN}, '
            f"DROP COLUMN IF EXISTS {RANK_COLUMN}"
        )

    def describe(self):
        return f"Add a generated, GIN-indexed search vector to {self.model_name} (PostgreSQL)"


class _VectorTarget:
    """Just enough of a field for `Col` to name an unmodelled column."""

    def __init__(self, column):
        self.column = column

    def get_db_converters(self, connection):
        return []


class VectorColumn(Expression):
    """The model's `search_vector` (or `column`), under whatever alias the query gives it."""

    contains_column_references = True

    def __init__(self, column=VECTOR_COLUMN):
        super().__init__()
        self.column = column

    def resolve_expression(self, query=None, *args, **kwargs):
        from django.contrib.postgres.search import SearchVectorField

        target = _VectorTarget(self.column)
        return Col(query.get_initial_alias(), target, SearchVectorField())


def fts_table(model):
    return f"{model._meta.db_table}_fts"


def _sqlite_statements(model, weights):
    table, fts = model._meta.db_table, fts_table(model)
    pk = model._meta.pk.column
    letters = sorted(weights)
    columns = ", ".join(letter.lower() for letter in letters)

    def values(prefix):
        return ", ".join(
            _concat([model._meta.get_field(f).column for f in weights[letter]], prefix)
            for letter in letters
        )

    delete = f'DELETE FROM {fts} WHERE rowid = old."{pk}";'  # noqa: S608 - names from model metadata
    insert = f'INSERT INTO {fts}(rowid, {columns}) VALUES(new."{pk}", {values("new.")});'
    triggers = {
        f"{fts}_ai": f'AFTER INSERT ON "{table}" BEGIN {insert} END',
        f"{fts}_ad": f'AFTER DELETE ON "{table}" BEGIN {delete} END',
        f"{fts}_au": f'AFTER UPDATE ON "{table}" BEGIN {delete} {insert} END',
    }
    create = (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({columns}, "
        "tokenize='porter unicode61 remove_diacritics 2')"
    )
    fill = f'INSERT INTO {fts}(rowid, {columns}) SELECT "{pk}", {values("")} FROM "{table}"'  # noqa: S608 - names from model metadata
    return create, triggers, fill


def ensure_sqlite_indexes(providers, using=None):
    """Create any missing FTS5 table or trigger, and refill an index that was missing one."""
    from django.db import connections

    connection = connections[using] if using else default_connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        existing = {
            name for (name,) in cursor.execute("SELECT name FROM sqlite_master").fetchall()
        }
        for provider in providers:
            model = provider.model
            if model._meta.db_table not in existing:
                continue  # not migrated yet
            create, triggers, fill = _sqlite_statements(model, provider.weights)
            complete = fts_table(model) in existing and set(triggers) <= existing
            if complete:
                continue
            cursor.execute(f"DROP TABLE IF EXISTS {fts_table(model)}")
            cursor.execute(create)
            for name, body in triggers.items():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                cursor.execute(f"CREATE TRIGGER {name} {body}")
            cursor.execute(fill)
