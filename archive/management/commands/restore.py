"""Restore a backup made by `manage.py backup` into an empty database (see archive/backup)."""

import dj_database_url
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections

from archive import backup
from archive.backup.databases import connect


class Command(BaseCommand):
    help = (
        "Restore the database and media files of a backup archive, checking every checksum "
        "first and the row counts after. Refuses a database that holds content unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The backup-….tar.gz file.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that holds content, and media files that differ.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument(
            "--database-url",
            help="Restore into this database instead (e.g. a scratch one, to test a backup). "
            "Give the password in PGPASSWORD rather than here.",
        )
        parser.add_argument(
            "--media-root", help="Write the media files here instead of MEDIA_ROOT."
        )

    def handle(self, *args, archive, force, database, database_url, media_root, **options):
        if database_url:
            settings = {
                **connections[database].settings_dict,
                **dj_database_url.parse(database_url),
            }
            connection = connect(settings)
        else:
            connection = connections[database]
        try:
            manifest, written = backup.restore(connection, archive, media_root, force=force)
        finally:
            if database_url:
                connection.close()
        rows = sum(manifest["database"]["tables"].values())
        self.stdout.write(
            f"Restored the backup of {manifest['created']}: {rows} rows in "
            f"{len(manifest['database']['tables'])} tables and {written} media files, every "
            "checksum and row count verified. Run `manage.py migrate` if the code is newer."
        )
