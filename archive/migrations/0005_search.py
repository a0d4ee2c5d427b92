"""Full-text search: on PostgreSQL, unaccent, the archive_english configuration and a stored,
GIN-indexed search vector on articles (see archive/search_index.py). On SQLite these
operations do nothing; the FTS5 index is built after migrate."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

from archive.search_index import AddSearchVector, CreateSearchConfiguration


class Migration(migrations.Migration):
    dependencies = [("archive", "0004_perf_indexes")]

    operations = [
        # CreateExtension operations already skip databases other than PostgreSQL.
        UnaccentExtension(),
        CreateSearchConfiguration(),
        AddSearchVector(
            "article",
            {"A": ["title", "alt_title"], "B": ["standfirst"], "C": ["introduction", "body"]},
        ),
    ]
