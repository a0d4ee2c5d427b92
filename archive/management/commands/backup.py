"""Back up the database and the uploaded media into one dated archive (see archive/backup)."""

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections

from archive import backup


class Command(BaseCommand):
    help = (
        "Write backup-<UTC date and time>.tar.gz: a consistent dump of the database "
        "(pg_dump on PostgreSQL, the online backup API on SQLite), every media file, and a "
        "manifest with row counts and checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", default=".", help="The folder to write the archive into (default: here)."
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, output, database, **options):
        path, manifest = backup.create(connections[database], output)
        rows = sum(manifest["database"]["tables"].values())
        self.stdout.write(
            f"Wrote {path}: {len(manifest['database']['tables'])} tables ({rows} rows), "
            f"{manifest['media']['files']} media files."
        )
