"""Appearances in full-text search: the generated, GIN-indexed search vector on PostgreSQL
(archive/search_index.py); nothing on SQLite, whose FTS5 index is built after migrate."""

from django.db import migrations

from archive.search_index import AddSearchVector


class Migration(migrations.Migration):
    dependencies = [("appearances", "0001_initial"), ("archive", "0005_search")]

    operations = [
        AddSearchVector("appearance", {"A": ["title", "programme"], "B": ["kind"], "C": ["description"]}),
    ]
