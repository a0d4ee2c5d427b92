"""Dumping and loading the whole database, consistently, for `backup` and `restore`.

PostgreSQL: `pg_dump` in its custom format, reading a snapshot exported by a
repeatable-read transaction in which the rows are also counted, so the counts describe
exactly what the dump holds; `pg_restore` loads it in one transaction. Connection
details reach both tools through the environment (PGPASSWORD...), never their command
line, which any user of the machine can read. SQLite: the online backup API
(`sqlite3.Connection.backup`), page by page, in both directions.
"""

import os
import re
import shutil
import sqlite3
import subprocess

from django.core.management.base import CommandError
from django.db.utils import ConnectionHandler

# Tables `migrate` fills by itself: a database holding rows only there holds no content.
MIGRATION_FILLED = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "archive_country",
}


def connect(settings_dict):
    """A connection of its own (own session, own transaction) to the database described."""
    # Its own handler, so the site's `connections` never hand it out (it is this handler's
    # "default" only: transaction helpers taking an alias would not reach it).
    return ConnectionHandler({"default": {**settings_dict}})["default"]


def table_counts(connection, tables=None):
    """{table: rows} for every table (or those named), in one transaction."""
    with connection.cursor() as cursor:
        tables = tables or sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from the catalogue
            counts[table] = cursor.fetchone()[0]
    return counts


def tables_with_content(connection):
    """The tables of the site's models that hold rows `migrate` did not put there."""
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
    tables = sorted(connection.introspection.django_table_names(only_existing=False))
    tables = [t for t in tables if t in existing and t not in MIGRATION_FILLED]
    return [table for table, rows in table_counts(connection, tables).items() if rows]


class PostgreSQL:
    vendor = "postgresql"
    dump_name = "database.dump"

    def __init__(self, connection):
        self.connection = connection

    def environment(self):
        """The tools' connection settings, as libpq reads them from the environment."""
        settings = self.connection.settings_dict
        _, env = self.connection.client.settings_to_cmd_args_env(settings, [])
        env = {**os.environ, **(env or {})}
        for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
            if settings.get(key):
                env[name] = str(settings[key])
        env["PGDATABASE"] = settings["NAME"]
        return env

    def tool(self, name):
        path = shutil.which(name)
        if path is None:
            raise CommandError(
                f"{name} was not found. Install the PostgreSQL client of the server's version "
                "or newer (Debian: apt-get install postgresql-client)."
            )
        result = subprocess.run(  # noqa: S603 - our own arguments, no shell
            [path, "--version"], capture_output=True, text=True, check=True
        )
        version = re.search(r"(\d+)(?:\.(\d+))?", result.stdout)
        major = int(version.group(1))
        server = self.connection.pg_version // 10000
        if major < server:
            raise CommandError(
                f"{name} {version.group(0)} cannot read a PostgreSQL {server} server: "
                f"install the client of version {server} or newer."
            )
        return path, version.group(0)

    def server_version(self):
        version = self.connection.pg_version
        return f"PostgreSQL {version // 10000}.{version % 10000}"

    def dump(self, path):
        """Write the dump to `path`: (rows per table, versions), both from one snapshot."""
        pg_dump, tool_version = self.tool("pg_dump")
        snapshot = connect(self.connection.settings_dict)
        try:
            snapshot.set_autocommit(False)
            with snapshot.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot_id = cursor.fetchone()[0]
            counts = table_counts(snapshot)
            # While the transaction is open, pg_dump reads exactly what was counted.
            self.run(
                [pg_dump, "--format=custom", f"--snapshot={snapshot_id}", f"--file={path}"],
                "pg_dump",
            )
            snapshot.rollback()
        finally:
            snapshot.close()
        versions = {"database": self.server_version(), "pg_dump": tool_version}
        return counts, versions

    def load(self, path):
        pg_restore, _ = self.tool("pg_restore")
        self.connection.close()  # nothing of ours holds a lock on what is dropped
        self.run(
            [
                pg_restore,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={self.connection.settings_dict['NAME']}",
                str(path),
            ],
            "pg_restore",
        )

    def run(self, args, name):
        result = subprocess.run(  # noqa: S603 - our own arguments, no shell
            args, env=self.environment(), capture_output=True, text=True, check=False
        )
        if result.returncode:
            raise CommandError(f"{name} failed: {result.stderr.strip()}")


class SQLite:
    vendor = "sqlite"
    dump_name = "database.sqlite3"

    def __init__(self, connection):
        self.connection = connection

    def server_version(self):
        return f"SQLite {sqlite3.sqlite_version}"

    def dump(self, path):
        self.connection.ensure_connection()
        copy = sqlite3.connect(path)
        try:
            self.connection.connection.backup(copy)
        finally:
            copy.close()
        # Counted in the copy itself: exactly what the archive holds.
        copied = connect({**self.connection.settings_dict, "NAME": str(path)})
        try:
            counts = table_counts(copied)
        finally:
            copied.close()
        return counts, {"database": self.server_version()}

    def load(self, path):
        self.connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(self.connection.connection)
        finally:
            source.close()


def for_connection(connection):
    engines = {"postgresql": PostgreSQL, "sqlite": SQLite}
    if connection.vendor not in engines:
        raise CommandError(f"Backing up a {connection.vendor} database is not supported.")
    return engines[connection.vendor](connection)
